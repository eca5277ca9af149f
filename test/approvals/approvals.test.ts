import { describe, expect, it } from '@jest/globals';
import {
  changesDeployment,
  judgeApprovals,
  MAX_BLOCK_CHARS,
  planApprovals,
  planBlock,
  readPlanBlock,
  readStateBlock,
  stateBlock,
  type ApprovalFacts,
  type ApprovalPlan,
  type PlanInput,
} from '../../src/approvals/index.js';
import type { Finding } from '../../src/model/index.js';

/** The pure approvals judgement (src/approvals): plans from what a change does, verdicts from reviews. */

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const CODEOWNERS = { path: '.github/CODEOWNERS', text: '* @org/platform\n/clusters/prod/ @org/prod @lead\n' };

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    headSha: HEAD,
    changedPaths: [],
    manifests: [],
    findings: [],
    resources: [],
    config: {},
    production: { namespaces: [], paths: [], clusters: [] },
    configFile: '.github/gitops-guard.yml',
    codeowners: CODEOWNERS,
    ...over,
  };
}

function facts(over: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return {
    headSha: HEAD,
    author: 'dev',
    reviews: [],
    commits: [
      {
        sha: 'c'.repeat(40),
        people: [
          { role: 'author', login: 'dev' },
          { role: 'committer', login: 'web-flow' },
        ],
      },
    ],
    teams: {},
    deployChangedSince: {},
    ...over,
  };
}

const approve = (login: string, commitSha = HEAD, submittedAt = '2026-01-01T10:00:00Z') => ({
  login,
  bot: false,
  state: 'APPROVED' as const,
  commitSha,
  submittedAt,
});

const finding = (ruleId: string, over: Partial<Finding> = {}): Finding => ({
  ruleId,
  severity: 'high',
  message: 'm',
  file: 'apps/x.yaml',
  line: 1,
  column: 1,
  path: '',
  fingerprint: ruleId,
  status: 'introduced',
  ...over,
});

describe('planApprovals', () => {
  it('a change of documentation only requires nothing', () => {
    const plan = planApprovals(input({ changedPaths: [{ path: 'README.md' }, { path: 'docs/a.png' }] }));
    expect(plan.requirements).toEqual([]);
  });

  it('any other changed file changes what is deployed (a generator may read it): one independent approval', () => {
    const plan = planApprovals(input({ changedPaths: [{ path: 'apps/config.properties' }] }));
    expect(plan.requirements.map((r) => [r.id, r.required, r.owners])).toEqual([['independent', 1, []]]);
    expect(changesDeployment('.github/workflows/ci.yml', plan.deployPaths)).toBe(false);
    expect(changesDeployment('.github/gitops-guard.yml', plan.deployPaths)).toBe(true);
    expect(changesDeployment('.github/gitops-guard/policies/x.yaml', plan.deployPaths)).toBe(true);
  });

  it('risky deltas and new suppressions need the security owners, by default the owners of the configuration file', () => {
    const plan = planApprovals(
      input({
        changedPaths: [{ path: 'apps/x.yaml' }],
        findings: [
          finding('delta-psa-enforce-lowered'),
          finding('suppression-added'),
          finding('delta-rbac-rules-widened', { status: 'existing' }),
        ],
      }),
    );
    const security = plan.requirements.find((r) => r.kind === 'security')!;
    expect(security.owners).toEqual(['@org/platform']);
    expect(security.reasons).toHaveLength(2);
    expect(security.reasons[0]).toContain('delta-psa-enforce-lowered');
    expect(security.reasons[1]).toContain('new suppression');
  });

  it('without any security owner, the requirement says how to name one and nobody can meet it', () => {
    const plan = planApprovals(
      input({ codeowners: undefined, changedPaths: [{ path: '.github/gitops-guard.yml' }] }),
    );
    const security = plan.requirements.find((r) => r.kind === 'security')!;
    expect(security.problem).toContain('approvals.security.owners');
    const judged = judgeApprovals(plan, facts({ reviews: [approve('alice')] }));
    expect(judged.results.find((r) => r.requirement.kind === 'security')!.outcome).toBe('unsatisfied');
  });

  it('edits of CODEOWNERS, the configuration and policy resources are security changes', () => {
    const plan = planApprovals(
      input({
        changedPaths: [{ path: 'CODEOWNERS' }, { path: '.github/gitops-guard.yml' }],
        resources: [
          {
            change: 'modified',
            resource: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', name: 'require-labels' },
            file: 'policies/require-labels.yaml',
            summary: [],
          },
        ],
      }),
    );
    const reasons = plan.requirements.find((r) => r.kind === 'security')!.reasons.join('\n');
    expect(reasons).toContain('edits CODEOWNERS');
    expect(reasons).toContain("edits this app's configuration");
    expect(reasons).toContain('ClusterPolicy require-labels');
  });

  it('production by path, namespace and Argo CD destination; owners from CODEOWNERS of the changed file', () => {
    const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop, namespace: argocd}
spec:
  destination: {server: https://prod.example.com, namespace: shop}
`;
    const plan = planApprovals(
      input({
        config: { approvals: { teams: ['@org/dev'] } },
        production: { namespaces: ['prod-*'], paths: ['clusters/prod/**'], clusters: ['https://prod.*'] },
        changedPaths: [{ path: 'clusters/prod/a.yaml' }, { path: 'apps/b.yaml' }, { path: 'argo/shop.yaml' }],
        manifests: [{ path: 'argo/shop.yaml', status: 'added', head: app }],
        resources: [
          {
            change: 'modified',
            resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'prod-eu', name: 'c' },
            file: 'apps/b.yaml',
            summary: [],
          },
          {
            change: 'added',
            resource: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              namespace: 'argocd',
              name: 'shop',
            },
            file: 'argo/shop.yaml',
            summary: [],
          },
        ],
      }),
    );
    const production = plan.requirements.filter((r) => r.kind === 'production');
    expect(production.map((r) => r.owners)).toEqual([['@org/platform'], ['@org/prod', '@lead']]);
    expect(production.every((r) => r.separateFromAuthorTeams)).toBe(true);
    const reasons = production.flatMap((r) => r.reasons).join('\n');
    expect(reasons).toContain('production namespace `prod-eu`');
    expect(reasons).toContain('deploys to production cluster `https://prod.example.com`');
    expect(reasons).toContain('`clusters/prod/a.yaml` is a production path');
  });
});

