// Faults on demand, for testing a client's retries, timeouts and error paths against bad provider days.
import type { Reply } from './http-io.ts';
import type { RouteName } from './layout.ts';

export type Fault = (
  | { kind: 'delay'; ms: number }
  | { kind: 'rateLimit'; retryAfterSeconds?: number }
  | { kind: 'serverError' }
  | { kind: 'reset' }
  | { kind: 'malformedBody' }
  | { kind: 'wrongContentType' }
) & {
  /** Routes the fault applies to; all when omitted. */
  on?: RouteName[];
  /** How many matching requests it affects; unlimited when omitted. */
  times?: number;
};

export class FaultPlan {
  #faults: Fault[] = [];

  set(faults: Fault[] | undefined): void {
    this.#faults = (faults ?? []).map((fault) => ({ ...fault }));
  }

  /** The faults that hit this request, each consuming one of its `times`. */
  take(route: RouteName): Fault[] {
    const hits = this.#faults.filter((fault) => (!fault.on || fault.on.includes(route)) && (fault.times === undefined || fault.times > 0));
    for (const fault of hits) if (fault.times !== undefined) fault.times -= 1;
    return hits;
  }
}

/** Replaces or corrupts a reply; `reset` is handled by the server, which destroys the socket. */
export function applyReplyFaults(reply: Reply, faults: readonly Fault[]): Reply {
  let result = reply;
  for (const fault of faults) {
    if (fault.kind === 'rateLimit') {
      result = { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(fault.retryAfterSeconds ?? 1) }, body: '{"error":"rate_limited"}' };
    } else if (fault.kind === 'serverError') {
      result = { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"server_error"}' };
    } else if (fault.kind === 'malformedBody') {
      result = { ...result, body: `${result.body.slice(0, Math.max(1, Math.floor(result.body.length / 2)))}\u0000{` };
    } else if (fault.kind === 'wrongContentType') {
      result = { ...result, headers: { ...result.headers, 'content-type': 'text/html; charset=utf-8' } };
    }
  }
  return result;
}
