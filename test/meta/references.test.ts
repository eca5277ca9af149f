import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueRules } from '../../src/catalogue.js';
import type { RuleReferences } from '../../src/engine/index.js';
import { DIFFERS, NOTED, type PeerDifference } from './peer-differences.js';

const root = join(import.meta.dirname, '..', '..');
const update = process.env.UPDATE_DOCS === '1';

type Tool = 'polaris' | 'kube-linter' | 'checkov' | 'trivy' | 'kubescape';
const TOOLS: Tool[] = ['polaris', 'kube-linter', 'checkov', 'trivy', 'kubescape'];

/** How each tool spells its check ids. */
const SHAPES: Record<Tool, RegExp> = {
  polaris: /^[a-z][a-zA-Z0-9]*$/, // camelCase: cpuRequestsMissing
  'kube-linter': /^[a-z0-9]+(-[a-z0-9]+)*$/, // kebab-case: no-read-only-root-fs
  checkov: /^CKV2?_K8S_\d+$/, // CKV_K8S_8, CKV2_K8S_5
  trivy: /^KSV-\d{4,5}$/, // KSV-0001, KSV-01011 (trivy-checks' current ids; the KSV001 spelling is an alias)
  kubescape: /^C-\d{4}$/, // C-0017
};

interface PeerCheckList {
  tool: Tool;
  repository: string;
  commit: string;
  version: string;
  committed: string;
  source: string;
  checks: Array<{ id: string; aliases?: string[]; title?: string }>;
}

/** Every check id each peer publishes, vendored by scripts/vendor-peer-check-ids.mjs. */
const PEERS = Object.fromEntries(
  TOOLS.map((t) => [
    t,
    JSON.parse(readFileSync(join(import.meta.dirname, 'peer-checks', `${t}.json`), 'utf8')) as PeerCheckList,
  ]),
) as Record<Tool, PeerCheckList>;
const PEER_IDS = Object.fromEntries(
  TOOLS.map((t) => [t, new Set(PEERS[t].checks.map((c) => c.id))]),
) as Record<Tool, Set<string>>;

const KNOWN_KEYS = new Set<keyof RuleReferences>(['pss', 'links', ...TOOLS]);

function hasToolReference(refs: RuleReferences): boolean {
  return TOOLS.some((t) => (refs[t]?.length ?? 0) > 0);
}

function differenceTable(rows: PeerDifference[]): string[] {
  const sorted = [...rows].sort(
    (a, b) =>
      a.rule.localeCompare(b.rule) ||
      TOOLS.indexOf(a.tool) - TOOLS.indexOf(b.tool) ||
      a.id.localeCompare(b.id),
  );
  return [
    '| rule | tool | check | difference |',
    '| --- | --- | --- | --- |',
    ...sorted.map((d) => `| [${d.rule}](rules/${d.rule}.md) | ${d.tool} | \`${d.id}\` | ${d.reason} |`),
  ];
}

