/**
 * The repository checks of issue 6 where the data is local: commit signatures of the range
 * (from git's own `%G?`) and CODEOWNERS coverage of the changed files (CODEOWNERS of the BASE
 * commit). Gathers a RepoSnapshot from git and runs the same pure checks as the GitHub App.
 * Branch protection is a GitHub setting: it is reported as not available.
 */
import type { Finding, FindingStatus } from '../model/index.js';
import {
  CODEOWNERS_LOCATIONS,
  resolveRepositoryConfig,
  runRepoChecks,
  type CheckResult,
  type CodeownersFile,
  type CommitPerson,
  type CommitVerification,
  type RepoCheckName,
  type RepoSnapshot,
  type RepositoryConfigInput,
  type SnapshotCommit,
} from '../repo-checks/index.js';
import { commitsInRange, listTree, listWorkTree, readBlobs, readWorkTreeFile, type GitChange, type GitCommitInfo } from './git.js';

/** A commit's verification from git's signature status (`%G?`), in the check's model, with a note for the report. */
export function verificationFromGitStatus(code: string, key = ''): { verification: CommitVerification; note?: string } {
  switch (code) {
    case 'G':
      return { verification: { verified: true, reason: 'valid' } };
    case 'U':
      // SSH: a valid signature by a key the allowed-signers file does not list; anyone can make one.
      if (isSshKey(key)) return { verification: { verified: false, reason: 'ssh_key_not_allowed' } };
      // OpenPGP: a good signature by a key someone imported into the keyring; only its trust level is not set.
      return { verification: { verified: true, reason: 'valid' }, note: 'good signature, but the key is not marked as trusted in the local keyring (git %G? "U")' };
    case 'X':
      return { verification: { verified: false, reason: 'expired_signature' } };
    case 'Y':
      return { verification: { verified: false, reason: 'expired_key' } };
    case 'R':
      return { verification: { verified: false, reason: 'revoked_key' } };
    case 'E':
      return { verification: { verified: false, reason: 'missing_key' } };
    case 'B':
      return { verification: { verified: false, reason: 'invalid' } };
    case 'N':
      return { verification: { verified: false, reason: 'unsigned' } };
    default:
      return { verification: { verified: false, reason: `git_signature_status_${code || 'empty'}` } };
  }
}

/** `%GK` of an SSH signature is the key's fingerprint (`SHA256:...`); OpenPGP gives a hex key id. */
function isSshKey(key: string): boolean {
  return /^(SHA256|MD5):/i.test(key.trim());
}

/**
 * GitHub's login hidden in a no-reply address (`123+renovate[bot]@users.noreply.github.com`,
 * `octocat@users.noreply.github.com`), and `web-flow` for GitHub's own committer address: the
 * same association GitHub makes from the e-mail, so `allowedBots` works as in the app.
 */
export function loginFromEmail(email: string): string | undefined {
  const lower = email.trim().toLowerCase();
  if (lower === 'noreply@github.com') return 'web-flow';
  const match = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/.exec(lower);
  return match?.[1];
}

