import type { ResourceChange } from '../../src/diff/types.js';
import type { Judgement } from '../../src/judge/index.js';
import type { Finding } from '../../src/model/index.js';
import type { CheckResult } from '../../src/repo-checks/types.js';
import { checkRunUpdates } from '../../src/report/check-run.js';

/** The check run's first update for findings, resources, repository checks, notes and configuration errors. */
export function checkRunOutput(
  findings: Finding[],
  text: string,
  resources: ResourceChange[] = [],
  repository?: CheckResult[],
) {
  const judgement: Judgement = {
    findings,
    failing: [],
    resources,
    policyRules: [],
    changedPathCount: 1,
    manifestCount: 1,
    headResourceCount: 1,
    notes: [`The base version of \`${text}\` could not be read.`],
    ...(repository ? { repository: { results: repository, findings: [] } } : {}),
  };
  const [first] = checkRunUpdates({
    judgement,
    threshold: 'high',
    advisory: false,
    configErrors: [{ key: `rules.${text}`, message: `unknown rule ${text}` }],
    configFile: '.github/gitops-guard.yml',
    completedAt: '2026-01-01T00:00:00Z',
  });
  return first!.output!;
}
