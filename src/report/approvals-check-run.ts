import type { ApprovalJudgement, RequirementResult } from '../approvals/index.js';
import { type CheckConclusion, type CheckRunUpdate } from '../github/wire-format.js';
import { truncateMarkdown } from './check-run.js';
import { markdownCell, markdownCode, markdownText } from './safe-text.js';

/** Pure: the `gitops-guard / approvals` check run from an ApprovalJudgement. */

const OUTCOME: Record<RequirementResult['outcome'], string> = {
  satisfied: '✅ satisfied',
  unsatisfied: '❌ unsatisfied',
  not_available: '⚪ not available',
};

const KIND: Record<RequirementResult['requirement']['kind'], string> = {
  independent: 'Independent approval',
  production: 'Production owners',
  security: 'Security owners',
};

const owners = (list: readonly string[]) =>
  list.length ? list.map((o) => markdownCode(o, { table: true })).join(', ') : 'anyone whose approval counts';

function requirementSection(result: RequirementResult): string {
  const r = result.requirement;
  const lines = [
    `### ${OUTCOME[result.outcome]}: ${KIND[r.kind]} (${r.required} approval${r.required === 1 ? '' : 's'})`,
    '',
    `**Who may approve:** ${owners(r.owners)}${r.ownersSource ? ` (${markdownText(r.ownersSource)})` : ''}${r.separateFromAuthorTeams ? ', not from a team of the author' : ''}.`,
    result.countedBy.length
      ? `**Counted:** ${result.countedBy.map((l) => markdownCode(`@${l}`)).join(', ')}.`
      : '',
    result.detail
      ? `**${result.outcome === 'not_available' ? 'Not available' : 'Missing'}:** ${markdownText(result.detail)}.`
      : '',
    '',
    '**Why it applies:**',
    ...r.reasons.map((reason) => `- ${markdownText(reason)}`),
    r.moreReasons ? `- … and ${r.moreReasons} more` : '',
  ];
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}

function approvalsTable(judgement: ApprovalJudgement): string {
  if (judgement.verdicts.length === 0) return '### Reviews\n\nNo approval yet.';
  const rows = judgement.verdicts.map((v) => {
    const notFor = Object.entries(v.notFor).map(([id, why]) => `not for ${id}: ${why}`);
    const why = [...v.reasons, ...(v.counts === true ? notFor : [])];
    const counts =
      v.state !== 'APPROVED'
        ? '—'
        : v.counts === true
          ? '✅ counts'
          : v.counts === 'unknown'
            ? '⚪ unknown'
            : '❌ does not count';
    return `| ${markdownCode(`@${v.login}`, { table: true })} | ${v.state.toLowerCase().replace('_', ' ')}${v.commitSha ? ` on ${markdownCode(v.commitSha.slice(0, 7), { table: true })}` : ''} | ${counts} | ${why.length ? markdownCell(why.join('; ')) : ''} |`;
  });
  return [
    '### Reviews',
    '',
    '| Reviewer | Latest review | Approval | Why |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export interface ApprovalsReportInput {
  judgement: ApprovalJudgement;
  /** The hidden state block (first line of the summary). */
  stateBlock: string;
  advisory: boolean;
  completedAt: string;
}

export function approvalsCheckRun(input: ApprovalsReportInput): CheckRunUpdate {
  const { judgement } = input;
  const results = judgement.results;
  const met = results.filter((r) => r.outcome === 'satisfied').length;
  const title =
    results.length === 0
      ? 'No approval required'
      : judgement.passed
        ? `Approved: ${results.length} of ${results.length} requirement${results.length === 1 ? '' : 's'} met`
        : `${met} of ${results.length} approval requirement${results.length === 1 ? '' : 's'} met`;
  const body = [
    results.length === 0
      ? 'This pull request changes nothing that is deployed and nothing that judges it (manifests, policies, CODEOWNERS, the configuration): no approval is required.'
      : '',
    judgement.notes.map((n) => `> ${markdownText(n)}`).join('\n>\n'),
    ...results.map(requirementSection),
    results.length ? approvalsTable(judgement) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const conclusion: CheckConclusion = judgement.passed ? 'success' : input.advisory ? 'neutral' : 'failure';
  return {
    status: 'completed',
    conclusion,
    completed_at: input.completedAt,
    output: { title, summary: input.stateBlock + truncateMarkdown(body, 65_535 - input.stateBlock.length) },
  };
}

/** The approvals run when it cannot be judged (the manifest review failed or never ran on this head). */
export function approvalsNotJudged(reason: string, completedAt: string): CheckRunUpdate {
  return {
    status: 'completed',
    conclusion: 'failure',
    completed_at: completedAt,
    output: {
      title: 'Approvals not evaluated',
      summary: `**Approvals were not evaluated, so they do not pass.** ${markdownText(reason)}`,
    },
  };
}
