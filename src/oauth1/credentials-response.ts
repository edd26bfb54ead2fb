// Reads the form-encoded credentials a provider answers at the temporary-credentials (RFC 5849 §2.1) and
// token (§2.3) endpoints. Anything else becomes a typed error that names the endpoint, never the body.
import { ProviderError, ResponseError } from '../errors.ts';
import type { HttpResponse } from '../http/request.ts';
import { scrubSecrets } from '../util/scrub.ts';

/** A form body: name=value pairs and nothing that looks like markup, JSON or prose. */
const FORM_BODY = /^[^\s<>{}"]*=[^\s<>{}"]*$/;
/** oauth_problem and error values are short tokens; anything else is not echoed. */
const PROBLEM_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The fields of a successful answer, with oauth_token and oauth_token_secret guaranteed present.
 * `where` names the endpoint in error messages, e.g. "The temporary-credentials endpoint". `sent` lists the
 * secrets the request carried (client and token secrets, which a PLAINTEXT signature holds as they are, and
 * the verifier), kept out of errors.
 */
export function readCredentialsResponse(response: HttpResponse, where: string, sent: readonly (string | undefined)[] = []): Record<string, string> {
  const body = typeof response.data === 'string' ? response.data.trim() : '';
  const fields = FORM_BODY.test(body) ? Object.fromEntries(new URLSearchParams(body)) : undefined;
  // OAuth Problem Reporting's oauth_problem, or the OAuth 2 style error/error_description some providers
  // answer; providers quote the signed request back in them.
  const problem = scrubSecrets(fields?.oauth_problem ?? fields?.error, sent);
  if (problem !== undefined) {
    const description = scrubSecrets(fields?.oauth_problem === undefined ? fields?.error_description : undefined, sent);
    throw new ProviderError('OAUTH1_ERROR', {
      error: PROBLEM_CODE.test(problem) ? problem : 'unrecognised_problem',
      ...(description ? { errorDescription: description } : {}),
      status: response.status,
      where,
    });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered HTTP ${response.status} without an OAuth problem report`, response.status);
  }
  if (!fields) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered ${describeBody(response, body)} instead of form-encoded credentials`, response.status);
  }
  // §2.1/§2.3: both are REQUIRED; only the secret may be empty.
  const missing = !fields.oauth_token ? 'oauth_token' : fields.oauth_token_secret === undefined ? 'oauth_token_secret' : undefined;
  if (missing) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered without ${missing}`, response.status);
  return fields;
}

function describeBody(response: HttpResponse, body: string): string {
  if (body === '') return 'an empty body';
  const mime = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mime === 'text/html' || body.startsWith('<')) return 'an HTML or XML page';
  if (body.startsWith('{') || body.startsWith('[')) return 'JSON';
  return 'an unreadable body';
}
