// Callbacks a provider signs with the client secret (authorization.callbackSignature, Shopify's `hmac`): the
// signature is checked, in constant time, before the code is exchanged, so a callback whose shop, host or
// code was changed on its way through the browser is refused.
import { createHmac } from 'node:crypto';
import type { ClientContext } from '../context.ts';
import { requireSecret } from '../context.ts';
import { CallbackError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { constantTimeEqual } from '../util/random.ts';

type CallbackSignatureSpec = NonNullable<ProviderManifest['authorization']['callbackSignature']>;

/** The signed message: every other parameter, sorted by name, as name=value joined by `&`. */
export function signedMessage(params: Readonly<Record<string, string>>, spec: CallbackSignatureSpec): string {
  const left = new Set([spec.param, ...spec.exclude]);
  return Object.keys(params)
    .filter((name) => !left.has(name))
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

export function callbackSignatureOf(params: Readonly<Record<string, string>>, spec: CallbackSignatureSpec, secret: string): string {
  return createHmac(spec.algorithm, secret).update(signedMessage(params, spec)).digest(spec.encoding);
}

export function checkCallbackSignature(context: ClientContext, params: Readonly<Record<string, string>>, now = Date.now()): void {
  const spec = context.manifest.authorization.callbackSignature;
  if (!spec) return;
  const given = params[spec.param];
  if (!given) throw new CallbackError('CALLBACK_INVALID', `the callback carries no ${spec.param} signature, which ${context.manifest.name} always sends`);
  if (!constantTimeEqual(given, callbackSignatureOf(params, spec, requireSecret(context)))) {
    throw new CallbackError('CALLBACK_INVALID', `the callback's ${spec.param} signature does not match its parameters: it was changed on the way`);
  }
  if (spec.timestampParam) {
    const signedAt = Number(params[spec.timestampParam]);
    if (!Number.isFinite(signedAt) || Math.abs(now / 1000 - signedAt) > spec.maxAgeSeconds) {
      throw new CallbackError('CALLBACK_INVALID', `the callback was signed more than ${spec.maxAgeSeconds} s ago (or not at a time it names)`);
    }
  }
}
