import { atLeast, type Finding } from '../model/index.js';
import {
  checkPush,
  checkResultFindings,
  runRepoChecks,
  type CheckResult,
  type MaybeAvailable,
  type PushSnapshot,
  type SnapshotCommit,
} from '../repo-checks/index.js';
import type { Settings } from './types.js';

/** What a gatherer read of a push to the default or a protected branch. */
export interface PushFacts {
  push: PushSnapshot;
  /** The pushed commits with their verification (signature check). */
  commits: MaybeAvailable<SnapshotCommit[]>;
  commitCount?: number;
  /** `owner/name`, for messages. */
  repository: string;
  notes: string[];
}

export interface PushJudgement {
  branch: string;
  results: CheckResult[];
  findings: Finding[];
  failing: Finding[];
  notes: string[];
}

/** The judgement of a push: a forced push, commits without a merged pull request, unsigned commits. Pure. */
export function judgePush(facts: PushFacts, settings: Settings): PushJudgement {
  const pushResult = checkPush(facts.push, settings.repository);
  const signatures = runRepoChecks(
    {
      repository: facts.repository,
      commits: facts.commits,
      ...(facts.commitCount !== undefined ? { commitCount: facts.commitCount } : {}),
    },
    settings.repository,
    ['commit-signatures'],
  );
  const results = [pushResult, ...signatures.results];
  // Everything a push check finds is the push's own doing.
  const findings = results.flatMap(checkResultFindings).map((f) => ({ ...f, status: 'introduced' as const }));
  return {
    branch: facts.push.branch,
    results,
    findings,
    failing: findings.filter((f) => atLeast(f.severity, settings.threshold)),
    notes: [...facts.notes],
  };
}
