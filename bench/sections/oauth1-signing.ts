// Section 5: OAuth 1.0a HMAC-SHA1 signatures per second, ours (the installed signer) against oauth-1.0a
// used directly; both build the Authorization header of the same request, checked equal beforehand.
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { median, medianRatio, times, verdict } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

const SIGNATURES = 20_000;
const ROUNDS = 9;

export async function oauth1Signing(workspace: Workspace): Promise<void> {
  const { stdout } = await runNode(['probes/oauth1-signing.mjs', String(SIGNATURES), String(ROUNDS)], { cwd: workspace.project });
  const { ours, direct } = lastJson<{ ours: number[]; direct: number[] }>(stdout);
  const ratio = medianRatio(ours, direct);
  const opsPerSecond = (samples: number[]) => Math.round(median(samples)).toLocaleString('en');
  printSection(`5. OAuth 1.0a HMAC-SHA1 signing (${ROUNDS} alternating rounds of ${SIGNATURES.toLocaleString('en')} signatures, after a warm-up)`, [
    markdownTable(['signer', '>signatures/s (median)'], [
      ['ours: `createOAuth1Signer(getManifest(\'twitter\'), …).sign()` from dist/oauth1/signer.js', opsPerSecond(ours)],
      ['oauth-1.0a directly: `createHmac(\'sha1\')`, `randomBytes(16)` nonce per request, `toHeader(authorize())`', opsPerSecond(direct)],
    ]),
    markdownTable(['target: ours ÷ direct', '>measured (median of rounds)', '>target', 'verdict'], [['signatures/s', times(ratio), '≥ 1.00×', verdict(ratio >= 1)]]),
  ]);
}
