import { describe, expect, it } from '@jest/globals';
import {
  branchRulesFromError,
  checkBranchProtection,
  classicProtectionFromError,
  resolveRepositoryConfig,
  runRepoChecks,
  type ClassicProtection,
  type ProtectionSnapshot,
} from '../../src/repo-checks/index.js';
import { makeSnapshot } from './snapshot-factory.js';

const config = resolveRepositoryConfig(undefined);

const FULL_CLASSIC: ClassicProtection = {
  required_status_checks: {
    strict: true,
    contexts: ['gitops-guard'],
    checks: [{ context: 'gitops-guard', app_id: 42 }],
  },
  enforce_admins: { enabled: true },
  required_pull_request_reviews: {
    dismiss_stale_reviews: true,
    require_code_owner_reviews: true,
    required_approving_review_count: 2,
  },
  required_signatures: { enabled: true },
  allow_force_pushes: { enabled: false },
  allow_deletions: { enabled: false },
};

const snap = (protection: Partial<ProtectionSnapshot>, appId?: number) =>
  makeSnapshot({
    appId,
    protection: { branch: 'main', classic: { protected: false }, rules: [], ...protection },
  });

const outcomes = (r: ReturnType<typeof checkBranchProtection>) =>
  Object.fromEntries(r.items.map((i) => [i.subject, i.outcome]));

