// The demo listens before its app exists (the app needs the port for its redirect URIs). A request in that
// window used to be accepted and then never answered; it now gets a 503 with Retry-After.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DemoServer } from '../../examples/express-demo/app.ts';

// Holds the demo's start-up between listening and attaching the app, so the window can be hit for sure.
const gate = vi.hoisted(() => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open: () => open() };
});

vi.mock('../../examples/express-demo/connect.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../examples/express-demo/connect.ts')>();
  return {
    ...actual,
    createProviderPool: async (options: Parameters<typeof actual.createProviderPool>[0]) => {
      await gate.opened;
      return actual.createProviderPool(options);
    },
  };
});

const { startDemo } = await import('../../examples/express-demo/app.ts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** GETs `url` once the port accepts connections; each attempt gives up after two seconds. */
async function firstAnswer(url: string): Promise<Response> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(2000) });
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error('the demo never listened');
}

describe('demo start-up', () => {
  let demo: DemoServer | undefined;
  afterAll(async () => {
    gate.open();
    await demo?.close();
  });

  it('answers 503 while starting, then serves the app', async () => {
    const port = await freePort();
    const starting = startDemo({ env: {}, port });
    const early = await firstAnswer(`http://127.0.0.1:${port}/`);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    gate.open();
    demo = await starting;
    const ready = await fetch(demo.url);
    expect(ready.status).toBe(200);
  });
});