function renderScannerEquivalents(): string {
  const rules = [...catalogueRules].sort((a, b) => a.id.localeCompare(b.id));
  const listed = rules.filter((r) => hasToolReference(r.references));
  const cell = (ids: string[] | undefined) =>
    ids && ids.length > 0 ? ids.map((i) => `\`${i}\``).join(', ') : '-';
  const lines = [
    '<!-- GENERATED from the rule metadata by `npm run gen` (test/meta/references.test.ts). Do not edit. -->',
    '# Equivalent checks of other scanners',
    '',
    'The checks of Polaris, KubeLinter, Checkov (`CKV_K8S_*`, graph checks `CKV2_K8S_*`), Trivy (`KSV*`) and Kubescape (`C-*` controls) that look for the same problem as each gitops-guard rule, from the `references` of the rule metadata (`gitops-guard rules --format json` publishes them too).',
    'A check is listed where it judges the same problem by the same criterion (see [What a reference claims](#what-a-reference-claims)); a tool is left out where it has none.',
    `${rules.length - listed.length} of the ${rules.length} rules have no equivalent in these tools and are not listed.`,
    '',
    '| rule | polaris | kube-linter | checkov | trivy | kubescape |',
    '| --- | --- | --- | --- | --- | --- |',
    ...listed.map(
      (r) => `| [${r.id}](rules/${r.id}.md) | ${TOOLS.map((t) => cell(r.references[t])).join(' | ')} |`,
    ),
    '',
    '## What a reference claims',
    '',
    "A rule references a peer's check only where the peer judges the same problem by the same criterion, read from the peer's own definition at the commit below: the check raises nothing the rule deliberately passes, and the fix it asks for is one the rule accepts. A check may still look at less (one capability of many, fewer kinds); those spots, and the other places where verdicts can still differ, are listed under [Known differences of referenced checks](#known-differences-of-referenced-checks). Where a peer's criterion differs, the rule does not reference it and the reason is under [Checks judged differently](#checks-judged-differently).",
    '',
    "A meta-test (test/meta/references.test.ts) holds every reference against the vendored list of each peer's check ids (test/meta/peer-checks/, written by scripts/vendor-peer-check-ids.mjs from the peer's repository), so a typo or a check that does not exist fails the build. The peers' own labelled fixtures for the referenced checks run as conformance tests: [peer-fixtures.md](peer-fixtures.md) has the counts and every disagreement with its reason.",
    '',
    '| tool | version | commit | ids read from | checks |',
    '| --- | --- | --- | --- | --- |',
    ...TOOLS.map((t) => {
      const p = PEERS[t];
      return `| ${t} | ${p.version} | [\`${p.commit.slice(0, 12)}\`](${p.repository}/tree/${p.commit}) (${p.committed.slice(0, 10)}) | ${p.source} | ${p.checks.length} |`;
    }),
    '',
    'Trivy ids are written as trivy-checks publishes them today (`KSV-0001`); the older spelling (`KSV001`) is an alias of the same check.',
    '',
    '## Known differences of referenced checks',
    '',
    ...differenceTable(NOTED),
    '',
    '## Checks judged differently',
    '',
    'These checks look at the same thing as a rule but by another criterion, so the rule does not reference them. Where gitops-guard follows the Pod Security Standards, the standard decides.',
    '',
    ...differenceTable(DIFFERS),
    '',
    '## Kyverno policies',
    '',
    "The repository's own Kyverno policies are evaluated as Kyverno evaluates them, measured against the verdicts of kyverno/policies' CLI tests (pod-security, best-practices, argo, flux: `test/conformance/kyverno-policies.test.ts`). Where our verdict can still differ from Kyverno's, the reason is listed in [docs/custom-rules.md](custom-rules.md#known-differences-from-kyverno).",
    '',
  ];
  return lines.join('\n');
}

describe('rule references', () => {
  it('use only the known tools', () => {
    for (const rule of catalogueRules) {
      for (const key of Object.keys(rule.references))
        expect({ rule: rule.id, key, known: KNOWN_KEYS.has(key as keyof RuleReferences) }).toEqual({
          rule: rule.id,
          key,
          known: true,
        });
    }
  });

  it.each(TOOLS)('%s ids are spelled as the tool publishes them, without duplicates', (tool) => {
    for (const rule of catalogueRules) {
      const ids = rule.references[tool] ?? [];
      expect(Array.isArray(ids)).toBe(true);
      for (const id of ids)
        expect({ rule: rule.id, id, ok: SHAPES[tool].test(id) }).toEqual({ rule: rule.id, id, ok: true });
      expect({ rule: rule.id, ids: [...new Set(ids)] }).toEqual({ rule: rule.id, ids });
    }
  });

  it.each(TOOLS)("%s ids exist in the vendored list of the peer's checks", (tool) => {
    for (const rule of catalogueRules) {
      for (const id of rule.references[tool] ?? [])
        expect({ rule: rule.id, id, exists: PEER_IDS[tool].has(id) }).toEqual({
          rule: rule.id,
          id,
          exists: true,
        });
    }
  });

  it('the vendored lists say where they come from', () => {
    for (const tool of TOOLS) {
      const peer = PEERS[tool];
      expect({
        tool,
        commit: /^[0-9a-f]{40}$/.test(peer.commit),
        repository: peer.repository.startsWith('https://github.com/'),
        checks: peer.checks.length > 10,
      }).toEqual({
        tool,
        commit: true,
        repository: true,
        checks: true,
      });
    }
  });

  it('differences name existing rules and checks, and a check judged differently is not referenced', () => {
    const rules = new Map(catalogueRules.map((r) => [r.id, r]));
    for (const d of DIFFERS) {
      const rule = rules.get(d.rule);
      expect({
        ...d,
        ruleExists: rule !== undefined,
        checkExists: PEER_IDS[d.tool].has(d.id),
        referenced: rule?.references[d.tool]?.includes(d.id) ?? false,
      }).toEqual({ ...d, ruleExists: true, checkExists: true, referenced: false });
    }
    for (const d of NOTED) {
      const rule = rules.get(d.rule);
      expect({ ...d, referenced: rule?.references[d.tool]?.includes(d.id) ?? false }).toEqual({
        ...d,
        referenced: true,
      });
    }
  });

  it('links are absolute https URLs', () => {
    for (const rule of catalogueRules)
      for (const link of rule.references.links ?? [])
        expect({ rule: rule.id, link, ok: /^https:\/\/\S+$/.test(link) }).toEqual({
          rule: rule.id,
          link,
          ok: true,
        });
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
