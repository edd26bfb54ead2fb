// RFC 6749 §5.1/§5.2 token responses, read through the manifest's forced content type, nesting, renamed fields,
// defaults and its way of reporting errors in a 200 body.
import type { ClientContext } from '../context.ts';
import { ProviderError, ResponseError, redactUrl } from '../errors.ts';
import type { HttpResponse } from '../http/request.ts';
import { TokenSet } from '../types.ts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../util/json-depth.ts';
import { isBlank, readPath } from '../util/path.ts';
import { scrubSecrets } from '../util/scrub.ts';

const VISIBLE_ASCII = /^[\x20-\x7e]+$/;

/** `sent` lists the one-time values the request carried (code, refresh token, verifier), kept out of errors. */
export function readTokenResponse(context: ClientContext, response: HttpResponse, url: string, sent: readonly (string | undefined)[] = []): TokenSet {
  const spec = context.manifest.token.response;
  const where = `${context.manifest.name} token endpoint`;
  const body = response.data;
  if (!isObject(body)) {
    throw new ResponseError(
      'UNEXPECTED_RESPONSE',
      `${where} (${redactUrl(url)}) answered HTTP ${response.status} with ${describeKind(response.kind)} where a token was expected`,
      response.status,
    );
  }
  // The token is stored (JSON) by the app; an answer too deep to serialise must not get that far.
  if (exceedsJsonDepth(body)) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered HTTP ${response.status} with a body nested more than ${MAX_JSON_DEPTH} levels deep`, response.status);
  }
  // Some providers quote the code or the client secret back in their error text.
  const error = scrubSecrets(findError(spec.error, body), [...sent, context.clientSecret]);
  if (error || response.status < 200 || response.status > 299) {
    throw new ProviderError('TOKEN_ERROR', {
      error: error?.code ?? `http_${response.status}`,
      errorDescription: error?.description,
      status: response.status,
      where,
    });
  }
  const root = spec.root ? readPath(body, spec.root) : body;
  if (!isObject(root)) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered without the "${spec.root}" object`, response.status);

  const raw: Record<string, unknown> = { ...spec.defaults, ...root };
  for (const [field, path] of Object.entries(spec.fields)) {
    const value = readPath(root, path);
    if (!isBlank(value)) raw[field] = value;
  }
  for (const [field, value] of Object.entries(spec.defaults)) {
    if (isBlank(raw[field])) raw[field] = value;
  }
  if (typeof raw.access_token !== 'string' || raw.access_token === '') {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered HTTP ${response.status} without an access_token`, response.status);
  }
  // RFC 6749 §A.12: an access token is visible ASCII (VSCHAR). It goes into Authorization headers, where
  // anything else makes every later API call throw.
  if (!VISIBLE_ASCII.test(raw.access_token)) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered HTTP ${response.status} with an access_token that is not visible ASCII (RFC 6749 §A.12)`, response.status);
  }
  return new TokenSet({
    accessToken: raw.access_token,
    tokenType: typeof raw.token_type === 'string' ? raw.token_type : 'Bearer',
    refreshToken: typeof raw.refresh_token === 'string' ? raw.refresh_token : undefined,
    expiresAt: expiresAt(raw.expires_in, spec.expiresInZeroMeansNever),
    scope: readScope(raw.scope, spec.scopeDelimiter ?? context.manifest.authorization.scope.delimiter),
    idToken: typeof raw.id_token === 'string' ? raw.id_token : undefined,
    raw,
  });
}

function findError(spec: ClientContext['manifest']['token']['response']['error'], body: Record<string, unknown>) {
  const code = readPath(body, spec.code);
  if (spec.when) {
    const value = readPath(body, spec.when.path);
    const isError =
      (spec.when.equals !== undefined && String(value) === String(spec.when.equals)) ||
      (spec.when.notEquals !== undefined && String(value) !== String(spec.when.notEquals));
    if (!isError) return undefined;
  } else if (isBlank(code)) {
    return undefined;
  }
  const description = readPath(body, spec.description);
  return {
    code: isBlank(code) || typeof code === 'object' ? 'unknown_error' : String(code),
    description: isBlank(description) || typeof description === 'object' ? undefined : String(description),
  };
}

function expiresAt(expiresIn: unknown, zeroMeansNever: boolean): number | undefined {
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  if (seconds === 0 && zeroMeansNever) return undefined;
  return Math.floor(Date.now() / 1000) + seconds;
}

function readScope(scope: unknown, delimiter: string): string[] | undefined {
  if (Array.isArray(scope)) return scope.map(String);
  if (typeof scope !== 'string' || scope === '') return undefined;
  return scope.split(delimiter).filter(Boolean);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeKind(kind: HttpResponse['kind']): string {
  return kind === 'empty' ? 'an empty body' : kind === 'html' ? 'an HTML page' : `a ${kind} body`;
}
