// `oauth-registry validate`: every error in every manifest in one run, located and with suggestions;
// warnings that fail only with --strict; exit codes 0 / 1 / 2.
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUsageMistake, UsageError } from '../../src/cli/usage.ts';
import { runValidateCommand } from '../../src/cli/validate.ts';
import { MINIMAL_MANIFEST, positionOf, scratchDirectory } from '../manifest/helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const BROKEN = join(FIXTURES, 'broken');
const WARNINGS = join(FIXTURES, 'warnings');
const TODAY = new Date('2026-11-24T12:00:00Z');

/** Runs validate in-process with a fixed date; returns the exit code and the printed lines. */
async function validate(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runValidateCommand(argv, { today: TODAY, print: (text) => lines.push(...text.split('\n')) });
  return { code, lines };
}

function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** `file:line:column` of `needle` in a fixture. */
function at(file: string, needle: string): string {
  const { line, column } = positionOf(readFileSync(file, 'utf8'), needle);
  return `${file}:${line}:${column}`;
}

describe('oauth-registry validate', () => {
  it('lists every error of every broken manifest in one run, located, with suggestions', async () => {
    const { code, lines } = await validate(BROKEN);
    const file = (name: string) => join(BROKEN, name);
    expect(lines).toEqual([
      `${at(file('bad-url.yaml'), 'acme.example/oauth/authorize')} endpoints.authorize: expected an absolute URL, got "acme.example/oauth/authorize"`,
      `${at(file('bad-url.yaml'), 'http://')} endpoints.token: expected an https:// URL (http:// only on loopback), got "http://acme.example/oauth/token"`,
      expect.stringMatching(startsWith(`${file('syntax.yaml')}:3:1 flow sequence`)),
      `${at(file('typo-enum.yaml'), 'oauth\n')} protocol: expected one of "oauth1", "oauth2", "oidc", got "oauth"; did you mean "oauth1" or "oauth2"?`,
      `${at(file('typo-enum.yaml'), 'usrname')} profile.fields.usrname: unknown field "usrname"; did you mean "username"?`,
      `${at(file('typo-field.yaml'), 'profil:')} profil: unknown field "profil"; did you mean "profile"?`,
      `${at(file('wrong-type.json'), '42')} name: expected string, got number 42`,
      `${at(file('wrong-type.json'), '"basik"')} token.clientAuth: expected one of "basic", "post", "basic_and_client_id", "none", "private_key_jwt", "client_secret_jwt", "secret_hash", got "basik"; did you mean "basic"?`,
      '6 files, 8 errors, 0 warnings',
    ]);
    expect(code).toBe(1);
  });

  it('skips JSON Schema files and passes a valid manifest with exit code 0', async () => {
    expect(await validate(join(BROKEN, 'valid.yaml'))).toEqual({ code: 0, lines: ['1 file, 0 errors, 0 warnings'] });
    const { lines } = await validate(BROKEN);
    expect(lines.join('\n')).not.toContain('schema.json');
  });

  it('passes a retired manifest, which is a valid file whose id fails clearly at run time', async () => {
    const scratch = scratchDirectory();
    try {
      const file = scratch.write('gone.yaml', 'id: gone\nname: Gone\ndocs: https://gone.example/docs\nstatus: retired\nlastVerified: 2026-11-01\nretiredOn: 2025-01-31\n');
      const { code, lines } = await validate(file);
      expect(lines).toEqual(['1 file, 0 errors, 0 warnings']);
      expect(code).toBe(0);
    } finally {
      scratch.cleanup();
    }
  });

  it('reports warnings without failing, unless --strict', async () => {
    const { code, lines } = await validate(WARNINGS);
    const file = (name: string) => join(WARNINGS, name);
    expect(lines).toEqual([
      `${file('no-profile.yaml')}:1:1 profile: warning: no profile section, so client.profile() cannot say who signed in: add profile.url and profile.fields`,
      expect.stringMatching(startsWith(`${at(file('odd-host.yaml'), 'https://acme-tokens')} endpoints.revoke: warning: host acme-tokens.example is on a different domain`)),
      `${at(file('stale.yaml'), '2025-11-23')} lastVerified: warning: last verified 2025-11-23, more than 12 months ago: check the manifest against https://acme.example/docs and update lastVerified`,
      '3 files, 0 errors, 3 warnings',
    ]);
    expect(code).toBe(0);
    expect((await validate('--strict', WARNINGS)).code).toBe(1);
    expect((await validate('--strict', join(BROKEN, 'valid.yaml'))).code).toBe(0);
  });

  it('prints machine-readable results with --json', async () => {
    const { code, lines } = await validate('--json', join(BROKEN, 'typo-field.yaml'), join(WARNINGS, 'stale.yaml'));
    expect(code).toBe(1);
    const result = JSON.parse(lines.join('\n'));
    expect(result).toEqual({
      ok: false,
      summary: { files: 2, errors: 1, warnings: 1 },
      files: [
        { file: join(BROKEN, 'typo-field.yaml'), errors: [{ line: 10, column: 1, field: 'profil', message: 'unknown field "profil"; did you mean "profile"?' }], warnings: [] },
        { file: join(WARNINGS, 'stale.yaml'), errors: [], warnings: [expect.objectContaining({ line: 5, column: 15, field: 'lastVerified' })] },
      ],
    });
  });

  it('treats a missing path, a non-manifest file, an empty directory and an unknown option as usage mistakes', async () => {
    const scratch = scratchDirectory();
    try {
      const mistakes = [[join(FIXTURES, 'nowhere')], [join(BROKEN, 'valid.user.schema.json')], [scratch.write('notes.txt', 'hi')], [scratch.dir], ['--fix', BROKEN]];
      for (const argv of mistakes) {
        const error = await validate(...argv).catch((caught: unknown) => caught);
        expect(isUsageMistake(error), argv.join(' ')).toBe(true);
      }
      await expect(validate(scratch.dir)).rejects.toThrow(UsageError);
    } finally {
      scratch.cleanup();
    }
  });
});

