// `oauth-registry check`: validation, then the emulator's full flow, negatives and mutants, per manifest.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

async function check(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCheckCommand(argv, (text) => lines.push(...text.split('\n')));
  return { code, lines };
}

describe('oauth-registry check', () => {
  it('runs the flow, the negatives and one mutant per quirk, and passes a consistent manifest', async () => {
    const { code, lines } = await check(join(FIXTURES, 'check', 'acme-check.yaml'));
    expect(lines).toEqual([
      join(FIXTURES, 'check', 'acme-check.yaml'),
      '  ✓ full flow — token, profile, refresh',
      '  ✓ refuses a callback with the wrong state',
      '  ✓ refuses denied consent',
      '  ✓ refuses a reused authorization code',
      '  ✓ refuses a wrong PKCE verifier',
      '  ✓ a client ignoring authorization.scope.delimiter is rejected',
      '  ✓ a client ignoring token.clientAuth is rejected',
      'check: 1 manifest passed',
    ]);
    expect(code).toBe(0);
  });

  it('fails a manifest whose flow cannot complete, saying why', async () => {
    const { code, lines } = await check('--no-mutations', join(FIXTURES, 'check', 'same-path.yaml'));
    expect(lines[1]).toMatch(/^ {2}✗ full flow — profile id ada\.emulated is not the emulated user$/);
    expect(lines.at(-1)).toBe('check: failed');
    expect(code).toBe(1);
  });

  it('reports an invalid manifest with its line and runs nothing for it', async () => {
    const { code, lines } = await check('--json', join(FIXTURES, 'broken', 'typo-field.yaml'));
    const report = JSON.parse(lines.join('\n')) as { passed: boolean; files: { valid: boolean; errors: string[]; results: unknown[] }[] };
    expect(report.passed).toBe(false);
    expect(report.files[0]).toMatchObject({ valid: false, results: [] });
    expect(report.files[0]!.errors[0]).toMatch(/^\d+:\d+ /);
    expect(code).toBe(1);
  });
});
