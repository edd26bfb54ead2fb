// The loopback JSON server (bench/probes/json-server.mjs) in its own process, so serving does not compete
// with the measured client for one event loop. It exits when we close its stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

export async function startLoopbackServer(project: string): Promise<LoopbackServer> {
  const child: ChildProcess = spawn(process.execPath, ['probes/json-server.mjs'], { cwd: project, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([once(lines, 'line'), exited.then(() => { throw new Error('the loopback server exited before listening'); })]);
  lines.close();
  const { url } = JSON.parse(String(first[0])) as { url: string };
  return {
    url,
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
