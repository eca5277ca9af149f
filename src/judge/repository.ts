import type { Finding, FindingStatus } from '../model/index.js';
import {
  checkResultFindings,
  REPO_CHECKS,
  runRepoChecks,
  type CheckResult,
  type RepoCheckName,
  type RepositoryChecksConfig,
} from '../repo-checks/index.js';
import type { RepositoryFacts } from './types.js';

const ORDER: RepoCheckName[] = ['commit-signatures', 'codeowners', 'branch-protection'];

/**
 * Status of a repository-check finding. Findings about the BASE branch's CODEOWNERS file itself
 * (its syntax errors, GitHub's errors of the base version, a file too large to load) are debt the
 * change did not bring: existing. Everything else (an unsigned commit of the change, a changed
 * file without an owner, GitHub's errors of the head version, branch protection) is the change's.
 */
export function repoFindingStatus(
  finding: Pick<Finding, 'ruleId'>,
  errorsAt: 'base' | 'head' | undefined,
): FindingStatus {
  if (finding.ruleId === 'codeowners-syntax' || finding.ruleId === 'codeowners-too-large') return 'existing';
  if (finding.ruleId === 'codeowners-github-error') return errorsAt === 'head' ? 'introduced' : 'existing';
  return 'introduced';
}

export function judgeRepository(
  input: RepositoryFacts,
  config: RepositoryChecksConfig,
): { results: CheckResult[]; findings: Finding[] } {
  const report = runRepoChecks(input.facts, config, input.checks);
  const byCheck = new Map(report.results.map((r) => [r.check as RepoCheckName, r]));
  for (const [check, why] of Object.entries(input.notAvailable ?? {}) as [RepoCheckName, string][]) {
    const enabled =
      check === 'commit-signatures'
        ? config.signatures
        : check === 'codeowners'
          ? config.codeowners
          : config.branchProtection;
    byCheck.set(check, {
      check,
      title: REPO_CHECKS[check].title,
      severity: enabled.severity,
      items: [],
      ...(enabled.enabled
        ? { outcome: 'not_available', summary: why }
        : { outcome: 'not_applicable', summary: 'Turned off in the configuration.' }),
    });
  }
  const notes = input.itemNotes ?? {};
  const results = ORDER.flatMap((check) => {
    const r = byCheck.get(check);
    if (!r) return [];
    const summary =
      r.outcome === 'not_applicable' &&
      input.notApplicable?.[check] &&
      r.summary !== 'Turned off in the configuration.'
        ? input.notApplicable[check]!
        : r.summary;
    return [
      {
        ...r,
        summary,
        items: r.items.map((i) =>
          notes[i.subject] ? { ...i, message: `${i.message} (${notes[i.subject]})` } : i,
        ),
      },
    ];
  });
  const errorsAt = input.facts.codeownersErrors ? (input.facts.codeownersErrorsAt ?? 'base') : undefined;
  return {
    results,
    findings: results
      .flatMap(checkResultFindings)
      .map((f) => ({ ...f, status: repoFindingStatus(f, errorsAt) })),
  };
}