describe('judgeApprovals', () => {
  const plan = (over: Partial<ApprovalPlan> = {}): ApprovalPlan => ({
    ...planApprovals(input({ changedPaths: [{ path: 'apps/x.yaml' }] })),
    ...over,
  });

  it("a reviewer's latest decisive review wins; a later comment does not undo an approval", () => {
    const judged = judgeApprovals(
      plan(),
      facts({
        reviews: [
          approve('alice', HEAD, '2026-01-01T10:00:00Z'),
          { ...approve('alice', HEAD, '2026-01-01T11:00:00Z'), state: 'COMMENTED' },
          { ...approve('bob', HEAD, '2026-01-01T10:00:00Z'), state: 'CHANGES_REQUESTED' },
          approve('bob', HEAD, '2026-01-01T09:00:00Z'),
        ],
      }),
    );
    expect(judged.passed).toBe(true);
    expect(judged.results[0]!.countedBy).toEqual(['alice']);
    expect(judged.verdicts.find((v) => v.login === 'bob')!.state).toBe('CHANGES_REQUESTED');
  });

  it('co-authors and committers are matched by login, by a noreply address, or by an unlinked git name', () => {
    const judged = judgeApprovals(
      plan({ requirements: [{ ...plan().requirements[0]!, required: 1 }] }),
      facts({
        reviews: [approve('ann'), approve('ben'), approve('cid'), approve('renovate[bot]'), approve('ops')],
        commits: [
          {
            sha: 'c'.repeat(40),
            people: [
              { role: 'author', login: 'dev' },
              { role: 'co-author', email: '123+ann@users.noreply.github.com' },
              { role: 'co-author', name: 'ben', email: 'ben@corp.example' },
              { role: 'committer', login: 'cid' },
            ],
          },
        ],
      }),
    );
    const why = Object.fromEntries(judged.verdicts.map((v) => [v.login, v.reasons.join('; ')]));
    expect(why.ann).toContain('co-author');
    expect(why.ben).toContain('co-author');
    expect(why.cid).toContain('committer');
    expect(why['renovate[bot]']).toContain('bot');
    expect(judged.results[0]!.countedBy).toEqual(['ops']);
  });

  it('configured bots never count', () => {
    const judged = judgeApprovals(
      plan({ bots: ['@deploy-robot'] }),
      facts({ reviews: [approve('deploy-robot')] }),
    );
    expect(judged.passed).toBe(false);
    expect(judged.verdicts[0]!.reasons).toContain('bot');
  });

  it('an approval on an older head: counts when nothing deployed changed, not when it did or is unknown, always with countStale', () => {
    const older = facts({ reviews: [approve('alice', OLD)] });
    expect(judgeApprovals(plan(), { ...older, deployChangedSince: { [OLD]: false } }).passed).toBe(true);
    expect(judgeApprovals(plan(), { ...older, deployChangedSince: { [OLD]: true } }).passed).toBe(false);
    const unknown = judgeApprovals(plan(), older);
    expect(unknown.passed).toBe(false);
    expect(unknown.verdicts[0]!.reasons[0]).toContain('unknown');
    expect(judgeApprovals(plan({ countStale: true }), older).passed).toBe(true);
  });

  it('commits that could not all be read make the requirement not available, never a pass', () => {
    const judged = judgeApprovals(
      plan(),
      facts({ commits: { unavailable: 'too many' }, reviews: [approve('alice')] }),
    );
    expect(judged.results[0]!.outcome).toBe('not_available');
    expect(judged.passed).toBe(false);
  });

  it('team owners: a member counts, unknown membership is not available, N approvals are N people', () => {
    const base = planApprovals(
      input({
        production: { namespaces: [], paths: ['clusters/prod/**'], clusters: [] },
        changedPaths: [{ path: 'clusters/prod/a.yaml' }],
        config: { approvals: { production: { required: 2 } } },
      }),
    );
    const prod = (f: ApprovalFacts) =>
      judgeApprovals(base, f).results.find((r) => r.requirement.kind === 'production')!;
    expect(
      prod(facts({ teams: { '@org/prod': ['alice'] }, reviews: [approve('alice'), approve('lead')] }))
        .outcome,
    ).toBe('satisfied');
    expect(prod(facts({ teams: { '@org/prod': ['alice'] }, reviews: [approve('alice')] })).outcome).toBe(
      'unsatisfied',
    );
    const unknown = prod(
      facts({
        teams: { '@org/prod': { unavailable: 'no Members: read' } },
        reviews: [approve('alice'), approve('lead')],
      }),
    );
    expect(unknown.outcome).toBe('not_available');
    expect(unknown.detail).toContain('no Members: read');
  });
});

