import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deltaRules } from '../../src/diff/index.js';
import { renderRuleDoc } from '../../src/report/rule-docs.js';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'deltas');

describe('risky delta docs', () => {
  it('docs/deltas/<id>.md are generated from the delta metadata and not stale (UPDATE_DOCS=1 rewrites them)', () => {
    const expected = new Map(deltaRules.map((r) => [`${r.id}.md`, renderRuleDoc(r)]));
    if (process.env.UPDATE_DOCS === '1') {
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of expected) writeFileSync(join(dir, name), text);
      for (const name of readdirSync(dir)) if (!expected.has(name)) rmSync(join(dir, name));
    }
    expect(existsSync(dir) ? readdirSync(dir).sort() : []).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  });
});
