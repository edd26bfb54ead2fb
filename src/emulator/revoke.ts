// Token revocation (RFC 7009 §2): the token under revocation.tokenParam, token_type_hint only when the manifest
// says the provider takes it, client authentication per revocation.clientAuth (else token.clientAuth).
import type { HandlerContext } from './context.ts';
import { text, type EmulatorRequest, type Reply } from './http-io.ts';
import { checkClientAuth, readParams, reject, renamedReader } from './wire-checks.ts';

const WHERE = 'revocation endpoint';

export function handleRevoke(request: EmulatorRequest, context: HandlerContext): Reply {
  const revocation = context.manifest.revocation;
  if (request.method !== 'POST') reject(405, 'invalid_request', `${WHERE} expects POST`);
  const params = readParams(request, revocation.encoding, WHERE);
  // The client's name for client_id (token.rename) holds at this endpoint too.
  const read = renamedReader(params, context.manifest.token.rename, WHERE);
  if (revocation.tokenParam !== 'token' && params.has('token')) reject(400, 'invalid_request', `${WHERE} expects "${revocation.tokenParam}" instead of "token"`);
  const value = read(revocation.tokenParam);
  if (!value) reject(400, 'invalid_request', `${WHERE} requires the "${revocation.tokenParam}" parameter`);
  const hint = read('token_type_hint');
  if (!revocation.tokenTypeHint && hint !== undefined) reject(400, 'invalid_request', `${WHERE} does not take token_type_hint`);
  if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token') reject(400, 'unsupported_token_type', `${WHERE}: unknown token_type_hint`);
  const clientAuth = revocation.clientAuth ?? context.manifest.token.clientAuth;
  if (clientAuth === 'none') {
    if (read('client_secret') !== undefined || request.headers.authorization?.startsWith('Basic ')) reject(400, 'invalid_request', `${WHERE} takes no client credentials`);
  } else {
    checkClientAuth(request, read, clientAuth, context.credentials, WHERE, { audience: context.endpoints.revoke ?? '', secretHash: context.manifest.token.secretHash, params });
  }
  const token = context.state.tokens.get(value!);
  if (token) {
    // Revoking either half of a grant ends both (RFC 7009 §2.1 allows it; most providers do it).
    for (const [key, other] of context.state.tokens) if (other.response === token.response) context.state.tokens.delete(key);
  }
  // RFC 7009 §2.2: unknown tokens are answered 200 as well.
  return text(200, '');
}