describe('the hidden blocks', () => {
  const plan = planApprovals(input({ changedPaths: [{ path: 'apps/x.yaml' }] }));

  it('round-trips on the first line only, for its own head', () => {
    const summary = `${planBlock(plan)}rest of the summary`;
    expect(readPlanBlock(summary, HEAD)).toEqual(plan);
    expect(readPlanBlock(summary, OLD)).toBeUndefined();
    expect(readPlanBlock(`quoted\n${summary}`, HEAD)).toBeUndefined();
    expect(readPlanBlock('<!-- gitops-guard:approvals-plan=!!! -->', HEAD)).toBeUndefined();
    const forged = Buffer.from(JSON.stringify({ ...plan, requirements: [], extra: 1 })).toString('base64');
    expect(readPlanBlock(`<!-- gitops-guard:approvals-plan=${forged} -->`, HEAD)).toBeUndefined();
    const state = { version: 1 as const, headSha: HEAD, deployChangedSince: { [OLD]: false } };
    expect(readStateBlock(stateBlock(state), HEAD)).toEqual(state);
  });

  it('stays under its bound by dropping reasons, never requirements', () => {
    const big: ApprovalPlan = {
      ...plan,
      requirements: Array.from({ length: 20 }, (_, i) => ({
        ...plan.requirements[0]!,
        id: `production-${i + 1}`,
        kind: 'production' as const,
        reasons: Array.from({ length: 20 }, (_, j) => `reason ${j} ${'x'.repeat(200)}`),
      })),
    };
    const block = planBlock(big);
    expect(block.length).toBeLessThanOrEqual(MAX_BLOCK_CHARS + 1);
    const read = readPlanBlock(block, HEAD)!;
    expect(read.requirements).toHaveLength(20);
    expect(read.requirements[0]!.moreReasons).toBeGreaterThan(0);
  });
});
