// A provider on a raw TCP socket at 127.0.0.1, for what only the wire can do: any status line (1xx
// included, and interim answers before the final one; nock cannot even build a 1xx reply, it throws from a
// timer), Content-Length that lies, broken chunking, a connection cut mid-body or never answered. Each
// request is answered by the current WireAnswer.
import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { type AnswerTemplate } from './answers.ts';
import { renderAnswer, type SeenRequest } from './fake-fetch.ts';

export type Framing = 'length' | 'short-length' | 'long-length' | 'chunked' | 'bad-chunked' | 'until-close';
export type Ending = 'close' | 'cut-mid-body' | 'stall';

export interface WireAnswer {
  template: AnswerTemplate;
  reason: string;
  /** Sent first, e.g. 103 Early Hints. */
  interim: number | undefined;
  framing: Framing;
  ending: Ending;
}

export function wireAnswer(template: fc.Arbitrary<AnswerTemplate>): fc.Arbitrary<WireAnswer> {
  return fc.record({
    template,
    reason: fc.constantFrom('OK', '', 'Whatever', 'Bad\tGateway', 'é'),
    interim: fc.option(fc.constantFrom(100, 102, 103, 150, 199), { nil: undefined, freq: 8 }),
    framing: fc.constantFrom<Framing>('length', 'length', 'length', 'short-length', 'long-length', 'chunked', 'bad-chunked', 'until-close'),
    ending: fc.oneof({ weight: 40, arbitrary: fc.constant<Ending>('close') }, { weight: 4, arbitrary: fc.constant<Ending>('cut-mid-body') }, { weight: 1, arbitrary: fc.constant<Ending>('stall') }),
  });
}

export interface WireServer {
  origin: string;
  answer: WireAnswer | undefined;
  close(): Promise<void>;
}

export async function serveWire(): Promise<WireServer> {
  const sockets = new Set<Socket>();
  const state: { answer: WireAnswer | undefined } = { answer: undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const seen = completeRequest(received);
      if (seen && state.answer) answer(socket, state.answer, seen);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request once its head and its Content-Length worth of body have arrived. */
function completeRequest(data: Buffer): SeenRequest | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [requestLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const header = (name: string) => lines.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  const length = Number(header('content-length') || '0');
  if (data.length < headEnd + 4 + length) return undefined;
  const [method = '', target = ''] = requestLine.split(' ');
  return { method, url: `http://${header('host')}${target}`, authorization: header('authorization'), body: data.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8') };
}

function answer(socket: Socket, wire: WireAnswer, seen: SeenRequest): void {
  const { status, headers, body } = renderAnswer(wire.template, seen);
  delete headers['content-length'];
  const interim = wire.interim === undefined ? '' : `HTTP/1.1 ${wire.interim} Interim\r\n\r\n`;
  if (wire.ending === 'stall') {
    socket.write(interim, 'latin1');
    return;
  }
  const framed = frame(wire.framing, body);
  const head = [`HTTP/1.1 ${status} ${wire.reason}`, ...Object.entries({ ...headers, ...framed.headers }).map(([name, value]) => `${name}: ${value}`), 'connection: close'];
  const payload = wire.ending === 'cut-mid-body' ? framed.payload.subarray(0, Math.floor(framed.payload.length / 2)) : framed.payload;
  // One write: split writes would wait on Nagle and delayed ACKs (tens of ms a run).
  socket.end(Buffer.concat([Buffer.from(`${interim}${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]), () => {
    if (wire.ending === 'cut-mid-body') socket.destroy();
  });
}

function frame(framing: Framing, body: Uint8Array): { headers: Record<string, string>; payload: Buffer } {
  const payload = Buffer.from(body);
  switch (framing) {
    case 'length':
      return { headers: { 'content-length': String(payload.length) }, payload };
    case 'short-length':
      return { headers: { 'content-length': String(Math.max(0, payload.length - 3)) }, payload };
    case 'long-length':
      return { headers: { 'content-length': String(payload.length + 7) }, payload };
    case 'chunked':
      return { headers: { 'transfer-encoding': 'chunked' }, payload: Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]) };
    case 'bad-chunked':
      return { headers: { 'transfer-encoding': 'chunked' }, payload: Buffer.concat([Buffer.from('zz\r\n'), payload]) };
    case 'until-close':
      return { headers: {}, payload };
  }
}
