// The web handler served by node:http on 127.0.0.1, as an app would serve it: the request is turned into a
// web Request (URL from the configured origin, never from the Host header), the Response written back.
// A handler that rejects is a crash: it is recorded and answered 599 so the property sees it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthHandler } from '../../src/web/index.ts';

export interface HandlerServer {
  origin: string;
  crashes: unknown[];
  /** Set once the origin is known (redirect URIs are built from it). */
  handle: AuthHandler | undefined;
  close(): Promise<void>;
}

/** Marks answers the handler did not give (it resolved undefined: not one of its routes). */
export const UNMATCHED = 'x-fuzz-unmatched';
/** Marks every answer that went through the handler; node:http answers oversized requests (431) itself. */
export const SERVED = 'x-fuzz-served';

export async function serveHandler(): Promise<HandlerServer> {
  const crashes: unknown[] = [];
  const state: { handle: AuthHandler | undefined; origin: string } = { handle: undefined, origin: '' };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
      }
      const request = new Request(new URL(req.url ?? '/', state.origin), { method: req.method, headers, ...(req.method === 'POST' ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
      let response: Response | undefined;
      try {
        response = await state.handle!(request);
      } catch (error) {
        crashes.push(error);
        res.writeHead(599).end();
        return;
      }
      if (!response) {
        res.writeHead(404, { [UNMATCHED]: '1', [SERVED]: '1' }).end();
        return;
      }
      const out: Record<string, string | string[]> = { [SERVED]: '1' };
      for (const [name, value] of response.headers) if (name !== 'set-cookie') out[name] = value;
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out['set-cookie'] = cookies;
      res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      crashes.push(error);
      res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: state.origin,
    crashes,
    get handle() {
      return state.handle;
    },
    set handle(value) {
      state.handle = value;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function readAll(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
