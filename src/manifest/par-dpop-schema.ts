// Manifest fields for Pushed Authorization Requests (RFC 9126) and DPoP (RFC 9449), kept apart from
// schema.ts so that each protocol extension reads in one place.
import { z } from 'zod';

import { DPOP_ALGORITHMS } from '../dpop/algorithms.ts';

export const PushedAuthorization = z
  .enum(['required', 'supported'])
  .optional()
  .describe(
    'RFC 9126 pushed authorization requests. supported: the client pushes the parameters to endpoints.pushedAuthorization (OIDC: discovery\'s pushed_authorization_request_endpoint) and sends the browser with only client_id and request_uri; required: the provider refuses anything else. Absent: the client pushes only when discovery says require_pushed_authorization_requests.',
  );

export const Dpop = z
  .object({
    required: z
      .boolean()
      .default(false)
      .describe('The provider only issues DPoP-bound tokens: the client makes a key pair itself when the app gave none (RFC 9449 §5).'),
    algorithms: z
      .array(z.enum(DPOP_ALGORITHMS))
      .min(1)
      .default(['ES256'])
      .describe('Proof signature algorithms the provider accepts (dpop_signing_alg_values_supported); a generated key uses the first.'),
    nonce: z
      .boolean()
      .default(false)
      .describe('The provider demands a server nonce in proofs (RFC 9449 §8, §9): the client always retries once on use_dpop_nonce; the emulator demands one when this is true.'),
  })
  .strict()
  .describe('RFC 9449 DPoP: tokens bound to a key pair of the client, proven on every token request and API call.');

interface ParDpopFields {
  protocol: 'oauth1' | 'oauth2' | 'oidc';
  endpoints: { pushedAuthorization?: string | undefined };
  authorization: { par?: 'required' | 'supported' | undefined };
  dpop?: unknown;
}

/** Cross-field rules: OAuth 2 has no discovery to find the PAR endpoint in, and OAuth 1 has neither extension. */
export function checkParDpop(m: ParDpopFields, ctx: z.RefinementCtx): void {
  if (m.protocol === 'oauth1') {
    if (m.authorization.par) ctx.addIssue({ code: 'custom', path: ['authorization', 'par'], message: 'pushed authorization requests are OAuth 2 (RFC 9126); OAuth 1 has none' });
    if (m.endpoints.pushedAuthorization) ctx.addIssue({ code: 'custom', path: ['endpoints', 'pushedAuthorization'], message: 'pushed authorization requests are OAuth 2 (RFC 9126); OAuth 1 has none' });
    if (m.dpop) ctx.addIssue({ code: 'custom', path: ['dpop'], message: 'DPoP binds OAuth 2 tokens (RFC 9449); OAuth 1 has its own signatures' });
    return;
  }
  if (m.authorization.par && m.protocol === 'oauth2' && !m.endpoints.pushedAuthorization) {
    ctx.addIssue({ code: 'custom', path: ['authorization', 'par'], message: 'authorization.par needs endpoints.pushedAuthorization (only OIDC can find it through discovery)' });
  }
  if (m.endpoints.pushedAuthorization && !m.authorization.par) {
    ctx.addIssue({ code: 'custom', path: ['endpoints', 'pushedAuthorization'], message: 'endpoints.pushedAuthorization needs authorization.par (supported or required)' });
  }
}
