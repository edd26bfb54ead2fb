// Answers to the profile's `before` and `after` requests. Such a request may also be an operation (the same
// method and path, e.g. the list of the user's email addresses): one answer then serves both, shaped by the
// operation's response schema and holding the emulated user wherever the profile reads it.
import type { ProfileRequestSpec, ProviderManifest } from '../manifest/schema.ts';
import type { ExampleOptions } from './example-data.ts';
import { getAtPath, setAtPath } from './field-path.ts';
import { EMULATED_USER, placeValues, userFieldValues } from './identity.ts';

type Values = Array<[path: string, value: unknown]>;

export interface StepRoute {
  kind: 'before' | 'after';
  step: ProfileRequestSpec;
}

/**
 * `data` (an operation's example answer, or undefined for a plain step) with the values the step's reader
 * expects, under the step's unwrap path. `schema` types the values (a numeric id stays a number).
 */
export function withStepValues(data: unknown, route: StepRoute, manifest: ProviderManifest, schema: unknown, options: ExampleOptions): unknown {
  const { step } = route;
  const values = route.kind === 'after' ? userFieldValues(manifest.profile!.fields, step.name, schema, options) : beforeStepValues(manifest, step.name);
  if (!step.unwrap) return placeValues(data, values);
  const outer = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  setAtPath(outer, step.unwrap, placeValues(getAtPath(outer, step.unwrap), values));
  return outer;
}

/** The answers of every `before` request, as the profile request's `{{steps.<name>.<path>}}` read them. */
export function stepBodies(manifest: ProviderManifest): Record<string, unknown> {
  const bodies: Record<string, unknown> = {};
  for (const step of manifest.profile?.before ?? []) bodies[step.name] = placeValues(undefined, beforeStepValues(manifest, step.name));
  return bodies;
}

/** Every `{{steps.<name>.<path>}}` the profile request uses holds the user id. */
function beforeStepValues(manifest: ProviderManifest, name: string): Values {
  const profile = manifest.profile;
  const wire = profile ? [profile.url ?? '', ...Object.values(profile.query), ...Object.values(profile.headers)] : [];
  const values: Values = [];
  for (const value of wire) {
    for (const [, step, path] of String(value).matchAll(/\{\{\s*steps\.([a-zA-Z][a-zA-Z0-9_]*)\.([^}\s]+)\s*\}\}/g)) {
      if (step === name) values.push([path!, EMULATED_USER.id]);
    }
  }
  return values;
}
