/** Every id that scan, diff and the app can emit is in the catalogue (`gitops-guard rules`), with a doc page. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueRules } from '../../src/catalogue.js';
import { LOADER_RULES } from '../../src/manifests/index.js';
import { POLICY_RULES } from '../../src/policy/findings.js';
import { BOOLEAN_REQUIREMENTS, REPO_CHECKS } from '../../src/repo-checks/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Ids of check items that only ever pass (never a finding): reported in repositoryChecks items, not as findings. */
const PASS_ONLY = new Set(['commit-signature-verified', 'commit-signature-allowed-bot']);

/** Literal ids in `ruleId: '...'` of the code that builds findings outside the rule files. */
function literalIds(): string[] {
  const ids = new Set<string>();
  for (const file of sources(join(root, 'src')).filter(
    (f) => !f.includes('/src/rules/') && !f.endsWith('/catalogue.ts') && !f.endsWith('/rules.ts'),
  )) {
    for (const m of readFileSync(file, 'utf8').matchAll(/ruleId: '([a-z][a-z0-9-]+)'/g))
      if (!PASS_ONLY.has(m[1]!)) ids.add(m[1]!);
  }
  return [...ids];
}

describe('the catalogue covers every emitted id', () => {
  const ids = new Set(catalogueRules.map((r) => r.id));
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const emitted = [
    ...literalIds(),
    ...Object.values(LOADER_RULES),
    ...Object.values(POLICY_RULES),
    ...BOOLEAN_REQUIREMENTS.map(([key]) => `branch-protection-${kebab(key)}`),
    'branch-protection-required-approvals',
    ...Object.keys(REPO_CHECKS).map((name) => `${name}-error`),
    'commit-signature-unsigned',
  ];

  it.each(emitted.map((id) => [id]))('%s is in the catalogue and has docs/rules/<id>.md', (id) => {
    expect(ids.has(id)).toBe(true);
    expect(existsSync(join(root, 'docs/rules', `${id}.md`))).toBe(true);
  });

  it('the scan found the repository-check and policy ids (the scan itself works)', () => {
    expect(emitted).toEqual(
      expect.arrayContaining([
        'codeowners-uncovered-file',
        'commit-signature-incomplete',
        'push-forced',
        'policy-not-evaluated',
        'branch-protection-no-admin-bypass',
      ]),
    );
  });
});
