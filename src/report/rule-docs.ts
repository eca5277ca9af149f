import type { Rule } from '../engine/index.js';

const TOOL_NAMES: Record<string, string> = {
  pss: 'Pod Security Standards',
  polaris: 'Polaris',
  'kube-linter': 'kube-linter',
  checkov: 'Checkov',
  trivy: 'Trivy',
  kubescape: 'Kubescape',
};

/** The doc page of a rule (docs/rules/<id>.md), generated from its metadata. */
export function renderRuleDoc(rule: Rule<unknown>): string {
  const lines = [
    `<!-- GENERATED from src/rules by \`npm run gen\`. Do not edit. -->`,
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `| severity | category | profile |`,
    `| --- | --- | --- |`,
    `| ${rule.severity} | ${rule.category} | ${rule.pssLevel ?? '-'} |`,
    '',
    '## Why',
    '',
    rule.description,
    '',
    '## How to fix',
    '',
    rule.remediation,
    '',
  ];
  const refs = Object.entries(rule.references).filter(([k, v]) => k !== 'links' && v && v.length > 0);
  if (refs.length > 0) {
    lines.push('## Equivalent checks', '', '| tool | checks |', '| --- | --- |');
    for (const [tool, ids] of refs)
      lines.push(`| ${TOOL_NAMES[tool] ?? tool} | ${(ids as string[]).map((i) => `\`${i}\``).join(', ')} |`);
    lines.push('');
  }
  if (rule.dependsOn?.length) {
    lines.push(
      '## Other resources it reads',
      '',
      ...rule.dependsOn.map(
        (d) =>
          `- ${d.relation.description} (${d.kinds.map((k) => `\`${k.replace(/^\//, '')}\``).join(', ')})`,
      ),
      '',
      'In `gitops-guard diff`, a change to one of them judges the unchanged resources that read it again (see [diff](../diff.md#what-is-judged-the-change-and-what-depends-on-it)).',
      '',
    );
  }
  if (rule.parameters) {
    lines.push('## Parameters', '', '```json', JSON.stringify(defaultsOf(rule), null, 2), '```', '');
  }
  if (rule.references.links?.length) {
    lines.push('## References', '', ...rule.references.links.map((l) => `- ${l}`), '');
  }
  lines.push(
    '## Suppressing',
    '',
    `Annotate the resource with \`gitops-guard.io/ignore: ${rule.id}\` and a \`gitops-guard.io/ignore-reason\`, or add an exception in \`.github/gitops-guard.yml\` (see [configuration](../configuration.md)).`,
    '',
  );
  return lines.join('\n');
}

function defaultsOf(rule: Rule<unknown>): unknown {
  try {
    return rule.parameters!.parse({});
  } catch {
    return {};
  }
}
