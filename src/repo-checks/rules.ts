/**
 * Catalogue entries of the repository checks' findings (commit signatures, CODEOWNERS, branch
 * protection, pushes), so that `gitops-guard rules`, docs/rules/<id>.md, the SARIF rule help and
 * each finding's remediation cover every id the CLI and the app can emit. The checks themselves
 * live in this folder; these entries only describe what they report. Severities are the defaults
 * of the `repository` configuration section.
 */
import type { Rule, RuleMeta } from '../engine/index.js';

const LINKS = { links: ['https://github.com/gitops-guard/gitops-guard/blob/main/docs/repository-checks.md'] };

function reported(meta: Omit<RuleMeta, 'category' | 'references' | 'engineFinding'>): Rule<unknown> {
  return { ...meta, category: 'repository', references: LINKS, engineFinding: true, check() {} };
}

const BRANCH_REQUIREMENTS: Array<[id: string, what: string, fix: string]> = [
  [
    'require-pull-request',
    'changes to the protected branch must go through a pull request',
    'turn on "Require a pull request before merging"',
  ],
  [
    'require-code-owner-review',
    'code owners must approve changes to the paths they own',
    'turn on "Require review from Code Owners"',
  ],
  [
    'dismiss-stale-reviews',
    'a new push dismisses earlier approvals',
    'turn on "Dismiss stale pull request approvals when new commits are pushed"',
  ],
  ['require-signed-commits', 'commits must be signed', 'turn on "Require signed commits"'],
  [
    'block-force-pushes',
    'force pushes are blocked',
    'leave "Allow force pushes" off (or add the "Block force pushes" rule to a ruleset)',
  ],
  [
    'block-deletions',
    'the branch cannot be deleted',
    'leave "Allow deletions" off (or add the "Restrict deletions" rule to a ruleset)',
  ],
  [
    'required-approvals',
    'enough approving reviews are required',
    'raise "Required number of approvals before merging" to the baseline',
  ],
  [
    'required-status-check',
    "gitops-guard's check must pass, and come from the expected app",
    'add the check to "Require status checks to pass" and select this app as its source',
  ],
  [
    'no-admin-bypass',
    'administrators cannot bypass the protection',
    'turn on "Do not allow bypassing the above settings", or remove administrators from the ruleset bypass list',
  ],
];

const CHECK_ERROR = (check: string, title: string) =>
  reported({
    id: `${check}-error`,
    title: `The ${title} check failed`,
    severity: 'high',
    description: `The ${title} check raised an error, so it could not judge the change. It is reported as a finding and never counts as a pass.`,
    remediation: 'Re-run the check; if it keeps failing, report the message as a bug.',
  });