describe('oauth-registry validate, one finding per line', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => {
    scratch = scratchDirectory();
  });
  afterEach(() => scratch.cleanup());

  it('keeps a line break inside a quoted value from splitting a finding', async () => {
    scratch.write('acme.yaml', MINIMAL_MANIFEST.replace('token: https://acme.example/oauth/token', 'token: "http://acme.example/\\nx"'));
    const { lines } = await validate(scratch.dir);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('got "http://acme.example/\\nx"');
  });

  it('reports a manifest it cannot read and goes on with the others', async () => {
    scratch.write('acme.yaml', `${MINIMAL_MANIFEST}profile: { url: https://acme.example/me, fields: { id: id } }\n`);
    // A dangling link: unreadable even for root, which reads files whatever their mode.
    const dangling = join(scratch.dir, 'bcme.yaml');
    symlinkSync(join(scratch.dir, 'gone.yaml'), dangling);
    const { code, lines } = await validate(scratch.dir);
    expect(lines).toEqual([`${dangling} cannot read the manifest (ENOENT)`, '2 files, 1 error, 0 warnings']);
    expect(code).toBe(1);
  });
});

describe('oauth-registry validate through the installed command', () => {
  /** Runs the bin; the exit code is 0 when the process succeeded. */
  async function runBin(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const run = promisify(execFile);
    const args = ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), ...argv];
    return run(process.execPath, args, { cwd: ROOT }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  }

  it('exits 1 on errors, listing them, and 2 on a usage mistake', async () => {
    const failed = await runBin('validate', BROKEN);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('profil: unknown field "profil"; did you mean "profile"?');
    expect(failed.stdout).toMatch(/^6 files, 8 errors, \d+ warnings?$/m);
    const usage = await runBin('validate', join(FIXTURES, 'nowhere'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('cannot read');
  }, 30_000);
});
