import { describe, expect, it } from '@jest/globals';
import {
  checkCommitSignatures,
  reasonInWords,
  resolveRepositoryConfig,
  runRepoChecks,
  VERIFICATION_REASONS,
} from '../../src/repo-checks/index.js';
import { makeCommit, makeSnapshot } from './snapshot-factory.js';

const config = resolveRepositoryConfig(undefined);
const unverified = (reason: string, extra = {}) =>
  makeCommit({ verification: { verified: false, reason, signature: null }, ...extra });

describe('commit signatures', () => {
  it('passes verified commits', () => {
    const r = checkCommitSignatures(
      makeSnapshot({ commits: [makeCommit(), makeCommit({ sha: 'b'.repeat(40) })] }),
      config,
    );
    expect(r.outcome).toBe('pass');
    expect(r.summary).toBe('All 2 commits verified.');
  });

  it('fails an unsigned commit, at high severity by default, with the reason in words', () => {
    const report = runRepoChecks(
      makeSnapshot({ commits: [makeCommit(), unverified('unsigned', { sha: 'c0ffee'.padEnd(40, '0') })] }),
      undefined,
      ['commit-signatures'],
    );
    expect(report.results[0]!.outcome).toBe('fail');
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'commit-signature-unsigned',
        severity: 'high',
        path: 'c0ffee'.padEnd(40, '0'),
        message: 'Commit c0ffee0 by @alice ("Change things") is not signed.',
      }),
    ]);
    expect(report.markdown).toContain('❌ fail');
  });

  it.each([
    ['unknown_key', 'not registered to any GitHub account'],
    ['bad_email', "not among the signing key's identities"],
    ['unverified_email', 'not verified'],
    ['no_user', 'no GitHub user'],
    ['unknown_signature_type', 'type GitHub does not recognise'],
    ['malformed_signature', 'could not be parsed'],
    ['invalid', 'does not verify'],
    ['expired_key', 'expired'],
    ['not_signing_key', 'not flagged for signing'],
    ['ocsp_revoked', 'revoked'],
    ['BAD_CERT', 'certificate is invalid'],
    ['something_new', 'unrecognised verification reason "something_new"'],
  ])('fails %s with its meaning', (reason, words) => {
    const r = checkCommitSignatures(makeSnapshot({ commits: [unverified(reason)] }), config);
    expect(r.outcome).toBe('fail');
    expect(r.items[0]).toMatchObject({ ruleId: 'commit-signature-unverified' });
    expect(r.items[0]!.message).toContain(words);
  });

  it.each(['gpgverify_unavailable', 'gpgverify_error', 'ocsp_pending', 'OCSP_ERROR'])(
    'reports transient %s as not_available, not a violation',
    (reason) => {
      const report = runRepoChecks(makeSnapshot({ commits: [unverified(reason)] }), undefined, [
        'commit-signatures',
      ]);
      expect(report.results[0]!.outcome).toBe('not_available');
      expect(report.findings).toEqual([]);
      expect(report.results[0]!.items[0]!.message).toMatch(/re-run the check later/);
    },
  );

  it('counts GitHub-signed (web-flow) commits as verified', () => {
    const r = checkCommitSignatures(
      makeSnapshot({
        commits: [
          makeCommit({ committer: { login: 'web-flow' } }),
          unverified('unsigned', {
            verification: { verified: false, reason: 'unsigned', signedByGitHub: true },
          }),
        ],
      }),
      config,
    );
    expect(r.outcome).toBe('pass');
    expect(r.items[0]!.message).toContain('signed by GitHub (web-flow)');
  });

  it('accepts allowed bots only when the bot is author and committer', () => {
    const cfg = resolveRepositoryConfig({ signatures: { allowedBots: ['Renovate[bot]'] } });
    const bot = { login: 'renovate[bot]', type: 'Bot' };
    const ok = checkCommitSignatures(
      makeSnapshot({ commits: [unverified('unsigned', { author: bot, committer: bot })] }),
      cfg,
    );
    expect(ok.outcome).toBe('pass');
    expect(ok.items[0]!.ruleId).toBe('commit-signature-allowed-bot');
    const spoofed = checkCommitSignatures(
      makeSnapshot({ commits: [unverified('unsigned', { author: bot, committer: { login: 'mallory' } })] }),
      cfg,
    );
    expect(spoofed.outcome).toBe('fail');
  });

  it('honours configured severity and enabled', () => {
    const r = runRepoChecks(
      makeSnapshot({ commits: [unverified('unsigned')] }),
      { signatures: { severity: 'medium' } },
      ['commit-signatures'],
    );
    expect(r.findings[0]!.severity).toBe('medium');
    const off = runRepoChecks(
      makeSnapshot({ commits: [unverified('unsigned')] }),
      { signatures: { enabled: false } },
      ['commit-signatures'],
    );
    expect(off.results[0]!.outcome).toBe('not_applicable');
    expect(off.findings).toEqual([]);
  });

  it('fails closed when fewer commits were read than the pull request has', () => {
    const r = checkCommitSignatures(makeSnapshot({ commits: [makeCommit()], commitCount: 300 }), config);
    expect(r.outcome).toBe('error');
    expect(r.items.at(-1)!.message).toBe(
      'Only 1 of the 300 commits could be read; the others are unchecked.',
    );
  });

  it('says plainly when commits are unavailable', () => {
    const r = checkCommitSignatures(
      makeSnapshot({ commits: { unavailable: 'GitHub answered 502', status: 502 } }),
      config,
    );
    expect(r).toMatchObject({
      outcome: 'not_available',
      summary: 'The commits could not be read: GitHub answered 502.',
    });
  });

  it('has words for every documented reason', () => {
    for (const reason of [
      'valid',
      'unsigned',
      'unknown_key',
      'bad_email',
      'unverified_email',
      'no_user',
      'unknown_signature_type',
      'malformed_signature',
      'invalid',
      'expired_key',
      'not_signing_key',
      'gpgverify_unavailable',
      'gpgverify_error',
      'ocsp_pending',
      'ocsp_error',
      'ocsp_revoked',
    ]) {
      expect(VERIFICATION_REASONS[reason]).toBeDefined();
      expect(reasonInWords(reason)).not.toMatch(/unrecognised/);
    }
  });
});
