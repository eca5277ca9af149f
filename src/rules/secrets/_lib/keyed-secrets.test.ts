import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { GITLEAKS_KEYED_RULES, GITLEAKS_SKIPPED, GITLEAKS_SOURCE } from './gitleaks-keyed-rules.js';
import { keyedSecret, namesAProvider, shannonEntropy } from './keyed-secrets.js';
import { secretValuesOf } from '../../../redaction/secret-values.js';
import { credentialLabel, looksLikeSecret, scanEmbeddedText } from './redact.js';

describe('vendored gitleaks keyed rules (meta)', () => {
  it('say where they come from: repository, commit, version and licence', () => {
    expect(GITLEAKS_SOURCE.repository).toBe('https://github.com/gitleaks/gitleaks');
    expect(GITLEAKS_SOURCE.path).toBe('config/gitleaks.toml');
    expect(GITLEAKS_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(GITLEAKS_SOURCE.version).toMatch(/^v\d+\.\d+\.\d+/);
    expect(GITLEAKS_SOURCE.licence).toBe('MIT');
    expect(GITLEAKS_SOURCE.notice).toMatch(/Copyright \(c\) \d{4} /);
  });

  it('are gitleaks rule ids, each once, none both taken and skipped', () => {
    const ids = GITLEAKS_KEYED_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)+$/);
    const skipped = new Set(GITLEAKS_SKIPPED.map((s) => s.id));
    expect(ids.filter((id) => skipped.has(id))).toEqual([]);
    expect(ids.length).toBeGreaterThan(60);
  });

  it('compile as RE2 (linear-time) patterns, keywords and whole-value formats', () => {
    for (const r of GITLEAKS_KEYED_RULES) {
      expect(() => RE2JS.compile(`(?i)(?:${r.keyword})`)).not.toThrow();
      expect(() => RE2JS.compile(`(?i)(?:${r.value})`)).not.toThrow();
      // A format that accepts the empty string, or a keyword that matches every key, would judge nothing.
      expect(RE2JS.compile(`(?i)(?:${r.value})`).matches('')).toBe(false);
      expect(RE2JS.compile(`(?i)(?:${r.keyword})`).matcher('DATABASE_URL').find()).toBe(false);
    }
  });

  it('leave identifiers and the generic rule out', () => {
    const ids = new Set(GITLEAKS_KEYED_RULES.map((r) => r.id));
    for (const id of ['generic-api-key', 'discord-client-id', 'lob-pub-api-key'])
      expect(ids.has(id)).toBe(false);
  });
});

const uuid = '4f8a1c2e-9b3d-4e6f-8a7b-1c2d3e4f5a6b';
const hex = (n: number) => Array.from({ length: n }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('');
const alnum = (n: number) =>
  Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[(i * 11 + 5) % 36]).join('');

describe('keyedSecret', () => {
  it.each([
    ['HEROKU_API', uuid, 'gitleaks:heroku-api-key'],
    ['CLOUDFLARE_GLOBAL', hex(37), 'gitleaks:cloudflare-global-api-key'],
    ['sentry.auth', hex(64), 'gitleaks:sentry-access-token'],
    ['ALIBABA_CLOUD_AK', alnum(30), 'gitleaks:alibaba-secret-key'],
    ['yandexCloud', `AQVN${alnum(36)}`, 'gitleaks:yandex-api-key'],
  ])('%s with the provider format is its credential, a key the generic words miss', (key, value, id) => {
    expect(credentialLabel(key)).toBeUndefined();
    expect(keyedSecret(key, value)?.id).toBe(id);
    expect(looksLikeSecret(key, value)?.id).toBe(id);
    expect(scanEmbeddedText(`# env\n${key}=${value}\n`).map((h) => [h.id, h.setting])).toEqual([[id, key]]);
  });

  it.each([
    ['another provider name', 'DATABASE_ID', uuid],
    ['a value of another format', 'CLOUDFLARE_ZONE', 'example.com'],
    ['a value of the wrong length', 'CLOUDFLARE_GLOBAL', hex(36)],
    ['below the rule entropy', 'SENTRY_AUTH', '0'.repeat(64)],
    ['a reference', 'HEROKU_API', '${HEROKU_API}'],
  ])('not for %s', (_why, key, value) => {
    expect(looksLikeSecret(key, value)).toBeUndefined();
  });

  it('is a secret value the redactor masks, in a ConfigMap, an env var and an embedded file', () => {
    const object = {
      data: { HEROKU_API: uuid, 'app.env': `SENTRY_AUTH=${hex(64)}\n` },
      spec: { containers: [{ env: [{ name: 'CLOUDFLARE_GLOBAL', value: hex(37) }] }] },
    };
    expect(secretValuesOf({ kind: 'ConfigMap', object }).sort()).toEqual([hex(37), hex(64), uuid].sort());
  });

  it('says which keys name a provider (no other key holds a keyed secret, whatever its value)', () => {
    expect(['HEROKU_API', 'sentry.auth', 'yandexCloud'].map(namesAProvider)).toEqual([true, true, true]);
    expect(['image', 'DATABASE_ID', '', 'heroku'.repeat(30)].map(namesAProvider)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('computes entropy as gitleaks does', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});

/** keyedSecret as it was before its prefilters and lazy compilation: every rule in RE2, in order. */
function keyedSecretReference(key: string, value: string): string | undefined {
  const text = value.trim();
  if (key.length === 0 || key.length > 120 || text.length === 0 || text.length > 512) return undefined;
  for (const r of GITLEAKS_KEYED_RULES) {
    if (!RE2JS.compile(`(?i)(?:${r.keyword})`).matcher(key).find()) continue;
    if (!RE2JS.compile(`(?i)(?:${r.value})`).matches(text)) continue;
    if (r.entropy !== undefined && shannonEntropy(text) < r.entropy) continue;
    return `gitleaks:${r.id}`;
  }
  return undefined;
}

describe('keyedSecret prefilters (per key, per rule, lazily compiled)', () => {
  /** RE2 syntax V8 reads too (all rules but a few): keys and values generated from it, in any case. */
  const generable = GITLEAKS_KEYED_RULES.flatMap((r) => {
    try {
      const keyword = new RegExp(r.keyword.replace(/\(\?-i:/g, '(?:'));
      const value = new RegExp(`^(?:${r.value.replace(/\(\?-i:/g, '(?:')})$`);
      fc.sample(fc.stringMatching(value), 1);
      return [[r.id, keyword, value] as const];
    } catch {
      return [];
    }
  });
  const flip = (text: string, flips: boolean[]) =>
    [...text].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');

  it('covers nearly every rule', () => {
    expect(generable.length).toBeGreaterThan(GITLEAKS_KEYED_RULES.length - 5);
  });

  it.each(generable)('judge as every rule in RE2 would (%s)', (_id, keyword, value) => {
    fc.assert(
      fc.property(
        fc.stringMatching(keyword, { size: 'xsmall' }),
        fc.stringMatching(value, { size: 'xsmall' }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        (key, text, flips) => {
          for (const k of [key, flip(key, flips)])
            if (keyedSecret(k, text)?.id !== keyedSecretReference(k, text)) return false;
          return true;
        },
      ),
      { numRuns: 20 },
    );
  });
});
