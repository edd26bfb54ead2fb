// Checks the per-request signature of api.signing and token.signing the way the provider does: the base string
// rebuilt from what arrived, hashed or keyed with the client secret, or verified with the app's public key.
import { verify, type KeyObject } from 'node:crypto';
import { signingBase, signatureParams, type SigningRecipe } from '../api/signing.ts';
import type { CredentialCheck } from './credentials.ts';
import { reject } from './wire-checks.ts';

export function checkRequestSignature(recipe: SigningRecipe, received: URLSearchParams, credentials: CredentialCheck, token: Record<string, unknown> | undefined, where: string): void {
  const params = Object.fromEntries(received);
  const given = params[recipe.param];
  if (!given) return reject(400, 'invalid_signature', `${where} expects a "${recipe.param}" signature`);
  for (const name of Object.keys(recipe.params)) if (params[name] === undefined) reject(400, 'invalid_signature', `${where} expects the signing parameter "${name}"`);
  const scope = { client: { clientId: credentials.clientId, secret: credentials.clientSecret }, vars: {}, token: token ?? {} };
  const keys = { scope, where };
  if (recipe.algorithm.startsWith('rsa-')) {
    const base = signingBase(recipe, params, keys);
    const publicKey = credentials.signingPublicKey as KeyObject;
    if (!verify(recipe.algorithm === 'rsa-sha1' ? 'RSA-SHA1' : 'RSA-SHA256', Buffer.from(base), publicKey, Buffer.from(given, recipe.encoding === 'base64' ? 'base64' : 'hex'))) {
      reject(401, 'invalid_signature', `${where}: the "${recipe.param}" signature does not verify`);
    }
    return;
  }
  // The recipe's own parameters are already in the request: sign exactly what arrived.
  const expected = signatureParams({ ...recipe, params: {} }, params, keys)[recipe.param];
  if (expected !== given) reject(401, 'invalid_signature', `${where}: the "${recipe.param}" signature does not match the parameters`);
}
