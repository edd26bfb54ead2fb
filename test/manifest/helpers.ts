// Shared helpers for the manifest tests: a minimal valid manifest, a scratch directory and the expected
// source position of a piece of text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ManifestError } from '../../src/errors.ts';

export const MINIMAL_MANIFEST = `id: acme
name: Acme
protocol: oauth2
docs: https://acme.example/docs
lastVerified: 2026-11-23
endpoints:
  authorize: https://acme.example/oauth/authorize
  token: https://acme.example/oauth/token
`;

/** The same minimal manifest as an object, for registerProvider and JSON manifests. */
export function minimalManifestObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'acme',
    name: 'Acme',
    protocol: 'oauth2',
    docs: 'https://acme.example/docs',
    lastVerified: '2026-11-23',
    endpoints: { authorize: 'https://acme.example/oauth/authorize', token: 'https://acme.example/oauth/token' },
    ...overrides,
  };
}

/** A fresh directory for manifest files, removed by the returned cleanup. */
export function scratchDirectory(): { dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-test-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** 1-based line and column where `needle` (which must occur once) starts in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0 || text.indexOf(needle, index + 1) >= 0) throw new Error(`"${needle}" must occur exactly once in the fixture`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Runs `load`, expects a ManifestError, and returns it. */
export function manifestErrorFrom(load: () => unknown): ManifestError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected a ManifestError, but the manifest loaded');
}