export const repoCheckRules: readonly Rule<unknown>[] = [
  reported({
    id: 'commit-signature-unsigned',
    title: 'Commit is not signed',
    severity: 'high',
    description:
      'A commit of the change carries no signature, so nothing ties it to its author: anyone with push access can commit under any name.',
    remediation:
      'Sign commits (git config commit.gpgsign true, with an OpenPGP, SSH or S/MIME key registered on GitHub) and re-sign the range (git rebase --exec "git commit --amend --no-edit -S").',
  }),
  reported({
    id: 'commit-signature-unverified',
    title: 'Commit signature is not verified',
    severity: 'high',
    description:
      'A commit is signed, but the signature does not verify: unknown, expired or revoked key, a key not registered for the committer, or a bad signature.',
    remediation:
      "Sign with a key registered on the committer's GitHub account (locally: in the keyring or gpg.ssh.allowedSignersFile) and re-sign the commit.",
  }),
  reported({
    id: 'commit-signature-incomplete',
    title: 'Not every commit could be checked',
    severity: 'high',
    description:
      'Only part of the commits of the change could be read, so the others are unchecked; this is never a pass.',
    remediation: 'Re-run the check; for very long ranges, split the pull request.',
  }),
  CHECK_ERROR('commit-signatures', 'commit signature'),
  reported({
    id: 'codeowners-missing',
    title: 'No CODEOWNERS file',
    severity: 'high',
    description:
      'The base branch has no CODEOWNERS file (.github/, the root or docs/), so no changed path has an owner who must review it.',
    remediation:
      'Add .github/CODEOWNERS with an owner for every manifest path (for example `* @org/platform`).',
  }),
  reported({
    id: 'codeowners-uncovered-file',
    title: 'Changed file has no code owner',
    severity: 'high',
    description:
      'A changed file (or the old path of a renamed one) matches no CODEOWNERS line with owners, so nobody is required to review it.',
    remediation:
      'Add a CODEOWNERS line that covers the path (the last matching line wins; a line without owners removes ownership).',
  }),
  reported({
    id: 'codeowners-sensitive-path',
    title: 'Sensitive path without its required owners',
    severity: 'high',
    description:
      'A changed file matches a configured `sensitivePaths` glob, but CODEOWNERS does not give it the owners that glob requires.',
    remediation:
      'Make the required owners the owners of that path in CODEOWNERS (after any broader line, since the last match wins).',
  }),
  reported({
    id: 'codeowners-changed',
    title: 'The change edits CODEOWNERS',
    severity: 'medium',
    description:
      'The pull request changes CODEOWNERS, which decides who must review everything else; the finding lists how the owners of sensitive paths change.',
    remediation:
      'Have the owners of CODEOWNERS itself review the change; protect the file with its own CODEOWNERS line.',
  }),
  reported({
    id: 'codeowners-sensitive-owner-removed',
    title: 'The change takes a sensitive path from its owners',
    severity: 'high',
    description: 'The new CODEOWNERS no longer gives a sensitive path the owners it requires.',
    remediation: 'Keep the required owners on the sensitive path in the new CODEOWNERS.',
  }),
  reported({
    id: 'codeowners-syntax',
    title: 'CODEOWNERS line GitHub skips',
    severity: 'medium',
    description:
      'A CODEOWNERS line has a pattern GitHub does not accept or an invalid owner; GitHub skips it, so the paths it meant to cover may have no owner.',
    remediation: "Fix the line named in the message (GitHub shows the same errors on the file's page).",
  }),
  reported({
    id: 'codeowners-github-error',
    title: 'GitHub reports an error in the new CODEOWNERS',
    severity: 'medium',
    description:
      "GitHub's own validation of the CODEOWNERS the pull request brings reports an error (for example an unknown owner), so that line will not assign owners.",
    remediation: 'Fix the line GitHub names: use existing users or teams with write access.',
  }),
  reported({
    id: 'codeowners-too-large',
    title: 'CODEOWNERS is too large for GitHub',
    severity: 'high',
    description: 'GitHub does not load a CODEOWNERS file of 3 MB or more, so no path has an owner.',
    remediation: 'Shrink the file: use directory patterns and teams instead of one line per file.',
  }),
  CHECK_ERROR('codeowners', 'CODEOWNERS'),
  ...BRANCH_REQUIREMENTS.map(([id, what, fix]) =>
    reported({
      id: `branch-protection-${id}`,
      title: `Branch protection: ${what}`,
      severity: 'high',
      description: `The configured branch-protection baseline requires that ${what}, and neither a classic branch protection rule nor a ruleset on the branch does so.`,
      remediation: `In the repository's branch protection rule or ruleset for the branch, ${fix}.`,
    }),
  ),
  CHECK_ERROR('branch-protection', 'branch protection'),
  reported({
    id: 'push-forced',
    title: 'Forced push to a protected branch',
    severity: 'high',
    description:
      'A push rewrote the history of the branch (forced: true): commits that were reviewed may be gone or replaced.',
    remediation:
      'Find out who pushed and why; restore the previous head if needed, and block force pushes in branch protection.',
  }),
  reported({
    id: 'push-direct',
    title: 'Commit pushed without a pull request',
    severity: 'high',
    description:
      'A pushed commit is not part of a merged pull request into the branch, so it was never reviewed or gated.',
    remediation:
      'Review the commit after the fact; require pull requests in branch protection so that it cannot happen again.',
  }),
  reported({
    id: 'push-incomplete',
    title: 'Not every pushed commit could be checked',
    severity: 'high',
    description:
      'Only part of the pushed commits could be read; the others are unchecked, which is never a pass.',
    remediation: 'Re-run the check, or review the unchecked commits by hand.',
  }),
];
