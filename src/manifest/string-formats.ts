// Strings in a manifest that the runtime hands to something strict: regular expressions, header names and
// values, field paths. Each is checked here, so a bad one fails at load with its file, line and field,
// instead of loading fine and throwing on the first request that uses it.
import { z } from 'zod';
import { fieldPathProblem } from '../util/path.ts';
import { catastrophicBacktrackingReason } from './safe-regex.ts';

/** RFC 9110 §5.1: a field name is a token (§5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * RFC 9110 §5.5: no CR, LF or NUL in a field value. Bytes above 0x7E have no agreed character encoding
 * (and fetch refuses anything above 0xFF), so a manifest keeps to visible ASCII, space and tab.
 */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;

export const HeaderName = z.string().regex(TOKEN, 'expected a header name (letters, digits and !#$%&\'*+.^_`|~- only, RFC 9110 §5.1)');

export const HeaderValue = z
  .string()
  .regex(FIELD_VALUE, 'expected a header value of visible ASCII, spaces and tabs (no line breaks or other characters, RFC 9110 §5.5)');

/** An HTTP auth scheme (RFC 9110 §11.1) is a token too; "" sends the bare token. */
export const AuthScheme = z.string().regex(/^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)?$/, 'expected an auth scheme such as Bearer (a token, RFC 9110 §11.1), or ""');

export const FieldPath = z
  .string()
  .min(1)
  .superRefine((path, ctx) => {
    const problem = path === '' ? undefined : fieldPathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid field path ${JSON.stringify(path)}: ${problem}` });
  })
  .describe('A path into a parsed body: `a.b`, `items[0]` (at most 9999), `emails[primary=true].email`.');

/** A JavaScript regular expression (no flags) that compiles and cannot backtrack catastrophically. */
export const RegexPattern = z
  .string()
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `expected a regular expression, got ${JSON.stringify(pattern)} (${(error as Error).message})` });
      return;
    }
    const reason = catastrophicBacktrackingReason(pattern);
    if (reason) ctx.addIssue({ code: 'custom', message: `unsafe regular expression: ${reason}; rewrite it without nesting` });
  })
  .describe(
    'A JavaScript regular expression. Patterns that can backtrack catastrophically are refused: a repeated group containing a quantifier ((a+)+) or with alternatives that repeat one another ((a|a)*).',
  );
