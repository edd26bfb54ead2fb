// Some providers hand out a token without an id the API needs on every call, and give it at a separate
// endpoint (a JSONP `me` call answering the openid). token.lookup makes that call right after every token
// response and adds the named fields to the token, so `{{token.openid}}` works in api.query and profile.
// The call carries the token as api.auth says, but not api.query or api.headers, which may need its answer.
import { apiRequest } from '../api/request.ts';
import type { ClientContext } from '../context.ts';
import { templateScope } from '../context.ts';
import { ResponseError } from '../errors.ts';
import type { TokenSet } from '../types.ts';
import { isBlank, readPath } from '../util/path.ts';
import { fillParams } from '../util/template.ts';

export async function addLookupFields(context: ClientContext, token: TokenSet): Promise<TokenSet> {
  const lookup = context.manifest.token.lookup;
  if (!lookup) return token;
  const scope = templateScope(context, { ...token.raw, access_token: token.accessToken });
  const response = await apiRequest(context, lookup.method, lookup.url, {
    token,
    query: fillParams(lookup.query, scope, 'token.lookup.query'),
    ...(lookup.contentType ? { contentType: lookup.contentType } : {}),
    withoutApiDefaults: true,
  });
  for (const [field, path] of Object.entries(lookup.fields)) {
    const value = readPath(response.data, path);
    if (isBlank(value) || typeof value === 'object') {
      throw new ResponseError('UNEXPECTED_RESPONSE', `${context.manifest.name} token lookup answered without "${path}"`, response.status);
    }
    token.raw[field] = value;
  }
  return token;
}
