import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../../src/rules/index.js';
import { catalogueRules } from '../../src/catalogue.js';
import { renderRuleDoc } from '../../src/report/rule-docs.js';
import { renderRulesMarkdown } from '../../src/report/rules-catalogue.js';

const root = join(import.meta.dirname, '..', '..');
const docsDir = join(root, 'docs', 'rules');
const update = process.env.UPDATE_DOCS === '1';

describe('rule registry', () => {
  it('src/rules/index.ts lists every rule file', () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-rule-index.mjs'), '--check']);
  });

  it('rule ids are unique, kebab-case and match their file names', () => {
    const ids = catalogueRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every rule has a remediation ending with a period and a test file beside it', () => {
    const files = listRuleFiles(join(root, 'src', 'rules'));
    for (const rule of builtinRules) {
      expect(rule.remediation.trim()).toMatch(/[.`)]$/);
      const file = files.find((f) => f.endsWith(`/${rule.id}.ts`));
      expect(file).toBeDefined();
      if (!rule.engineFinding) expect(existsSync(file!.replace(/\.ts$/, '.test.ts'))).toBe(true);
    }
  });

  it('PSS references use "<level>:<checkId>"', () => {
    for (const rule of builtinRules)
      for (const ref of rule.references.pss ?? [])
        expect(ref).toMatch(/^(baseline|restricted):[a-zA-Z]+(_(baseline|restricted))?$/);
  });

  it('docs/rules are generated from the metadata and not stale', () => {
    if (update) mkdirSync(docsDir, { recursive: true });
    const expected = new Map(catalogueRules.map((r) => [`${r.id}.md`, renderRuleDoc(r)]));
    if (update) {
      for (const [name, text] of expected) writeFileSync(join(docsDir, name), text);
      for (const name of readdirSync(docsDir))
        if (!expected.has(name)) writeFileSync(join(docsDir, name), '');
    }
    const onDisk = existsSync(docsDir)
      ? readdirSync(docsDir).filter((n) => readFileSync(join(docsDir, n), 'utf8') !== '')
      : [];
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(readFileSync(join(docsDir, name), 'utf8')).toBe(text);
  });
});

describe('docs/rules.md', () => {
  it('is the generated catalogue and not stale', () => {
    const text = `<!-- GENERATED from src/rules by \`npm run gen\`. Do not edit. -->\n# Rule catalogue\n\n${catalogueRules.length} rules (risky deltas of the semantic diff included). Each links to its page with why it matters, how to fix it and the equivalent checks of other scanners.\n\n${renderRulesMarkdown([...catalogueRules].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id)))}`;
    const file = join(root, 'docs', 'rules.md');
    if (update) writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

function listRuleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listRuleFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}
