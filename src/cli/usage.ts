// What counts as the user's mistake rather than a bug: such errors are reported in one line, exit code 2.
import { OAuthRegistryError } from '../errors.ts';

/** A command line that cannot be run as written. */
export class UsageError extends Error {
  override name = 'UsageError';
}

// node:util parseArgs codes, and the system errors a wrong path or a taken port produce.
const MISTAKE_CODES = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', 'EADDRINUSE', 'EACCES', 'ENOENT', 'EISDIR', 'ENOTDIR']);

export function isUsageMistake(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  // Configuration and manifest errors name the file, field or value that was wrong.
  if (error instanceof OAuthRegistryError) return error.code !== 'NETWORK_ERROR';
  return error instanceof Error && MISTAKE_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}
