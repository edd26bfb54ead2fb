// What a manifest says about itself rather than about the protocol: its names, where it stands in its life
// (active, deprecated, retired), what replaced it, and the evidence it was checked against. Shared by the
// schema of a usable manifest and that of a retired one.
import { z } from 'zod';

export const ProviderIdName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected lower-case letters, digits and hyphens');

const HttpsUrl = z.url().regex(/^https:\/\//, 'expected an https:// URL');

const Evidence = z
  .object({
    url: HttpsUrl.describe('The page or data that was read.'),
    checked: z.iso.date().describe('When it was read (YYYY-MM-DD).'),
    kind: z
      .enum(['docs', 'peer', 'changelog', 'other'])
      .describe("docs: the provider's documentation; peer: another library's configuration for this provider; changelog: a provider announcement; other: anything else (a discovery document)."),
    note: z.string().min(1).optional().describe('What this source supports in the manifest.'),
  })
  .strict();

/** The fields every manifest has, usable or retired. */
export const metadataFields = {
  $schema: z.string().optional(),
  id: ProviderIdName,
  name: z.string().min(1),
  docs: z.url().describe("The provider's developer documentation this manifest was written from."),
  lastVerified: z.iso.date().describe('When the manifest was last checked against the docs (YYYY-MM-DD).'),
  aliases: z
    .array(ProviderIdName)
    .default([])
    .describe(
      'Other ids that stand for this provider (e.g. its id before a rename). getManifest, createClient and createProviderClient resolve an alias to this manifest and warn once per alias; generated createClient has an overload for it. No alias may equal an id or another alias in the registry.',
    ),
  evidence: z
    .array(Evidence)
    .optional()
    .describe('The docs pages and peer data the manifest was checked against. Kept out of the runtime manifests that codegen emits.'),
};

const ReplacedBy = ProviderIdName.describe('The id of the manifest to use instead; named in the deprecation warning and in ProviderRetiredError.');

export const lifecycleFields = {
  status: z.enum(['active', 'deprecated']).default('active').describe('deprecated: still works, warns once per process; see also replacedBy.'),
  replacedBy: ReplacedBy.optional(),
};

export const retiredFields = {
  status: z.literal('retired').describe('The provider no longer works: creating its client throws ProviderRetiredError.'),
  retiredOn: z.iso.date().describe('When the provider stopped working (YYYY-MM-DD).'),
  replacedBy: ReplacedBy.optional(),
};

interface Metadata {
  id: string;
  status: string;
  aliases: readonly string[];
  replacedBy?: string | undefined;
}

/** Checks that need several metadata fields at once. */
export function checkMetadata(m: Metadata, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  m.aliases.forEach((alias, index) => {
    if (alias === m.id) ctx.addIssue({ code: 'custom', path: ['aliases', index], message: `"${alias}" is the manifest's own id, not an alias` });
    else if (seen.has(alias)) ctx.addIssue({ code: 'custom', path: ['aliases', index], message: `"${alias}" is listed twice` });
    seen.add(alias);
  });
  if (m.replacedBy === m.id) ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'a manifest cannot be replaced by itself' });
  if (m.replacedBy !== undefined && m.status === 'active') {
    ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'replacedBy only applies to a deprecated or retired manifest' });
  }
}
