import type { RuleContext } from '../../../engine/index.js';
import type { Resource } from '../../../manifests/index.js';
import type { Severity } from '../../../model/index.js';
import { aggregatedInto, grantOf, lower, policyRules, type Grant, type PolicyRuleView } from './rbac.js';

/** What one RBAC rule looks for in every `rules:` entry of a Role or ClusterRole, and how it says so. */
export interface GrantCheck {
  /** (API group, resource) pairs, e.g. `['', 'secrets']`; a function when they depend on the role's kind. */
  targets:
    ReadonlyArray<readonly [string, string]> | ((role: Resource) => ReadonlyArray<readonly [string, string]>);
  verbs: readonly string[];
  /** The field of the `rules:` entry the finding points at. */
  at: 'resources' | 'verbs';
  severity: (grant: Grant, role: Resource) => Severity;
  /** Whether a ClusterRole aggregated into admin/edit/view is said, and whether that raises it to high. */
  aggregation?: { raise: boolean; suffix?: string };
  /** A grant limited by resourceNames: when that limits it at all, the note, and the severity then. */
  restricted: {
    applies?: (grant: Grant) => boolean;
    note: string;
    severity?: (severity: Severity) => Severity;
  };
  /** The message before the notes (`Rule 2 can get/list Secrets in its namespace`). */
  message: (grant: Grant, rule: PolicyRuleView, role: Resource) => string;
}

/**
 * The walk every grant-based RBAC rule makes: each `rules:` entry, what it grants of the targets
 * and verbs, notes (through a wildcard; aggregated into a built-in role; limited by resourceNames)
 * that adjust the severity, one finding per entry.
 */
export function reportGrants(role: Resource, context: RuleContext<unknown>, check: GrantCheck): void {
  const targets = typeof check.targets === 'function' ? check.targets(role) : check.targets;
  const aggregated = check.aggregation ? aggregatedInto(role) : [];
  for (const rule of policyRules(role)) {
    const grant = grantOf(rule, targets, check.verbs);
    if (!grant) continue;
    let severity = check.severity(grant, role);
    const notes: string[] = [];
    if (grant.viaWildcard) notes.push('through a wildcard');
    if (aggregated.length > 0) {
      if (check.aggregation!.raise) severity = 'high';
      notes.push(
        `aggregated into the built-in ${aggregated.join(', ')} role(s)${check.aggregation!.suffix ?? ''}`,
      );
    }
    if (grant.restricted && (check.restricted.applies?.(grant) ?? true)) {
      severity = (check.restricted.severity ?? lower)(severity);
      notes.push(check.restricted.note);
    }
    context.report({
      path: [...rule.path, check.at],
      severity,
      message: `${check.message(grant, rule, role)}${notes.length ? ` (${notes.join('; ')})` : ''}.`,
    });
  }
}

/** `apps/deployments` -> `deployments`, for messages. */
export function resourceNames(grant: Grant): string[] {
  return [...new Set(grant.resources.map((r) => r.slice(r.indexOf('/') + 1)))];
}

/** Where a role's grant applies, for messages. */
export function roleScope(role: Resource): string {
  return role.kind === 'ClusterRole' ? 'in any namespace it is bound for' : 'in its namespace';
}
