/**
 * Local git's commit facts in the repository checks' model: a signature status (`%G?`) as a
 * verification, a no-reply e-mail address as a GitHub login.
 */
import type { CommitPerson, CommitVerification, SnapshotCommit } from '../repo-checks/index.js';
import type { GitCommitInfo } from './git.js';

/** A commit's verification from git's signature status (`%G?`), in the check's model, with a note for the report. */
export function verificationFromGitStatus(
  code: string,
  key = '',
): { verification: CommitVerification; note?: string } {
  switch (code) {
    case 'G':
      return { verification: { verified: true, reason: 'valid' } };
    case 'U':
      // SSH: a valid signature by a key the allowed-signers file does not list; anyone can make one.
      if (isSshKey(key)) return { verification: { verified: false, reason: 'ssh_key_not_allowed' } };
      // OpenPGP: a good signature by a key someone imported into the keyring; only its trust level is not set.
      return {
        verification: { verified: true, reason: 'valid' },
        note: 'good signature, but the key is not marked as trusted in the local keyring (git %G? "U")',
      };
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
