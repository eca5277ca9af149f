import type { Rule } from '../engine/index.js';
import { ruleDocUrl } from './rule-links.js';
import { markdownCell, markdownCode, terminalText } from './safe-text.js';

/** `gitops-guard rules --format json`. */
export function renderRulesJson(
  rules: readonly Rule<unknown>[],
  sourceOf: (rule: Rule<unknown>) => string = (r) => (r.engineFinding ? 'engine' : 'builtin'),
): string {
  return JSON.stringify({ rules: rules.map((r) => ruleJson(r, sourceOf(r))) }, null, 2) + '\n';
}

function ruleJson(rule: Rule<unknown>, source: string) {
  let parameters: unknown;
  try {
    parameters = rule.parameters ? rule.parameters.parse({}) : undefined;
  } catch {
    parameters = undefined;
  }
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    description: rule.description,
    remediation: rule.remediation,
    references: rule.references,
    ...(rule.pssLevel ? { pssLevel: rule.pssLevel } : {}),
    enabledByDefault: rule.enabledByDefault !== false,
    ...(parameters !== undefined ? { parameters } : {}),
    source,
  };
}

export function renderRulesText(rules: readonly Rule<unknown>[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return (
    rules
      .map((r) =>
        terminalText(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.category.padEnd(12)}  ${r.title}`),
      )
      .join('\n') + '\n'
  );
}

/** `gitops-guard rules ID`: each rule in full, with its doc page. */
export function renderRuleDetail(rules: readonly Rule<unknown>[]): string {
  return (
    rules
      .map((r) => {
        const refs = Object.entries(r.references)
          .filter(([k, v]) => k !== 'links' && v?.length)
          .map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`);
        const page = ruleDocUrl(r.id);
        return [
          `${r.id}: ${r.title}`,
          `  severity ${r.severity}, category ${r.category}${r.pssLevel ? `, Pod Security Standards ${r.pssLevel}` : ''}${r.enabledByDefault === false ? ', off by default' : ''}`,
          '',
          `Why: ${r.description}`,
          '',
          `Fix: ${r.remediation}`,
          ...(refs.length ? ['', `Equivalent checks: ${refs.join('; ')}`] : []),
          ...(r.references.links?.length ? ['', `See also: ${r.references.links.join(' ')}`] : []),
          ...(page ? ['', `Doc page: ${page}`] : []),
        ]
          .map(terminalText)
          .join('\n');
      })
      .join('\n\n') + '\n'
  );
}

export function renderRulesMarkdown(rules: readonly Rule<unknown>[]): string {
  const lines = ['| rule | severity | category | title | equivalents |', '| --- | --- | --- | --- | --- |'];
  for (const r of rules) {
    const refs = Object.entries(r.references)
      .filter(([k, v]) => k !== 'links' && v?.length)
      .map(([k, v]) => markdownCell(`${k}: ${(v as string[]).join(', ')}`))
      .join('<br>');
    // Custom rules and admission policies come from the repository: every text is escaped, and
    // only a rule of the catalogue links to its page.
    const id = ruleDocUrl(r.id) ? `[${r.id}](rules/${r.id}.md)` : markdownCode(r.id, { table: true });
    lines.push(
      `| ${id} | ${markdownCell(r.severity)} | ${markdownCell(r.category)} | ${markdownCell(r.title)} | ${refs} |`,
    );
  }
  return lines.join('\n') + '\n';
}
