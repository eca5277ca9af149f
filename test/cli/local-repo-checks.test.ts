import { describe, expect, it } from '@jest/globals';
import { hasSignatureHeader, parseCommitLog } from '../../src/cli/git.js';
import {
  loginFromEmail,
  snapshotCommit,
  verificationFromGitStatus,
} from '../../src/cli/local-repo-checks.js';
import { repoFindingStatus } from '../../src/judge/repository.js';
import { classifyCommit } from '../../src/repo-checks/index.js';

const GPG_KEY = '4AEE18F83AFDEB23';
const SSH_KEY = 'SHA256:Gyi4LqI7KTdKhCKBREyrVVLKB34JB2pbJF+2jnvWNYQ';

/** What the signature check makes of a commit whose `%G?` is `code`. */
function verdict(code: string, key = GPG_KEY) {
  const { commit, note } = snapshotCommit({
    sha: 'a'.repeat(40),
    signature: code,
    authorName: 'Ann',
    authorEmail: 'ann@example.com',
    committerName: 'Ann',
    committerEmail: 'ann@example.com',
    signer: 'Ann <ann@example.com>',
    key,
    subject: 'change',
  });
  const item = classifyCommit(commit, []);
  return { outcome: item.outcome, ruleId: item.ruleId, message: item.message, note };
}

describe("git's signature status (%G?) in the signature check's model", () => {
  it.each([
    ['G', true, 'valid'],
    ['U', true, 'valid'],
    ['X', false, 'expired_signature'],
    ['Y', false, 'expired_key'],
    ['R', false, 'revoked_key'],
    ['E', false, 'missing_key'],
    ['B', false, 'invalid'],
    ['N', false, 'unsigned'],
  ])('%s -> verified %s, reason %s', (code, verified, reason) => {
    expect(verificationFromGitStatus(code, GPG_KEY).verification).toEqual({ verified, reason });
  });

  it.each([
    ['G', 'pass', 'commit-signature-verified', /signature verified/],
    ['U', 'pass', 'commit-signature-verified', /signature verified/],
    ['X', 'fail', 'commit-signature-unverified', /the signature has expired/],
    ['Y', 'fail', 'commit-signature-unverified', /signed with a key that had expired/],
    ['R', 'fail', 'commit-signature-unverified', /key that has been revoked/],
    ['E', 'not_available', 'commit-signature-unverified', /public key is not in the local keyring/],
    ['B', 'fail', 'commit-signature-unverified', /does not verify/],
    ['N', 'fail', 'commit-signature-unsigned', /is not signed/],
    [
      '?',
      'fail',
      'commit-signature-unverified',
      /unrecognised verification reason "git_signature_status_\?"/,
    ],
  ])('%s is %s (%s)', (code, outcome, ruleId, message) => {
    expect(verdict(code)).toMatchObject({ outcome, ruleId, message: expect.stringMatching(message) });
  });

  it('U: an OpenPGP key someone imported is accepted with a note; an SSH key the allowed-signers file does not list is not', () => {
    expect(verdict('U', GPG_KEY)).toMatchObject({
      outcome: 'pass',
      note: expect.stringMatching(/not marked as trusted/),
    });
    expect(verificationFromGitStatus('U', SSH_KEY).verification).toEqual({
      verified: false,
      reason: 'ssh_key_not_allowed',
    });
    expect(verdict('U', SSH_KEY)).toMatchObject({
      outcome: 'fail',
      message: expect.stringMatching(/SSH key that is not in the allowed-signers file/),
    });
  });

  it('maps GitHub no-reply addresses to logins, and GitHub as committer to web-flow', () => {
    expect(loginFromEmail('29139614+renovate[bot]@users.noreply.github.com')).toBe('renovate[bot]');
    expect(loginFromEmail('octocat@users.noreply.github.com')).toBe('octocat');
    expect(loginFromEmail('noreply@github.com')).toBe('web-flow');
    expect(loginFromEmail('ann@example.com')).toBeUndefined();
  });

  it('parses git log -z records, whatever the subject holds', () => {
    const record = (sha: string, code: string, subject: string) =>
      [sha, code, 'Ann', 'ann@x', 'Bob', 'bob@x', '', '', subject].join('\0') + '\0';
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const commits = parseCommitLog(record(a, 'N', 'fix: a | b\ttab') + record(b, 'G', ''));
    expect(commits).toEqual([
      {
        sha: a,
        signature: 'N',
        authorName: 'Ann',
        authorEmail: 'ann@x',
        committerName: 'Bob',
        committerEmail: 'bob@x',
        signer: '',
        key: '',
        subject: 'fix: a | b\ttab',
      },
      {
        sha: b,
        signature: 'G',
        authorName: 'Ann',
        authorEmail: 'ann@x',
        committerName: 'Bob',
        committerEmail: 'bob@x',
        signer: '',
        key: '',
        subject: '',
      },
    ]);
    expect(parseCommitLog('')).toEqual([]);
  });

  it('finds the signature header of a raw commit, not a "gpgsig" line in the message', () => {
    expect(hasSignatureHeader('tree 1\nauthor a\ngpgsig -----BEGIN SSH SIGNATURE-----\n x\n\nmsg\n')).toBe(
      true,
    );
    expect(hasSignatureHeader('tree 1\nauthor a\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n\nmsg\n')).toBe(
      true,
    );
    expect(hasSignatureHeader('tree 1\nauthor a\n\ngpgsig in the message\n')).toBe(false);
  });

  it("findings about the base CODEOWNERS file are existing; GitHub's errors of the head's file and everything else are introduced", () => {
    expect(repoFindingStatus({ ruleId: 'codeowners-syntax' }, undefined)).toBe('existing');
    expect(repoFindingStatus({ ruleId: 'codeowners-github-error' }, 'base')).toBe('existing');
    expect(repoFindingStatus({ ruleId: 'codeowners-github-error' }, 'head')).toBe('introduced');
    expect(repoFindingStatus({ ruleId: 'codeowners-uncovered-file' }, undefined)).toBe('introduced');
    expect(repoFindingStatus({ ruleId: 'commit-signature-unsigned' }, undefined)).toBe('introduced');
  });
});
