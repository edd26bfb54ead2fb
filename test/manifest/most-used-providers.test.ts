// The 30 most used providers (issue 11's list) come with typed operations: at least three real endpoints
// each, every one with a response schema. The conformance suite calls each of them against the emulator.
import { describe, expect, it } from 'vitest';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';

const MOST_USED = [
  'google', 'microsoft', 'apple', 'github', 'gitlab', 'facebook', 'instagram', 'x', 'linkedin', 'discord',
  'slack', 'spotify', 'twitch', 'reddit', 'dropbox', 'notion', 'zoom', 'salesforce', 'shopify', 'atlassian',
  'bitbucket', 'box', 'hubspot', 'strava', 'tiktok', 'yahoo', 'amazon', 'line', 'kakao', 'wechat',
];

describe.each(MOST_USED)('%s', (id) => {
  it('has at least three operations, each documented and with a response schema', () => {
    const operations = Object.entries(loadBuiltinManifest(id).operations);
    expect(operations.length).toBeGreaterThanOrEqual(3);
    for (const [name, operation] of operations) {
      expect(operation.response, name).toBeTruthy();
      expect(operation.docs, name).toMatch(/^https:\/\//);
    }
  });
});
