// node --import this-file: prints every module file the process resolves, one `resolved <file URL>` line each
// on stderr, so the bench can tell which chunks of a split bundle a run really loaded.
import { register } from 'node:module';

register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) process.stderr.write('resolved ' + resolved.url + '\\n');
  return resolved;
}`)}`);
