import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueRules } from '../../src/catalogue.js';
import type { RuleReferences } from '../../src/engine/index.js';

const root = join(import.meta.dirname, '..', '..');
const update = process.env.UPDATE_DOCS === '1';

type Tool = 'polaris' | 'kube-linter' | 'checkov' | 'trivy' | 'kubescape';
const TOOLS: Tool[] = ['polaris', 'kube-linter', 'checkov', 'trivy', 'kubescape'];

/** How each tool spells its check ids. */
const SHAPES: Record<Tool, RegExp> = {
  polaris: /^[a-z][a-zA-Z0-9]*$/, // camelCase: cpuRequestsMissing
  'kube-linter': /^[a-z0-9]+(-[a-z0-9]+)*$/, // kebab-case: no-read-only-root-fs
  checkov: /^CKV2?_K8S_\d+$/, // CKV_K8S_8, CKV2_K8S_5
  trivy: /^KSV\d{3,4}$/, // KSV001, KSV0125
  kubescape: /^C-\d{4}$/, // C-0017
};

const KNOWN_KEYS = new Set<keyof RuleReferences>(['pss', 'links', ...TOOLS]);

function hasToolReference(refs: RuleReferences): boolean {
  return TOOLS.some((t) => (refs[t]?.length ?? 0) > 0);
}

function renderScannerEquivalents(): string {
  const rules = [...catalogueRules].sort((a, b) => a.id.localeCompare(b.id));
  const listed = rules.filter((r) => hasToolReference(r.references));
  const cell = (ids: string[] | undefined) => (ids && ids.length > 0 ? ids.map((i) => `\`${i}\``).join(', ') : '-');
  const lines = [
    '<!-- GENERATED from the rule metadata by `npm run gen` (test/meta/references.test.ts). Do not edit. -->',
    '# Equivalent checks of other scanners',
    '',
    'The checks of Polaris, KubeLinter, Checkov (`CKV_K8S_*`, graph checks `CKV2_K8S_*`), Trivy (`KSV*`) and Kubescape (`C-*` controls) that look for the same problem as each gitops-guard rule, from the `references` of the rule metadata (`gitops-guard rules --format json` publishes them too).',
    'An equivalent check may be broader or narrower than the rule (for example, it may also flag a missing field the rule accepts); a tool is left out where it has no check for the same problem.',
    `${rules.length - listed.length} of the ${rules.length} rules have no equivalent in these tools and are not listed.`,
    '',
    '| rule | polaris | kube-linter | checkov | trivy | kubescape |',
    '| --- | --- | --- | --- | --- | --- |',
    ...listed.map((r) => `| [${r.id}](rules/${r.id}.md) | ${TOOLS.map((t) => cell(r.references[t])).join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

describe('rule references', () => {
  it('use only the known tools', () => {
    for (const rule of catalogueRules) {
      for (const key of Object.keys(rule.references)) expect({ rule: rule.id, key, known: KNOWN_KEYS.has(key as keyof RuleReferences) }).toEqual({ rule: rule.id, key, known: true });
    }
  });

  it.each(TOOLS)('%s ids are spelled as the tool publishes them, without duplicates', (tool) => {
    for (const rule of catalogueRules) {
      const ids = rule.references[tool] ?? [];
      expect(Array.isArray(ids)).toBe(true);
      for (const id of ids) expect({ rule: rule.id, id, ok: SHAPES[tool].test(id) }).toEqual({ rule: rule.id, id, ok: true });
      expect({ rule: rule.id, ids: [...new Set(ids)] }).toEqual({ rule: rule.id, ids });
    }
  });

  it('links are absolute https URLs', () => {
    for (const rule of catalogueRules) for (const link of rule.references.links ?? []) expect({ rule: rule.id, link, ok: /^https:\/\/\S+$/.test(link) }).toEqual({ rule: rule.id, link, ok: true });
  });
});

describe('docs/scanner-equivalents.md', () => {
  it('is generated from the rule metadata and not stale', () => {
    const text = renderScannerEquivalents();
    const file = join(root, 'docs', 'scanner-equivalents.md');
    if (update) writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
