import type { BranchProtectionBaseline, RepositoryChecksConfig } from './config.js';
import { summarizeItems } from './outcome.js';
import {
  isUnavailable,
  type BranchRule,
  type CheckItem,
  type CheckResult,
  type ClassicProtection,
  type ClassicProtectionState,
  type RepoSnapshot,
  type RulesetDetails,
  type Unavailable,
} from './types.js';

const PLAN = /upgrade to github pro|make this repository public|not available for this repository/i;

/**
 * Classic protection (`GET .../branches/{b}/protection`) from an HTTP answer that was not 200.
 * 404 "Branch not protected" means no classic rule; any other 404 or a 403 means we cannot know.
 */
export function classicProtectionFromError(status: number, message: string): ClassicProtectionState {
  const quoted = `${status} "${message}"`;
  if (status === 404 && /branch not protected/i.test(message)) return { protected: false };
  if (status === 403 && PLAN.test(message))
    return {
      unavailable: `the repository's plan does not offer branch protection for private repositories (${quoted})`,
      status,
    };
  if (status === 403)
    return {
      unavailable: `this app is not permitted to read classic branch protection: grant it the Administration: read permission (${quoted})`,
      status,
    };
  if (status === 404)
    return {
      unavailable: `the branch or the repository was not found, or this app is not permitted to see it (${quoted})`,
      status,
    };
  return { unavailable: `GitHub answered ${quoted}`, status };
}

/** Branch rules (`GET .../rules/branches/{b}`) from an HTTP answer that was not 200. */
export function branchRulesFromError(status: number, message: string): Unavailable {
  const quoted = `${status} "${message}"`;
  if (status === 403 && PLAN.test(message))
    return {
      unavailable: `the repository's plan does not offer rulesets for private repositories (${quoted})`,
      status,
    };
  if (status === 403)
    return {
      unavailable: `this app is not permitted to read the branch rules (Metadata: read) (${quoted})`,
      status,
    };
  if (status === 404)
    return {
      unavailable: `the repository was not found, or this app is not permitted to see it (${quoted})`,
      status,
    };
  return { unavailable: `GitHub answered ${quoted}`, status };
}

/**
 * Branch rules (GraphQL `Ref.rules`) from a field error of the query (its `type`, e.g. FORBIDDEN
 * or NOT_FOUND, and GitHub's message). The rest of the query's data is still used.
 */
export function branchRulesFromGraphqlError(type: string | undefined, message: string): Unavailable {
  const quoted = `${type ? `${type} ` : ''}"${message}"`;
  if (PLAN.test(message))
    return {
      unavailable: `the repository's plan does not offer rulesets for private repositories (GitHub's GraphQL API: ${quoted})`,
    };
  if (type === 'FORBIDDEN' || /not accessible|permission/i.test(message))
    return {
      unavailable: `this app is not permitted to read the branch rules (Metadata: read) (GitHub's GraphQL API: ${quoted})`,
    };
  if (type === 'NOT_FOUND')
    return {
      unavailable: `the branch or the repository was not found, or this app is not permitted to see it (GitHub's GraphQL API: ${quoted})`,
    };
  return { unavailable: `GitHub's GraphQL API refused the branch rules: ${quoted}` };
}

/** What one protection source (the classic rule, or one ruleset) enforces. */
interface ProtectionSource {
  name: string;
  requirePullRequest: boolean;
  requiredApprovals: number;
  requireCodeOwnerReview: boolean;
  dismissStaleReviews: boolean;
  requireSignedCommits: boolean;
  statusChecks: { context: string; appId?: number | null }[];
  blockForcePushes: boolean;
  blockDeletions: boolean;
  /** true: administrators may bypass; undefined: unknown (e.g. ruleset bypass actors not readable). */
  adminBypass: boolean | undefined;
}

function classicSource(p: ClassicProtection): ProtectionSource {
  const reviews = p.required_pull_request_reviews ?? undefined;
  const checks = p.required_status_checks;
  return {
    name: 'classic branch protection',
    requirePullRequest: Boolean(reviews),
    requiredApprovals: reviews?.required_approving_review_count ?? 0,
    requireCodeOwnerReview: Boolean(reviews?.require_code_owner_reviews),
    dismissStaleReviews: Boolean(reviews?.dismiss_stale_reviews),
    requireSignedCommits: Boolean(p.required_signatures?.enabled),
    statusChecks: checks
      ? checks.checks?.length
        ? checks.checks.map((c) => ({ context: c.context, appId: c.app_id }))
        : (checks.contexts ?? []).map((context) => ({ context }))
      : [],
    blockForcePushes: !p.allow_force_pushes?.enabled,
    blockDeletions: !p.allow_deletions?.enabled,
    adminBypass: !p.enforce_admins?.enabled,
  };
}

