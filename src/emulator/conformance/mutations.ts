// Mutation check: for each quirk field a manifest sets, a client built from the manifest with that field reset
// to its default must fail against the emulator of the real manifest. A quirk the emulator does not enforce
// (or the runtime does not need) shows up as a surviving mutant. A mutant only counts as caught when the
// same flow without the mutation passes (the control).
import { Manifest, type ProviderManifest } from '../../manifest/schema.ts';
import { fullFlow, renamed, setUp } from './flow.ts';
import { ATTACKS } from './negatives.ts';

/** Manifest fields that describe provider behaviour on the wire. */
export const QUIRK_FIELDS = [
  'endpoints.refresh',
  'registration',
  'authorization.responseParams',
  'authorization.callbackSignature',
  'authorization.fragment',
  'api.signing',
  'token.signing',
  'token.response.scopeDelimiter',
  'oauth1.scopeOn',
  'oauth1.callbackOnAuthorize',
  'profile.body',
  'profile.clientAuth',
  'profile.jwt',
  'authorization.scope.delimiter',
  'authorization.scope.encodeDelimiter',
  'authorization.params',
  'authorization.rename',
  'authorization.pkce',
  'authorization.pkceMethod',
  'authorization.responseMode',
  'authorization.issuer',
  'token.method',
  'token.encoding',
  'token.clientAuth',
  'token.clientAssertion',
  'token.secretHash',
  'token.params',
  'token.grantParams',
  'token.omit',
  'token.grantOmit',
  'token.grantClientAuth',
  'token.rename',
  'token.headers',
  'token.response.contentType',
  'token.response.prefix',
  'token.response.root',
  'token.response.fields',
  'token.response.error',
  'revocation.tokenParam',
  'revocation.tokenTypeHint',
  'revocation.clientAuth',
  'revocation.encoding',
  'api.auth.in',
  'api.auth.name',
  'api.auth.scheme',
  'api.headers',
  'api.query',
  'api.contentType',
  'api.transforms',
  'profile.query',
  'profile.headers',
  'profile.contentType',
  'profile.unwrap',
  'oauth1.signatureMethod',
  'oauth1.requestTokenMethod',
  'oauth1.accessTokenMethod',
  'oauth1.requestTokenParams',
  'oauth1.authorizeParams',
  'oauth1.verifier',
  'oauth1.callbackConfirmed',
  'oidc.nonce',
  'endpoints.pushedAuthorization',
  'authorization.par',
  'dpop.required',
  'dpop.algorithms',
  'device.clientAuth',
  'device.headers',
  'device.contentType',
  'device.fields',
  'device.errors',
] as const;

/** The error shape only matters once something has failed: its reset cannot fail a flow. */
const NOT_ON_THE_WIRE = new Set<string>(['token.response.error']);

/**
 * The manifest with the field at `path` removed, so the schema's default takes its place. When other fields
 * need it (a URL that a provider-sent variable opens), no valid manifest lacks it: the copy without it is the
 * runtime's view of a client that ignores the field, as it is.
 */
export function withoutField(manifest: ProviderManifest, path: string): ProviderManifest {
  const copy = structuredClone(manifest) as Record<string, unknown>;
  const parts = path.split('.');
  let node = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  delete node[parts.at(-1)!];
  const parsed = Manifest.safeParse(copy);
  return parsed.success ? parsed.data : (copy as ProviderManifest);
}

/** The quirk fields of `manifest`: the fixed list, plus each URL variable's `from` and `optional`. */
export function quirkFieldsOf(manifest: ProviderManifest): string[] {
  const variables = Object.entries(manifest.variables).flatMap(([name, variable]) => [
    ...(variable.from ? [`variables.${name}.from`] : []),
    ...(variable.optional ? [`variables.${name}.optional`] : []),
  ]);
  return [...QUIRK_FIELDS, ...variables];
}

function read(manifest: ProviderManifest, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], manifest);
}

/** The quirk fields `manifest` sets to something other than their default: the mutants to try. */
export function usedQuirkFields(manifest: ProviderManifest): string[] {
  // Without a profile or an operation, the flow makes no API call: api.* cannot show.
  const callsApi = Boolean(manifest.profile || manifest.protocol === 'oidc' || Object.keys(manifest.operations).length > 0);
  return quirkFieldsOf(manifest).filter((field) => {
    if (!callsApi && field.startsWith('api.')) return false;
    if (NOT_ON_THE_WIRE.has(field) || read(manifest, field) === undefined) return false;
    // PKCE is sent whenever it is allowed, so `required` and the default `supported` look the same on the wire.
    if (field === 'authorization.pkce' && manifest.authorization.pkce === 'required') return false;
    // `supported` is the client's choice to push, which the provider does not insist on; and an OIDC provider's
    // discovery (require_pushed_authorization_requests) says `required` again to a client that ignores the field.
    if (field === 'authorization.par' && (manifest.authorization.par === 'supported' || manifest.protocol === 'oidc')) return false;
    // A client uses DPoP in the flow only when the provider requires it, and a reset key algorithm (ES256) is one the provider may take too.
    if (field === 'dpop.algorithms' && (!manifest.dpop?.required || manifest.dpop.algorithms.includes('ES256'))) return false;
    // A granted-scope delimiter equal to the request's is what the reset falls back to anyway.
    if (field === 'token.response.scopeDelimiter' && manifest.token.response.scopeDelimiter === manifest.authorization.scope.delimiter) return false;
    // A field others depend on (secretHash for secret_hash) has no reset of its own: theirs covers it.
    if (field === 'token.secretHash') return false;
    return JSON.stringify(read(withoutField(manifest, field), field)) !== JSON.stringify(read(manifest, field));
  });
}

export type FlowOutcome = { failed: false; steps: string[] } | { failed: true; error: unknown };

/** Runs the whole flow of `manifest`'s emulator with a client built from `clientManifest`. */
export async function outcomeOf(manifest: ProviderManifest, clientManifest: ProviderManifest): Promise<FlowOutcome> {
  let setup: Awaited<ReturnType<typeof setUp>>;
  try {
    setup = await setUp(manifest, { clientManifest });
  } catch (error) {
    // A client that refuses its own options (a variable it cannot fill) fails before any request.
    return { failed: true, error };
  }
  try {
    return await fullFlow(setup, manifest).then(
      (steps) => ({ failed: false as const, steps }),
      (error: unknown) => ({ failed: true as const, error }),
    );
  } finally {
    await setup.emulator.close();
  }
}

/** The flow of a client that ignores `field` (reset to its default), against the real manifest's emulator. */
export async function mutantOutcome(manifest: ProviderManifest, field: string): Promise<FlowOutcome> {
  const mutant = renamed(withoutField(manifest, field), `${manifest.id}-without-${field.replace(/\./g, '-').toLowerCase()}`);
  const attack = ATTACKS[field];
  if (!attack) return outcomeOf(manifest, mutant);
  // A check a client makes only matters under attack: the mutant must fall for the attack the field stops.
  // Caught (failed) when it falls for the attack; a mutant that still refuses it shows the field is not needed.
  return attack.run(manifest, mutant).then(
    () => ({ failed: false as const, steps: [`still ${attack.name}`] }),
    (error: unknown) => ({ failed: true as const, error }),
  );
}

/** The unmutated manifest's flow, under another id so it does not replace a built-in client. */
export function controlOutcome(manifest: ProviderManifest): Promise<FlowOutcome> {
  return outcomeOf(manifest, renamed(manifest, `${manifest.id}-unmutated`));
}
