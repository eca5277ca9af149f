import { catalogueRule } from '../catalogue.js';
import type { Rule } from '../engine/index.js';

/** Where the rule pages live (docs/rules/<id>.md, generated from the metadata by `npm run gen`). */
const RULE_DOCS_BASE = 'https://github.com/gitops-guard/gitops-guard/blob/main/docs/rules/';

/** The page of a catalogue rule; undefined for custom rules and repository policies, which have none. */
export function ruleDocUrl(id: string): string | undefined {
  return catalogueRule(id) ? `${RULE_DOCS_BASE}${id}.md` : undefined;
}

/** What a finding shows on how to fix it: the rule's remediation in one line, and its page. */
function ruleHelp(id: string): { remediation?: string; helpUri?: string } {
  const rule = catalogueRule(id);
  if (!rule) return {};
  return { remediation: rule.remediation.replace(/\s+/g, ' ').trim(), helpUri: `${RULE_DOCS_BASE}${id}.md` };
}

/** `ruleHelp`, plus the remediation of the run's own rules (custom rules, repository policies), which have no page. */
export function ruleHelpWith(
  extra: readonly Rule<unknown>[],
): (id: string) => { remediation?: string; helpUri?: string } {
  const local = new Map(extra.map((r) => [r.id, r]));
  return (id) => {
    const help = ruleHelp(id);
    if (help.remediation) return help;
    const remediation = local.get(id)?.remediation?.replace(/\s+/g, ' ').trim();
    return remediation ? { remediation } : {};
  };
}
