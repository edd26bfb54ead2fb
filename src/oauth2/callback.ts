// RFC 6749 §4.1.2: the authorization response. State was checked by the caller; this reads the outcome.
import type { ClientContext } from '../context.ts';
import { CallbackError, ProviderError } from '../errors.ts';
import { discover } from '../lazy.ts';
import { constantTimeEqual } from '../util/random.ts';

export { callbackParams, type CallbackInput } from '../callback-params.ts';

/** RFC 9207 `iss`, §4.1.2.1 errors, then the code. */
export async function readAuthorizationCode(context: ClientContext, params: Record<string, string>): Promise<string> {
  await checkIssuer(context, params.iss);
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

/**
 * RFC 9207 §2.4: an `iss` that names another issuer is refused (mix-up attack), and so is a response without
 * `iss` from a provider known to send it, since an attacker relaying another provider's response would
 * simply leave it out. Error responses carry `iss` too (§2), so this runs before they are read.
 */
async function checkIssuer(context: ClientContext, iss: string | undefined): Promise<void> {
  const expectedIssuer = context.manifest.authorization.issuer ?? context.issuer;
  if (iss === undefined) {
    if (await sendsIss(context)) {
      throw new CallbackError('ISSUER_MISMATCH', `the callback carries no iss parameter, which ${context.manifest.name} always sends (RFC 9207 §2.4)`);
    }
    return;
  }
  if (expectedIssuer && !constantTimeEqual(iss, expectedIssuer)) {
    throw new CallbackError('ISSUER_MISMATCH', `the callback's iss parameter does not match ${expectedIssuer} (RFC 9207 §2.4)`);
  }
}

/** The manifest says so, or the provider's metadata does (RFC 9207 §3). */
async function sendsIss(context: ClientContext): Promise<boolean> {
  if (context.manifest.authorization.issRequired) return true;
  if (context.manifest.protocol !== 'oidc') return false;
  return (await discover(context)).authorization_response_iss_parameter_supported === true;
}
