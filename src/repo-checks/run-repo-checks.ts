import { checkBranchProtection } from './branch-protection.js';
import { checkCodeowners } from './codeowners-coverage.js';
import { checkCommitSignatures } from './commit-signatures.js';
import {
  resolveRepositoryConfig,
  type RepositoryChecksConfig,
  type RepositoryConfigInput,
} from './config.js';
import { checkResultFindings, renderRepoChecksMarkdown } from './report.js';
import type { CheckResult, RepoCheckName as CheckName, RepoChecksReport, RepoSnapshot } from './types.js';

type Check = (snapshot: RepoSnapshot, config: RepositoryChecksConfig) => CheckResult;

export const REPO_CHECKS: Record<CheckName, { title: string; run: Check }> = {
  'commit-signatures': { title: 'Commit signatures', run: checkCommitSignatures },
  codeowners: { title: 'CODEOWNERS', run: checkCodeowners },
  'branch-protection': { title: 'Branch protection', run: checkBranchProtection },
};

/**
 * Runs the repository checks over a snapshot. Pure. A check that throws becomes an `error`
 * result (and a finding), never a crash of the run.
 */
export function runRepoChecks(
  snapshot: RepoSnapshot,
  config: RepositoryChecksConfig | RepositoryConfigInput | undefined,
  only: readonly CheckName[] = Object.keys(REPO_CHECKS) as CheckName[],
): RepoChecksReport {
  const resolved = isResolved(config) ? config : resolveRepositoryConfig(config);
  const results = only.map((name): CheckResult => {
    const check = REPO_CHECKS[name];
    try {
      return check.run(snapshot, resolved);
    } catch (error) {
      const message = `The ${check.title} check failed: ${(error as Error)?.message ?? String(error)}`;
      return {
        check: name,
        title: check.title,
        outcome: 'error',
        summary: message,
        severity: 'high',
        items: [{ outcome: 'error', ruleId: `${name}-error`, subject: name, file: '', line: 1, message }],
      };
    }
  });
  return {
    results,
    findings: results.flatMap(checkResultFindings),
    markdown: renderRepoChecksMarkdown(results),
  };
}

function isResolved(config: unknown): config is RepositoryChecksConfig {
  const c = config as RepositoryChecksConfig | undefined;
  return Boolean(
    c?.signatures?.allowedBots &&
    c.codeowners?.sensitivePaths &&
    c.branchProtection?.baseline &&
    typeof c.branchProtection.enabled === 'boolean' &&
    typeof c.signatures.enabled === 'boolean' &&
    typeof c.codeowners.enabled === 'boolean',
  );
}
