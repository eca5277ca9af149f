import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mayHoldSecretFormat, mayMatch, SECRET_PATTERNS, type SecretPattern } from './patterns.js';

/**
 * The pattern without its assertions (`\b`, lookarounds), which fast-check cannot generate from:
 * it generates a superset of the pattern's matches, and each case checks the pattern itself first.
 */
function generatorOf(p: SecretPattern): fc.Arbitrary<string> {
  const source = p.pattern.source.replace(/\\b/g, '').replace(/\(\?<?[!=](?:[^()\\]|\\.|\([^()]*\))*\)/g, '');
  return fc.stringMatching(new RegExp(source));
}

/** `text` with the case of some ASCII letters flipped (the prefilter ignores case, some patterns too). */
const recased = (text: string, flips: boolean[]) =>
  [...text]
    .map((ch, i) =>
      flips[i % flips.length] ? (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) : ch,
    )
    .join('');

/** Matches each pattern is known to find (its own documentation examples and real-looking tokens). */
const FIXTURES: Record<string, string[]> = {
  'private-key': ['-----BEGIN RSA PRIVATE KEY-----', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\nabc'],
  'aws-access-key-id': ['AKIAIOSFODNN7EXAMPLE', 'id=AKIAZ7XQ3LMN4OPQ5RST;'],
  'aws-secret-access-key': ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  'gcp-service-account-key': [
    '{"private_key_id": "0123456789abcdef0123", "private_key": "-----BEGIN PRIVATE KEY-----"}',
  ],
  'github-token': ['ghp_' + 'a'.repeat(36), 'token github_pat_' + 'B'.repeat(82)],
  'slack-token': ['xoxb-123456789012-abcdef'],
  'slack-webhook': [
    'https://hooks.slack.com/services/T0000/B0000/XXXXXXXX',
    'HTTPS://HOOKS.SLACK.COM/SERVICES/T1/B2/c3',
  ],
  'npm-token': ['npm_' + 'x'.repeat(36)],
  'npmrc-auth-token': ['//registry.npmjs.org/:_authToken=abc123'],
  'openai-key': ['sk-' + 'a'.repeat(20) + 'T3BlbkFJ' + 'b'.repeat(20)],
  'anthropic-key': ['sk-ant-api03-' + 'a'.repeat(93) + 'AA'],
  'sendgrid-key': ['SG.' + 'a'.repeat(22) + '.' + 'b'.repeat(43)],
  'shopify-token': ['shpat_' + 'a'.repeat(32)],
  'linear-key': ['lin_api_' + 'a'.repeat(40)],
  'url-credentials': ['postgres://admin:s3cr3t@db.example.com:5432/app', 'https://user:pw@host'],
};

describe('secret pattern prefilter (mustContain)', () => {
  it('has a fixture for every pattern, and each fixture passes the prefilter', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(SECRET_PATTERNS.map((p) => p.id).sort());
    for (const p of SECRET_PATTERNS)
      for (const text of FIXTURES[p.id]!) {
        expect([p.id, p.pattern.test(text)]).toEqual([p.id, true]);
        expect([p.id, mayMatch(p, text), mayHoldSecretFormat(text)]).toEqual([p.id, true, true]);
      }
  });

  it.each(SECRET_PATTERNS.map((p) => [p.id, p] as const))(
    'never skips a text that %s matches (generated matches in any context and case)',
    (_id, p) => {
      let matched = 0;
      fc.assert(
        fc.property(
          generatorOf(p),
          fc.string(),
          fc.string(),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          (core, before, after, flips) => {
            for (const text of [core, before + core + after, recased(core, flips)]) {
              if (!p.pattern.test(text)) continue;
              matched++;
              if (!mayMatch(p, text) || !mayHoldSecretFormat(text)) return false;
            }
            return true;
          },
        ),
        { numRuns: 300 },
      );
      // The generator must produce real matches, or the property says nothing.
      expect(matched).toBeGreaterThan(50);
    },
  );

  it('skips ordinary manifest values', () => {
    for (const text of ['nginx:1.25', 'app.kubernetes.io/name', 'RuntimeDefault', '500m', 'secretKeyRef'])
      expect(mayHoldSecretFormat(text)).toBe(false);
  });
});
