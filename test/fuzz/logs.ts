// What the library itself writes while a fuzz file runs (console and process warnings): none of it may hold
// a planted secret. The library logs nothing on these paths today; this keeps it that way.
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { PLANTED_SECRETS } from './helpers.ts';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Records console output and process warnings for the file; fails the file if any holds a planted secret. */
export function watchLogs(extraSecrets: () => readonly string[] = () => []): void {
  const written: string[] = [];
  beforeAll(() => {
    for (const method of CONSOLE_METHODS) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '));
      });
    }
    vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
      written.push(typeof warning === 'string' ? warning : inspect(warning, { depth: 8 }));
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
    const secrets = [...PLANTED_SECRETS, ...extraSecrets()];
    const leaks = written.filter((text) => secrets.some((secret) => text.includes(secret)));
    expect(leaks, 'log lines holding a planted secret').toEqual([]);
  });
}
