// Stores keep JSON. JSON.stringify throws a bare TypeError on a cycle or a BigInt and a RangeError on very
// deep nesting; a store turns each into a ConfigError that names the store, never the value.
import { ConfigError } from '../errors.ts';
import { exceedsJsonDepth } from '../util/json-depth.ts';

/**
 * Deeper than this a value is refused up front, whatever the stack size: twice the provider-answer bound,
 * leaving room for the record (token, user) an answer is stored in.
 */
export const MAX_STORED_DEPTH = 128;

/** `what` names the values in messages, e.g. 'RedisStore values'. */
export function serialiseForStore(value: unknown, what: string): string {
  if (exceedsJsonDepth(value, MAX_STORED_DEPTH)) {
    throw new ConfigError('CONFIG_INVALID', `${what} must nest at most ${MAX_STORED_DEPTH} levels deep`);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw new ConfigError('CONFIG_INVALID', `${what} must be JSON-serialisable (no cycles, BigInts or functions)`);
  return json;
}
