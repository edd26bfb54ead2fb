// Fresh plain-node processes: the cold-start and import figures come from these, so no module cache,
// JIT state or tsx transform ever carries over from one sample to the next.
import { spawn } from 'node:child_process';

export interface ChildResult {
  /** Spawn to exit, as the parent saw it: node's own start-up included. */
  wallMs: number;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export function runNode(args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code === 0) resolve({ wallMs, stdout, stderr });
      else reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr || stdout}`));
    });
  });
}

/** The last stdout line of a probe, which probes print as one JSON object. */
export function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`probe printed no JSON on its last line: ${JSON.stringify(stdout.slice(-300))}`);
  }
}
