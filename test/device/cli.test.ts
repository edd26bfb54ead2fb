// examples/device-cli as a user runs it: a child process that prints a code and a URL, while this test plays
// the user on the emulator's verification page over HTTP; the CLI then prints who signed in.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideOnDevice } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../examples/device-cli/cli.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without any real credentials in its environment; `onPrompt` gets the URL and code it printed. */
function runCli(args: string[], onPrompt: (shown: { verificationUri: string; userCode: string }) => Promise<void>): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_CLIENT_(ID|SECRET)$/.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let prompted = false;
  let acting: Promise<void> = Promise.resolve();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const shown = /open (\S+) and enter the code (\S+)/.exec(stdout);
    if (shown && !prompted) {
      prompted = true;
      acting = onPrompt({ verificationUri: shown[1]!, userCode: shown[2]! });
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      acting.then(() => resolve({ code, stdout, stderr }), reject);
    });
  });
}

describe('examples/device-cli', () => {
  it('signs in with a device code approved on the emulator\'s verification page', async () => {
    const run = await runCli(['github', '--interval', '1'], (shown) => decideOnDevice(shown, 'allow'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^To sign in to GitHub, open http:\/\/127\.0\.0\.1:\d+\/device and enter the code [A-Z]{4}-[A-Z]{4}$/m);
    expect(run.stdout).toContain('Signed in as Ada Lovelace (github id 4815162342)');
  }, 30_000);

  it('reports a denial with its error code and without the codes, and exits 1', async () => {
    let userCode = '';
    const run = await runCli(['microsoft', '--interval', '1'], (shown) => {
      userCode = shown.userCode;
      return decideOnDevice(shown, 'deny');
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^DEVICE_ACCESS_DENIED: /);
    expect(run.stderr).not.toContain(userCode);
  }, 30_000);
});