describe('branch protection', () => {
  it('passes a classic rule that meets the baseline', () => {
    const r = checkBranchProtection(snap({ classic: { protected: true, data: FULL_CLASSIC } }, 42), config);
    expect(r.outcome).toBe('pass');
    expect(r.summary).toBe('main meets the baseline.');
    expect(r.items).toHaveLength(9);
  });

  it('fails every requirement of an unprotected branch and says so plainly', () => {
    const report = runRepoChecks(snap({}), undefined, ['branch-protection']);
    const r = report.results[0]!;
    expect(r.outcome).toBe('fail');
    expect(r.summary).toBe(
      'main is not protected: no classic branch protection rule and no ruleset applies to it.',
    );
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'branch-protection-block-deletions',
      'branch-protection-block-force-pushes',
      'branch-protection-dismiss-stale-reviews',
      'branch-protection-no-admin-bypass',
      'branch-protection-require-code-owner-review',
      'branch-protection-require-pull-request',
      'branch-protection-require-signed-commits',
      'branch-protection-required-approvals',
      'branch-protection-required-status-check',
    ]);
    expect(report.findings.every((f) => f.severity === 'high' && f.file === '')).toBe(true);
  });

  it('merges classic protection and rulesets most-restrictive-wins', () => {
    const classic: ClassicProtection = {
      required_pull_request_reviews: { required_approving_review_count: 1, dismiss_stale_reviews: false },
      enforce_admins: { enabled: false },
      allow_force_pushes: { enabled: true },
      allow_deletions: { enabled: false },
    };
    const r = checkBranchProtection(
      snap(
        {
          classic: { protected: true, data: classic },
          rules: [
            {
              type: 'pull_request',
              ruleset_id: 7,
              ruleset_source: 'octo/gitops',
              parameters: {
                required_approving_review_count: 2,
                require_code_owner_review: true,
                dismiss_stale_reviews_on_push: true,
              },
            },
            { type: 'required_signatures', ruleset_id: 7 },
            { type: 'non_fast_forward', ruleset_id: 7 },
            {
              type: 'required_status_checks',
              ruleset_id: 9,
              parameters: { required_status_checks: [{ context: 'gitops-guard', integration_id: 42 }] },
            },
          ],
          rulesets: [
            { id: 7, name: 'main', bypass_actors: [] },
            {
              id: 9,
              name: 'checks',
              bypass_actors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }],
            },
          ],
        },
        42,
      ),
      config,
    );
    expect(outcomes(r)).toEqual({
      'require-pull-request': 'pass',
      'require-code-owner-review': 'pass',
      'dismiss-stale-reviews': 'pass',
      'require-signed-commits': 'pass',
      'block-force-pushes': 'pass',
      'block-deletions': 'pass',
      'required-approvals': 'pass',
      'required-status-check:gitops-guard': 'pass',
      'no-admin-bypass': 'pass',
    });
    expect(r.items.find((i) => i.subject === 'required-approvals')!.message).toBe(
      '2 approving reviews required (ruleset "main" (id 7, octo/gitops)).',
    );
  });

  it('names the shortfall: too few approvals, admins bypass', () => {
    const r = checkBranchProtection(
      snap({
        classic: {
          protected: true,
          data: {
            ...FULL_CLASSIC,
            enforce_admins: { enabled: false },
            required_pull_request_reviews: {
              required_approving_review_count: 1,
              require_code_owner_reviews: true,
              dismiss_stale_reviews: true,
            },
          },
        },
      }),
      config,
    );
    const failed = r.items.filter((i) => i.outcome === 'fail').map((i) => i.message);
    expect(failed).toEqual([
      'main: the baseline requires 2 approving reviews, but classic branch protection requires only 1.',
      'main: administrators can bypass classic branch protection (turn on "Do not allow bypassing the above settings" or remove admin bypass actors).',
    ]);
  });

  it('reports ruleset bypass as not_available when GitHub does not return bypass actors', () => {
    const r = checkBranchProtection(snap({ rules: [{ type: 'deletion', ruleset_id: 3 }] }), config);
    const item = r.items.find((i) => i.subject === 'no-admin-bypass')!;
    expect(item.outcome).toBe('not_available');
    expect(item.message).toContain('Administration: write');
  });

  it('a required check from another app fails; an unpinned one passes with a note', () => {
    const other = checkBranchProtection(
      snap(
        {
          classic: {
            protected: true,
            data: {
              ...FULL_CLASSIC,
              required_status_checks: { checks: [{ context: 'gitops-guard', app_id: 99 }] },
            },
          },
        },
        42,
      ),
      config,
    );
    expect(other.items.find((i) => i.subject === 'required-status-check:gitops-guard')).toMatchObject({
      outcome: 'fail',
      message:
        'main: "gitops-guard" is required from another app (id 99, classic branch protection), not from this one (id 42).',
    });
    const unpinned = checkBranchProtection(
      snap(
        {
          classic: {
            protected: true,
            data: { ...FULL_CLASSIC, required_status_checks: { contexts: ['gitops-guard'] } },
          },
        },
        42,
      ),
      config,
    );
    expect(unpinned.items.find((i) => i.subject === 'required-status-check:gitops-guard')).toMatchObject({
      outcome: 'pass',
      message: expect.stringContaining('not pinned to this app'),
    });
  });

  it('uses a configured baseline', () => {
    const cfg = resolveRepositoryConfig({
      branchProtection: {
        severity: 'medium',
        baseline: {
          requiredApprovals: 1,
          requireSignedCommits: false,
          requiredStatusChecks: ['ci', 'gitops-guard'],
          noAdminBypass: false,
        },
      },
    });
    const r = runRepoChecks(
      snap({
        classic: {
          protected: true,
          data: {
            ...FULL_CLASSIC,
            required_signatures: { enabled: false },
            required_pull_request_reviews: {
              required_approving_review_count: 1,
              require_code_owner_reviews: true,
              dismiss_stale_reviews: true,
            },
          },
        },
      }),
      cfg,
      ['branch-protection'],
    );
    expect(r.findings.map((f) => [f.ruleId, f.path, f.severity])).toEqual([
      ['branch-protection-required-status-check', 'required-status-check:ci', 'medium'],
    ]);
  });

  describe('403 and 404 are told apart', () => {
    it.each([
      [404, 'Branch not protected', { protected: false }],
      [
        403,
        'Upgrade to GitHub Pro or make this repository public to enable this feature.',
        { unavailable: expect.stringContaining('plan does not offer branch protection'), status: 403 },
      ],
      [
        403,
        'Resource not accessible by integration',
        { unavailable: expect.stringContaining('grant it the Administration: read permission'), status: 403 },
      ],
      [
        404,
        'Not Found',
        {
          unavailable: expect.stringContaining('not found, or this app is not permitted to see it'),
          status: 404,
        },
      ],
      [500, 'boom', { unavailable: 'GitHub answered 500 "boom"', status: 500 }],
    ])('classic %i %s', (status, message, expected) => {
      expect(classicProtectionFromError(status, message)).toEqual(expected);
    });

    it('rules endpoint errors', () => {
      expect(branchRulesFromError(403, 'Resource not accessible by integration').unavailable).toContain(
        'Metadata: read',
      );
      expect(branchRulesFromError(404, 'Not Found').unavailable).toContain('repository was not found');
    });

    it('unreadable classic protection turns missing requirements into not_available, never a false "unprotected"', () => {
      const r = checkBranchProtection(
        snap({
          classic: classicProtectionFromError(403, 'Resource not accessible by integration'),
          rules: [{ type: 'deletion', ruleset_id: 1 }],
        }),
        config,
      );
      expect(r.outcome).toBe('not_available');
      expect(r.items.find((i) => i.subject === 'block-deletions')!.outcome).toBe('pass');
      expect(r.items.find((i) => i.subject === 'require-pull-request')!.message).toContain(
        'as far as this app can read',
      );
      expect(r.summary).toContain(
        'Classic branch protection: this app is not permitted to read classic branch protection',
      );
    });
  });

  it('is not applicable without a branch, and off when disabled', () => {
    expect(checkBranchProtection(makeSnapshot(), config).outcome).toBe('not_applicable');
    expect(
      checkBranchProtection(snap({}), resolveRepositoryConfig({ branchProtection: { enabled: false } }))
        .outcome,
    ).toBe('not_applicable');
  });
});

describe('runRepoChecks', () => {
  it('turns a throwing check into an error result and finding', () => {
    const bad = makeSnapshot({ commits: [null as never] });
    const report = runRepoChecks(bad, undefined, ['commit-signatures']);
    expect(report.results[0]!.outcome).toBe('error');
    expect(report.findings[0]!.ruleId).toBe('commit-signatures-error');
  });

  it('renders a markdown section per check', () => {
    const report = runRepoChecks(snap({ classic: { protected: true, data: FULL_CLASSIC } }, 42), undefined);
    expect(report.markdown).toContain('## Repository checks');
    expect(report.markdown).toContain('| Branch protection | ✅ pass | main meets the baseline. |');
    expect(report.markdown).toContain('| Commit signatures | ➖ not applicable | No commits to check. |');
  });
});
