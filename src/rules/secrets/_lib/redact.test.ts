import { describe, expect, it } from '@jest/globals';
import {
  credentialLabel,
  detectSecrets,
  isPlaceholderOrReference,
  looksLikeSecret,
  redact,
  scanEmbeddedText,
} from './redact.js';

describe('secrets/_lib/redact', () => {
  it('redacts to at most a 2-character prefix', () => {
    expect(redact('hunter2')).toBe('"***"');
    expect(redact('AKIAZ7XQ3LMN4OPQ5RST')).toBe('"AK***" (20 characters)');
    expect(redact(undefined)).toBe('""');
  });
  it('detects known formats and nothing in ordinary text', () => {
    expect(detectSecrets('ghp_' + 'a'.repeat(36)).map((m) => m.id)).toEqual(['github-token']);
    expect(detectSecrets('xoxb-123456789012-abcdef').map((m) => m.id)).toEqual(['slack-token']);
    expect(detectSecrets('https://user:${PASSWORD}@example.com')).toEqual([]);
    expect(detectSecrets('AKIAIOSFODNN7EXAMPLE')).toEqual([]);
    expect(detectSecrets('https://example.com/path?q=1')).toEqual([]);
  });
  it('names credential keys, not file names or settings about them', () => {
    expect(credentialLabel('DB_PASSWORD')).toBe('password');
    expect(credentialLabel('clientSecret')).toBe('secret');
    expect(credentialLabel('api_key')).toBe('api key');
    expect(credentialLabel('password_validation.py')).toBeUndefined();
    expect(credentialLabel('tokenUrl')).toBeUndefined();
    expect(credentialLabel('secretName')).toBeUndefined();
    expect(credentialLabel('monkey')).toBeUndefined();
  });
  it('treats references and placeholders as non-secrets', () => {
    for (const v of [
      '$oidc.okta.clientSecret',
      '${VAR}',
      '$(VAR)',
      '{{ .Values.x }}',
      '<path:kv/data/x#y>',
      'ENC[AES256_GCM,data:x]',
      '****',
      '',
    ]) {
      expect(isPlaceholderOrReference(v)).toBe(true);
    }
    expect(isPlaceholderOrReference('hunter2hunter2')).toBe(false);
    expect(looksLikeSecret('password', 'hunter2hunter2')?.label).toBe('password');
    expect(looksLikeSecret('password', 'true')).toBeUndefined();
    expect(looksLikeSecret(undefined, 'hunter2hunter2')).toBeUndefined();
  });
  it('scans embedded files without reading code as settings', () => {
    expect(scanEmbeddedText('db:\n  password: s3cr3tvalue\n').map((h) => h.setting)).toEqual(['password']);
    expect(scanEmbeddedText('password = request.form["password"]\n', 'app.py')).toEqual([]);
    expect(scanEmbeddedText(42 as unknown as string)).toEqual([]);
  });
  it('answers a repeated scan of a text as the first, a code file without the settings', () => {
    const text = `password: s3cr3tvalue\ntoken = ghp_${'a'.repeat(36)}\n`;
    const config = [
      ['credential-key', 'password', 0],
      ['github-token', undefined, 1],
    ];
    const view = (hits: ReturnType<typeof scanEmbeddedText>) => hits.map((h) => [h.id, h.setting, h.line]);
    expect(view(scanEmbeddedText(text, 'app.py'))).toEqual([config[1]]);
    const first = scanEmbeddedText(text, 'config.yaml');
    expect(view(first)).toEqual(config);
    first.length = 0; // a caller's array is its own
    expect(view(scanEmbeddedText(text))).toEqual(config);
    expect(view(scanEmbeddedText(text, 'app.py'))).toEqual([config[1]]);
  });
});