/** The repository admin role's id among `RepositoryRole` bypass actors. */
const REPOSITORY_ADMIN_ROLE = 5;

function rulesetSources(
  rules: readonly BranchRule[],
  details: readonly RulesetDetails[] | undefined,
): ProtectionSource[] {
  const byRuleset = new Map<string, BranchRule[]>();
  for (const rule of rules) {
    const key = String(rule.ruleset_id ?? '?');
    byRuleset.set(key, [...(byRuleset.get(key) ?? []), rule]);
  }
  return [...byRuleset.entries()].map(([id, list]) => {
    const detail = details?.find((d) => String(d.id) === id);
    const source: ProtectionSource = {
      name: `ruleset ${detail?.name ? `"${detail.name}" ` : ''}(id ${id}${list[0]?.ruleset_source ? `, ${list[0].ruleset_source}` : ''})`,
      requirePullRequest: false,
      requiredApprovals: 0,
      requireCodeOwnerReview: false,
      dismissStaleReviews: false,
      requireSignedCommits: false,
      statusChecks: [],
      blockForcePushes: false,
      blockDeletions: false,
      adminBypass: detail?.bypass_actors
        ? detail.bypass_actors.some(
            (a) =>
              a.actor_type === 'OrganizationAdmin' ||
              (a.actor_type === 'RepositoryRole' && a.actor_id === REPOSITORY_ADMIN_ROLE),
          )
        : undefined,
    };
    for (const rule of list) {
      const p = rule.parameters ?? {};
      switch (rule.type) {
        case 'pull_request':
          source.requirePullRequest = true;
          source.requiredApprovals = Math.max(
            source.requiredApprovals,
            Number(p.required_approving_review_count ?? 0),
          );
          source.requireCodeOwnerReview ||= Boolean(p.require_code_owner_review);
          source.dismissStaleReviews ||= Boolean(p.dismiss_stale_reviews_on_push);
          break;
        case 'required_signatures':
          source.requireSignedCommits = true;
          break;
        case 'required_status_checks':
          for (const c of (p.required_status_checks as
            { context: string; integration_id?: number }[] | undefined) ?? []) {
            source.statusChecks.push({ context: c.context, appId: c.integration_id });
          }
          break;
        case 'non_fast_forward':
          source.blockForcePushes = true;
          break;
        case 'deletion':
          source.blockDeletions = true;
          break;
      }
    }
    return source;
  });
}

type BooleanRequirement =
  | 'requirePullRequest'
  | 'requireCodeOwnerReview'
  | 'dismissStaleReviews'
  | 'requireSignedCommits'
  | 'blockForcePushes'
  | 'blockDeletions';

export const BOOLEAN_REQUIREMENTS: [BooleanRequirement, string][] = [
  ['requirePullRequest', 'changes must go through a pull request'],
  ['requireCodeOwnerReview', 'code owners must approve'],
  ['dismissStaleReviews', 'new pushes dismiss stale approvals'],
  ['requireSignedCommits', 'commits must be signed'],
  ['blockForcePushes', 'force pushes are blocked'],
  ['blockDeletions', 'the branch cannot be deleted'],
];

const list = (names: string[]) => names.join(', ');

