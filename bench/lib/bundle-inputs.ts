// Reads an esbuild metafile: which inputs an output file is made of, grouped the way a reader thinks about a
// dependency tree, per npm package and, for this package, per dist/ folder.
import type { Metafile } from 'esbuild';

const OURS = 'oauth-registry';

/** `node_modules/oauth-registry/dist/oauth2/x.js` → `oauth-registry dist/oauth2/`; `node_modules/@a/b/…` → `@a/b`. */
export function inputGroup(path: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (!match) return path;
  const [, name, rest] = match as unknown as [string, string, string];
  if (name !== OURS) return name;
  const folder = /^dist\/([^/]+)\//.exec(rest);
  return folder ? `${OURS} dist/${folder[1]}/` : `${OURS} dist/ (top-level files)`;
}

export interface GroupShare {
  group: string;
  /** Minified bytes these inputs take in the output, before gzip. */
  bytes: number;
}

/** Groups of the inputs of one output file (or of all outputs), largest first. */
export function groupShares(metafile: Metafile, outputFile?: string): GroupShare[] {
  const totals = new Map<string, number>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (outputFile !== undefined && !outputFile.endsWith(`/${file}`)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = inputGroup(input);
      totals.set(group, (totals.get(group) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}
