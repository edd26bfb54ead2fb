// What a provider may answer, as data: a status, a Content-Type (right, wrong or missing) and a body of
// any kind (JSON, form, XML, JSONP, text, an HTML error page, huge, deeply nested or not text at all).
// Bodies are kept as templates whose ECHO markers are filled in from the request the client actually sent,
// so a provider that quotes back the code, the client secret or the verifier is played exactly.
import fc from 'fast-check';
import { anyCodePoints, hostileString } from './helpers.ts';

/** Filled in by renderAnswer from the request: its body, its URL and its Authorization header. */
export const ECHO = { body: '@@ECHO_BODY@@', url: '@@ECHO_URL@@', authorization: '@@ECHO_AUTHORIZATION@@' } as const;

export type BodyKind = 'json' | 'form' | 'xml' | 'jsonp' | 'text' | 'html' | 'raw';

export interface AnswerTemplate {
  status: number;
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
  kind: BodyKind;
  /** Structured for json/form/xml/jsonp (encoded after the echo is filled in); text for the others. */
  value: unknown;
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.acme+json', 'application/x-www-form-urlencoded',
  'text/xml', 'application/xml', 'application/atom+xml', 'text/javascript', 'application/javascript', 'text/plain', 'text/html',
  'text/html; charset=iso-8859-1', 'application/octet-stream', '', ';', 'json', 'application/json; charset=bogus', 'multipart/form-data; boundary=x',
];

const FITTING_TYPE: Record<BodyKind, string> = {
  json: 'application/json', form: 'application/x-www-form-urlencoded', xml: 'application/xml', jsonp: 'text/javascript', text: 'text/plain', html: 'text/html', raw: 'application/octet-stream',
};

/** Keys providers use, and keys that probe prototypes and lookups. */
export const PROVIDER_KEYS = [
  'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token', 'error', 'error_description', 'error_uri', 'data', 'body',
  'status', 'response', 'user', 'id', 'sub', 'name', 'email', 'login', 'avatar_url', 'emails', 'primary', 'openid', 'uid', 'oauth_token',
  'oauth_token_secret', 'oauth_callback_confirmed', 'oauth_problem', 'keys', '__proto__', 'constructor', 'toString', '0', '',
];

/** Leaves: hostile text, numbers, echo markers, and values near valid ones. */
export const LEAF = fc.oneof(
  { weight: 4, arbitrary: hostileString(8) },
  { weight: 2, arbitrary: fc.constantFrom('Bearer', 'bearer', 'mac', 'ok', 'fail', 'invalid_grant', 'read write', '3600', '0', '-1', '1e309', 'true', 'null', '') },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(0, -1, 1e21, 2 ** 53 + 1)) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(ECHO)).map((marker) => `seen: ${marker}`) },
);

const { node: STRUCTURE } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    LEAF,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...PROVIDER_KEYS), tie('node'), { maxKeys: 5 }),
  ),
}));

/** An object answer: usually shaped like `shape` (a token, a profile), with random fields grafted in. */
export function objectAnswer(shape: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(shape, fc.dictionary(fc.constantFrom(...PROVIDER_KEYS), STRUCTURE, { maxKeys: 3 }), fc.boolean()).map(([base, extra, graft]) => {
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` key becomes an own field, as JSON.parse makes it.
    for (const [key, value] of Object.entries(graft ? { ...base, ...extra } : base)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

const HTML_PAGES = [
  `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>${ECHO.url}</p></body></html>`,
  `<html><body>Error: invalid request ${ECHO.body}<script>alert(1)</script></body></html>`,
  '<html><body><h1>Service Unavailable</h1></body></html>',
];

/** Big or deep bodies are built once: generating megabytes per run would cost more than the runs. */
const HUGE = 'x'.repeat(200 * 1024);
/** Over the library's default 5 MiB cap. */
const HUGER = `{"access_token":"${'x'.repeat(5 * 1024 * 1024 + 10)}"}`;
const DEEP = [65, 2_000, 100_000].flatMap((depth) => ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]);
const DEEP_XML = [70, 5_000].map((depth) => '<a>'.repeat(depth) + '</a>'.repeat(depth));
const ENTITY_BOMB = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><r><access_token>&d;&d;&d;&d;</access_token></r>`;

const RAW_TEXT = fc.oneof(
  { weight: 4, arbitrary: hostileString(20) },
  { weight: 2, arbitrary: anyCodePoints(60) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML_PAGES) },
  { weight: 1, arbitrary: fc.constantFrom(HUGE, `{"access_token":"${HUGE}"}`, HUGER, ...DEEP, ...DEEP_XML, ENTITY_BOMB) },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF{"access_token":"x"}', '{"access_token":"x"', 'cb({"a":1}', '/**/ cb({"access_token":"x"});', 'a=b&&=&c', '<a><b></a>', '<?xml?>', 'null', '[]', '"x"', '1') },
);

const STRUCTURED: readonly BodyKind[] = ['json', 'form', 'xml', 'jsonp'];

/** Any answer: `shape` drives the structured kinds, RAW_TEXT the others (each generated only when used). */
export function answerTemplate(
  shape: fc.Arbitrary<unknown>,
  statuses: fc.Arbitrary<number> = STATUS_200_599,
  kinds: readonly BodyKind[] = ['json', 'json', 'json', 'form', 'xml', 'jsonp', 'text', 'html', 'raw'],
): fc.Arbitrary<AnswerTemplate> {
  const structured = kinds.filter((kind) => STRUCTURED.includes(kind));
  const textual = kinds.filter((kind) => !STRUCTURED.includes(kind));
  const body = fc.oneof(
    { weight: structured.length, arbitrary: fc.tuple(fc.constantFrom(...structured), shape) },
    { weight: textual.length, arbitrary: fc.tuple(fc.constantFrom(...textual), RAW_TEXT) },
  );
  return fc.tuple(body, statuses, fc.nat(99)).map(([[kind, value], status, typeRoll]) => {
    // Mostly the fitting Content-Type; sometimes another one, or none.
    const contentType = typeRoll < 60 ? FITTING_TYPE[kind] : typeRoll < 90 ? CONTENT_TYPES[typeRoll % CONTENT_TYPES.length] : undefined;
    return { status, contentType, kind, value };
  });
}

/** Statuses a fetch Response can carry; 1xx only reach the client over a real socket (see wire.ts). */
export const STATUS_200_599 = fc.oneof(
  { weight: 4, arbitrary: fc.constant(200) },
  { weight: 4, arbitrary: fc.constantFrom(201, 204, 301, 302, 400, 401, 403, 404, 429, 500, 502, 503) },
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }) },
);