function person(name: string, email: string): CommitPerson {
  const login = loginFromEmail(email);
  return { name, email, ...(login ? { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' } : {}) };
}

export function snapshotCommit(c: GitCommitInfo): { commit: SnapshotCommit; note?: string } {
  const { verification, note } = verificationFromGitStatus(c.signature, c.key);
  return {
    commit: {
      sha: c.sha,
      author: person(c.authorName, c.authorEmail),
      committer: person(c.committerName, c.committerEmail),
      verification,
      message: c.subject,
    },
    ...(note ? { note } : {}),
  };
}

export interface LocalRepoChecksInput {
  root: string;
  /** The commit the change is compared with (the merge base unless --no-merge-base). */
  base: string;
  /** The head commit; undefined for the work tree (which has no commits of its own). */
  head?: string;
  /** Every changed file of the change (not only manifests). */
  changes: readonly GitChange[];
  /** The `repository` section of the base configuration. */
  config: RepositoryConfigInput | undefined;
}

export interface LocalRepoChecks {
  results: CheckResult[];
  /** Failing items as findings, with their diff status. */
  findings: Finding[];
}

/** Findings about the base CODEOWNERS file itself, not about the change: debt, like an existing finding. */
const BASE_STATE_RULES = new Set(['codeowners-syntax', 'codeowners-github-error']);

export function repoFindingStatus(finding: Pick<Finding, 'ruleId'>): FindingStatus {
  return BASE_STATE_RULES.has(finding.ruleId) ? 'existing' : 'introduced';
}

/** Reads the first CODEOWNERS of the given side (a commit, or the work tree when `commit` is undefined). */
async function readCodeowners(root: string, commit: string | undefined): Promise<CodeownersFile | undefined> {
  const blobs = commit
    ? await readBlobs(root, CODEOWNERS_LOCATIONS.map((p) => `${commit}:${p}`))
    : await Promise.all(CODEOWNERS_LOCATIONS.map((p) => readWorkTreeFile(root, p)));
  const index = blobs.findIndex((b) => b !== undefined);
  return index < 0 ? undefined : { path: CODEOWNERS_LOCATIONS[index]!, text: blobs[index]!.toString('utf8') };
}

/** Gathers the snapshot from local git and runs the signature and CODEOWNERS checks. */
export async function runLocalRepoChecks(input: LocalRepoChecksInput): Promise<LocalRepoChecks> {
  const config = resolveRepositoryConfig(input.config);
  const snapshot: RepoSnapshot = {};
  const notes = new Map<string, string>();
  // A check turned off still shows, as "turned off in the configuration".
  const only: RepoCheckName[] = ['commit-signatures', 'codeowners'];

  if (config.signatures.enabled) {
    if (input.head) {
      const commits = (await commitsInRange(input.root, input.base, input.head)).map(snapshotCommit);
      for (const c of commits) if (c.note) notes.set(c.commit.sha, c.note);
      snapshot.commits = commits.map((c) => c.commit);
    }
    // Without a head ref the change is the work tree: no commits, the check is not applicable.
  }
  if (config.codeowners.enabled) {
    snapshot.changedFiles = input.changes.map((c) => ({ path: c.path, status: c.status, ...(c.previousPath ? { previousPath: c.previousPath } : {}) }));
    snapshot.codeowners = await readCodeowners(input.root, input.base);
    const touched = input.changes.some((c) => (CODEOWNERS_LOCATIONS as readonly string[]).includes(c.path) || (c.previousPath !== undefined && (CODEOWNERS_LOCATIONS as readonly string[]).includes(c.previousPath)));
    if (touched) {
      snapshot.headCodeowners = await readCodeowners(input.root, input.head);
      snapshot.treePaths = input.head ? await listTree(input.root, input.head) : await listWorkTree(input.root);
    }
  }

  const report = runRepoChecks(snapshot, config, only);
  const results = report.results.map((r) =>
    r.check === 'commit-signatures' && notes.size ? { ...r, items: r.items.map((i) => (notes.has(i.subject) ? { ...i, message: `${i.message} (${notes.get(i.subject)})` } : i)) } : r,
  );
  results.push({
    check: 'branch-protection',
    title: 'Branch protection',
    severity: config.branchProtection.severity,
    items: [],
    ...(config.branchProtection.enabled
      ? { outcome: 'not_available', summary: 'Branch protection and rulesets are GitHub settings: the local CLI cannot read them (the GitHub App checks them on the pull request).' }
      : { outcome: 'not_applicable', summary: 'Turned off in the configuration.' }),
  });
  if (input.head === undefined && config.signatures.enabled) {
    const index = results.findIndex((r) => r.check === 'commit-signatures');
    if (index >= 0) results[index] = { ...results[index]!, summary: 'No commits to check: the change is the work tree (pass --head REF to check the commits of a range).' };
  }
  return { results, findings: report.findings.map((f) => ({ ...f, status: repoFindingStatus(f) })) };
}
