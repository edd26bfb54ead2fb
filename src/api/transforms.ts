// Declarative pre_request edits from the manifest (`api.transforms`): what Flask-OAuthlib users wrote as a
// pre_request function, expressed as data.
import type { HeaderTransformSpec } from '../manifest/schema.ts';

export function applyHeaderTransforms(headers: Headers, transforms: readonly HeaderTransformSpec[]): Headers {
  for (const transform of transforms) {
    if ('remove' in transform) {
      headers.delete(transform.header);
    } else if ('set' in transform) {
      headers.set(transform.header, transform.set);
    } else {
      const current = headers.get(transform.header);
      if (current !== null) headers.set(transform.header, current.replace(new RegExp(transform.replace.pattern), transform.replace.with));
    }
  }
  return headers;
}
