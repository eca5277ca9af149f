import type { RepositoryChecksConfig } from './config.js';
import {
  isUnavailable,
  type CheckItem,
  type CheckResult,
  type RepoSnapshot,
  type SnapshotCommit,
} from './types.js';
import { summarizeItems } from './outcome.js';

/** GitHub's verification reasons (REST `verification.reason`, GraphQL `GitSignatureState`) in words. */
export const VERIFICATION_REASONS: Record<string, string> = {
  valid: 'signature verified',
  unsigned: 'the commit is not signed',
  unknown_key: 'signed with a key that is not registered to any GitHub account',
  bad_email: "the committer's e-mail address is not among the signing key's identities",
  unverified_email: "the committer's e-mail address is not verified on the signer's GitHub account",
  no_user: "no GitHub user is associated with the committer's e-mail address",
  unknown_signature_type: 'the signature is of a type GitHub does not recognise',
  malformed_signature: 'the signature could not be parsed',
  invalid: 'the signature does not verify (the commit or the signature was altered)',
  expired_key: 'signed with a key that had expired',
  not_signing_key: 'the key is not flagged for signing',
  gpgverify_unavailable: "GitHub's signature verification service was unavailable",
  gpgverify_error: "GitHub's signature verification service returned an error",
  bad_cert: 'the S/MIME certificate is invalid',
  ocsp_pending: 'the S/MIME certificate revocation check (OCSP) is still pending',
  ocsp_error: 'the S/MIME certificate revocation check (OCSP) failed',
  ocsp_revoked: 'the S/MIME certificate has been revoked',
  // Local git (`gitops-guard diff`, from `git log --format=%G?`); GitHub never reports these.
  expired_signature: 'the signature has expired',
  revoked_key: 'signed with a key that has been revoked',
  missing_key:
    "git could not check the signature here: the signer's public key is not in the local keyring, or no SSH allowed-signers file is configured (gpg.ssh.allowedSignersFile)",
  ssh_key_not_allowed:
    'signed with an SSH key that is not in the allowed-signers file (gpg.ssh.allowedSignersFile)',
};

/** Reasons that say "could not verify right now", not "the signature is bad": reported as not_available. */
const TRANSIENT_REASONS = new Set([
  'gpgverify_unavailable',
  'gpgverify_error',
  'ocsp_pending',
  'ocsp_error',
  'missing_key',
]);

const WEB_FLOW = 'web-flow';

export function reasonInWords(reason: string): string {
  return (
    VERIFICATION_REASONS[reason] ?? `unrecognised verification reason "${reason}" (treated as not verified)`
  );
}

const short = (sha: string) => sha.slice(0, 7);

function describe(commit: SnapshotCommit): string {
  const author = commit.author?.login
    ? `@${commit.author.login}`
    : (commit.author?.name ?? commit.author?.email ?? 'unknown author');
  return `${short(commit.sha)} by ${author}${commit.message ? ` ("${commit.message.split('\n')[0]!.slice(0, 72)}")` : ''}`;
}

function isAllowedBot(commit: SnapshotCommit, allowed: readonly string[]): boolean {
  const list = allowed.map((b) => b.toLowerCase());
  const author = commit.author?.login?.toLowerCase();
  const committer = commit.committer?.login?.toLowerCase();
  if (!author || !list.includes(author)) return false;
  // The author alone is taken from an e-mail address anyone can set: the committer must be the bot (or GitHub) too.
  return (
    committer === author || (committer !== undefined && list.includes(committer)) || committer === WEB_FLOW
  );
}

/** One commit's verdict. */
export function classifyCommit(commit: SnapshotCommit, allowedBots: readonly string[]): CheckItem {
  const reason = commit.verification.reason.toLowerCase();
  const base = { subject: commit.sha, file: '', line: 1 };
  const what = describe(commit);
  if (commit.verification.verified || commit.verification.signedByGitHub) {
    const byGitHub = commit.verification.signedByGitHub || commit.committer?.login === WEB_FLOW;
    return {
      ...base,
      outcome: 'pass',
      ruleId: 'commit-signature-verified',
      message: `${what}: ${byGitHub ? 'signed by GitHub (web-flow)' : 'signature verified'}`,
    };
  }
  if (TRANSIENT_REASONS.has(reason)) {
    return {
      ...base,
      outcome: 'not_available',
      ruleId: 'commit-signature-unverified',
      message: `${what}: ${reasonInWords(reason)}; re-run the check later`,
    };
  }
  if (isAllowedBot(commit, allowedBots)) {
    return {
      ...base,
      outcome: 'pass',
      ruleId: 'commit-signature-allowed-bot',
      message: `${what}: not verified (${reasonInWords(reason)}), accepted because the bot is allowed`,
    };
  }
  const ruleId = reason === 'unsigned' ? 'commit-signature-unsigned' : 'commit-signature-unverified';
  return {
    ...base,
    outcome: 'fail',
    ruleId,
    message: `Commit ${what} is ${reason === 'unsigned' ? 'not signed' : `not verified: ${reasonInWords(reason)}`}.`,
  };
}

export function checkCommitSignatures(snapshot: RepoSnapshot, config: RepositoryChecksConfig): CheckResult {
  const settings = config.signatures;
  const head = {
    check: 'commit-signatures' as const,
    title: 'Commit signatures',
    severity: settings.severity,
  };
  if (!settings.enabled)
    return { ...head, outcome: 'not_applicable', summary: 'Turned off in the configuration.', items: [] };
  const commits = snapshot.commits;
  if (commits === undefined)
    return { ...head, outcome: 'not_applicable', summary: 'No commits to check.', items: [] };
  if (isUnavailable(commits))
    return {
      ...head,
      outcome: 'not_available',
      summary: `The commits could not be read: ${commits.unavailable}.`,
      items: [],
    };
  const items = commits.map((c) => classifyCommit(c, settings.allowedBots));
  if (snapshot.commitCount !== undefined && snapshot.commitCount > commits.length) {
    items.push({
      outcome: 'error',
      ruleId: 'commit-signature-incomplete',
      subject: 'commits',
      file: '',
      line: 1,
      message: `Only ${commits.length} of the ${snapshot.commitCount} commits could be read; the others are unchecked.`,
    });
  }
  const failing = items.filter((i) => i.outcome === 'fail').length;
  const pending = items.filter((i) => i.outcome === 'not_available').length;
  const summary =
    commits.length === 0
      ? 'No commits to check.'
      : failing
        ? `${failing} of ${commits.length} commit${commits.length === 1 ? '' : 's'} not signed or not verified.`
        : pending
          ? `${pending} of ${commits.length} commit${commits.length === 1 ? '' : 's'} could not be verified right now.`
          : `All ${commits.length} commit${commits.length === 1 ? '' : 's'} verified.`;
  return { ...head, outcome: summarizeItems(items), summary, items };
}