export function checkBranchProtection(snapshot: RepoSnapshot, config: RepositoryChecksConfig): CheckResult {
  const settings = config.branchProtection;
  const head = {
    check: 'branch-protection' as const,
    title: 'Branch protection',
    severity: settings.severity,
  };
  if (!settings.enabled)
    return { ...head, outcome: 'not_applicable', summary: 'Turned off in the configuration.', items: [] };
  const protection = snapshot.protection;
  if (!protection) return { ...head, outcome: 'not_applicable', summary: 'No branch to check.', items: [] };
  const branch = protection.branch;
  const sources: ProtectionSource[] = [];
  const unknown: string[] = [];
  if (isUnavailable(protection.classic))
    unknown.push(`classic branch protection: ${protection.classic.unavailable}`);
  else if (protection.classic.protected) sources.push(classicSource(protection.classic.data));
  if (isUnavailable(protection.rules)) unknown.push(`rulesets: ${protection.rules.unavailable}`);
  else
    sources.push(
      ...rulesetSources(
        protection.rules,
        protection.rulesets && !isUnavailable(protection.rulesets) ? protection.rulesets : undefined,
      ),
    );

  const b: BranchProtectionBaseline = settings.baseline;
  const items: CheckItem[] = [];
  const unknownNote = unknown.length ? ` Unknown: ${unknown.join('; ')}.` : '';
  const missing = (subject: string, message: string): CheckItem =>
    unknown.length
      ? {
          outcome: 'not_available',
          ruleId: `branch-protection-${subject}`,
          subject,
          file: '',
          line: 1,
          message: `${message}, as far as this app can read.${unknownNote}`,
        }
      : {
          outcome: 'fail',
          ruleId: `branch-protection-${subject}`,
          subject,
          file: '',
          line: 1,
          message: `${message}.`,
        };
  const pass = (subject: string, message: string): CheckItem => ({
    outcome: 'pass',
    ruleId: `branch-protection-${subject}`,
    subject,
    file: '',
    line: 1,
    message,
  });
  const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

  for (const [key, words] of BOOLEAN_REQUIREMENTS) {
    if (!b[key]) continue;
    const by = sources.filter((s) => s[key]).map((s) => s.name);
    items.push(
      by.length
        ? pass(kebab(key), `${capital(words)} (${list(by)}).`)
        : missing(
            kebab(key),
            `${branch}: the baseline requires that ${words}, but no classic rule or ruleset does`,
          ),
    );
  }
  if (b.requiredApprovals > 0) {
    const best = sources.reduce<ProtectionSource | undefined>(
      (m, s) => (!m || s.requiredApprovals > m.requiredApprovals ? s : m),
      undefined,
    );
    const count = best?.requiredApprovals ?? 0;
    items.push(
      count >= b.requiredApprovals
        ? pass(
            'required-approvals',
            `${count} approving review${count === 1 ? '' : 's'} required (${best!.name}).`,
          )
        : missing(
            'required-approvals',
            `${branch}: the baseline requires ${b.requiredApprovals} approving reviews, but ${count ? `${best!.name} requires only ${count}` : 'none are required'}`,
          ),
    );
  }
  for (const context of b.requiredStatusChecks) {
    const entries = sources.flatMap((s) =>
      s.statusChecks.filter((c) => c.context === context).map((c) => ({ ...c, source: s.name })),
    );
    const subject = `required-status-check:${context}`;
    if (!entries.length) {
      items.push({
        ...missing('required-status-check', `${branch}: the status check "${context}" is not required`),
        subject,
      });
      continue;
    }
    const appId = snapshot.appId;
    const pinned = appId !== undefined && entries.some((e) => e.appId === appId);
    const otherApp = entries.find(
      (e) => e.appId !== undefined && e.appId !== null && e.appId !== -1 && e.appId !== appId,
    );
    if (appId !== undefined && !pinned && otherApp) {
      items.push({
        outcome: 'fail',
        ruleId: 'branch-protection-required-status-check',
        subject,
        file: '',
        line: 1,
        message: `${branch}: "${context}" is required from another app (id ${otherApp.appId}, ${otherApp.source}), not from this one (id ${appId}).`,
      });
    } else {
      const note =
        appId !== undefined && !pinned
          ? ' It is not pinned to this app: anyone with write access can set a status of that name; select this app as its expected source.'
          : '';
      items.push({
        ...pass(
          'required-status-check',
          `"${context}" is a required check (${list([...new Set(entries.map((e) => e.source))])}).${note}`,
        ),
        subject,
      });
    }
  }
  if (b.noAdminBypass) {
    const enforced = sources.filter((s) => s.adminBypass === false);
    const unknownBypass = sources.filter((s) => s.adminBypass === undefined);
    if (enforced.length)
      items.push(
        pass('no-admin-bypass', `Administrators cannot bypass ${list(enforced.map((s) => s.name))}.`),
      );
    else if (unknownBypass.length)
      items.push({
        outcome: 'not_available',
        ruleId: 'branch-protection-no-admin-bypass',
        subject: 'no-admin-bypass',
        file: '',
        line: 1,
        message: `${branch}: whether administrators can bypass ${list(unknownBypass.map((s) => s.name))} is unknown: GitHub returns a ruleset's bypass list only to tokens that may edit it (Administration: write).`,
      });
    else if (sources.length)
      items.push(
        missing(
          'no-admin-bypass',
          `${branch}: administrators can bypass ${list(sources.map((s) => s.name))} (turn on "Do not allow bypassing the above settings" or remove admin bypass actors)`,
        ),
      );
    else
      items.push(
        missing(
          'no-admin-bypass',
          `${branch}: nothing protects the branch, so nothing stops administrators either`,
        ),
      );
  }

  const failing = items.filter((i) => i.outcome === 'fail').length;
  let summary: string;
  if (!sources.length && !unknown.length)
    summary = `${branch} is not protected: no classic branch protection rule and no ruleset applies to it.`;
  else if (failing)
    summary = `${branch} falls short of the baseline on ${failing} requirement${failing === 1 ? '' : 's'}.`;
  else if (items.some((i) => i.outcome === 'not_available'))
    summary = `${branch}: the protection could not be read in full.`;
  else summary = `${branch} meets the baseline.`;
  if (unknown.length) summary += ` ${capital(unknown.join('; '))}.`;
  return { ...head, outcome: summarizeItems(items), summary, items };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
