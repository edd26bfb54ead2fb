// RFC 6749 §4.1.2: the authorization response. State was checked by the caller; this reads the outcome.
import type { ClientContext } from '../context.ts';
import { CallbackError, ProviderError } from '../errors.ts';
import { constantTimeEqual } from '../util/random.ts';

export { callbackParams, type CallbackInput } from '../callback-params.ts';

/** §4.1.2.1 errors, RFC 9207 `iss`, then the code. */
export function readAuthorizationCode(context: ClientContext, params: Record<string, string>): string {
  const expectedIssuer = context.manifest.authorization.issuer ?? context.issuer;
  if (params.iss !== undefined && expectedIssuer && !constantTimeEqual(params.iss, expectedIssuer)) {
    throw new CallbackError('ISSUER_MISMATCH', `the callback's iss parameter does not match ${expectedIssuer} (RFC 9207)`);
  }
  if (params.error) {
    throw new ProviderError('AUTHORIZATION_DENIED', {
      error: params.error,
      errorDescription: params.error_description,
      where: `${context.manifest.name} authorization`,
    });
  }
  if (!params.code) throw new CallbackError('MISSING_CODE', 'the callback carries neither code nor error');
  return params.code;
}
