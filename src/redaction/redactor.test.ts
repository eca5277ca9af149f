import { describe, expect, it } from '@jest/globals';
import { Redactor } from './redactor.js';

describe('Redactor', () => {
  it('masks every 6-character run of a known secret', () => {
    const r = new Redactor().add(['hunter2-horse']);
    expect(r.redact('was "hunter2-ho..." now')).toBe('was "***..." now');
  });

  it('masks a short secret (4-5 characters) a rule reported wherever it stands as a whole token', () => {
    const r = Redactor.forResources([
      { kind: 'ConfigMap', object: { data: { DB_PASSWORD: 'k9Zq2', API_TOKEN: 'Wm4x' } } },
    ]);
    expect(r.redact('data.DB_PASSWORD: "k9Zq2" -> "Wm4x"')).toBe('data.DB_PASSWORD: "***" -> "***"');
    expect(r.redact('k9Zq2')).toBe('***');
    expect(r.redact('password=Wm4x;')).toBe('password=***;');
    // Not inside other words: masking those would garble the text and hint at the secret.
    expect(r.redact('ak9Zq2 Wm4xy')).toBe('ak9Zq2 Wm4xy');
  });

  it('keeps short secrets of both sides when merged (base and head of a diff)', () => {
    const base = Redactor.forResources([{ kind: 'ConfigMap', object: { data: { DB_PASSWORD: 'k9Zq2' } } }]);
    const head = Redactor.forResources([{ kind: 'ConfigMap', object: { data: { DB_PASSWORD: 'Wm4x' } } }]);
    expect(base.merge(head).redact('"k9Zq2" -> "Wm4x"')).toBe('"***" -> "***"');
  });

  it('leaves values of 1-3 characters, which no rule reports as a credential', () => {
    const r = Redactor.forResources([{ kind: 'ConfigMap', object: { data: { DB_PASSWORD: 'abc' } } }]);
    expect(r.redact('"abc"')).toBe('"abc"');
  });

  it('redacts a text again once a secret was added after it (the remembered texts are forgotten)', () => {
    const r = new Redactor().add(['hunter2-horse']);
    expect(r.redact('app k9Zq2 and s3cr3t-value')).toBe('app k9Zq2 and s3cr3t-value');
    r.add(['k9Zq2', 's3cr3t-value']);
    expect(r.redact('app k9Zq2 and s3cr3t-value')).toBe('app *** and ***');
    expect(r.redact(`token ghp_${'a'.repeat(36)}`)).toBe('token ***');
  });
});
