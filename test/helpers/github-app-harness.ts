import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import nock from 'nock';
import { Probot } from 'probot';
import { TestOctokit } from './test-octokit.js';
import { createApp, type AppOptions } from '../../src/app/index.js';
import { graphqlErrors } from './github-graphql.js';
import { queryErrors, requestBodyErrors } from './github-openapi.js';

/**
 * End-to-end harness: a real Probot instance running our app, GitHub mocked with nock (no real
 * network), real webhook payloads from @octokit/webhooks-examples, and every request body checked
 * against GitHub's OpenAPI description and every GraphQL document against GitHub's schema.
 */

const require = createRequire(import.meta.url);
export const APP_ID = 123;
export const API = 'https://api.github.com';
let key: string | undefined;

export function testProbot(options: AppOptions = {}): Probot {
  key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const probot = new Probot({
    appId: APP_ID,
    privateKey: key,
    logLevel: 'fatal',
    Octokit: TestOctokit,
  });
  probot.load(
    createApp({
      appId: APP_ID,
      now: () => new Date('2026-01-15T10:00:00Z'),
      sleep: async () => {},
      ...options,
    }),
  );
  return probot;
}

type Example = { name: string; examples: Array<Record<string, unknown> & { action?: string }> };
const examples = require('@octokit/webhooks-examples') as Example[];

/** A deep copy of a real example payload of `event` with `action`. */
export function examplePayload<T = Record<string, any>>(
  event: string,
  action: string | undefined,
  index = 0,
): T {
  const found = examples.find((e) => e.name === event)?.examples.filter((x) => x.action === action)[index];
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found) as T;
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
}

export interface BlobSpec {
  text?: string;
  binary?: boolean;
  /** The blob's id (GraphQL `Blob.oid`), for a binary the app reads with `git/blobs/{oid}`. */
  oid?: string;
  tooLarge?: boolean;
}

export interface ThreadSpec {
  id: string;
  fingerprint: string;
  isResolved?: boolean;
  viewerDidAuthor?: boolean;
}

/** A commit of the compare API (`verified` by default, signed by a user). */
export function restCommit(
  sha: string,
  verification: { verified?: boolean; reason?: string; login?: string; type?: string } = {},
) {
  const login = verification.login ?? 'octocat';
  return {
    sha,
    author: { login, type: verification.type ?? 'User' },
    committer: {
      login: verification.login === undefined ? 'web-flow' : login,
      type: verification.type ?? 'User',
    },
    commit: {
      message: `change ${sha.slice(0, 7)}\n\nbody`,
      author: { name: login, email: `${login}@example.com` },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
      verification: {
        verified: verification.verified ?? true,
        reason: verification.reason ?? 'valid',
        signature: null,
        payload: null,
      },
    },
  };
}

/** Classic protection that meets the default baseline (2 approvals, code owners, stale dismissal, signatures, our check, no force push, no deletion, admins included). */
export function fullProtection(appId = APP_ID) {
  return {
    url: '',
    required_status_checks: {
      strict: true,
      contexts: ['gitops-guard'],
      checks: [{ context: 'gitops-guard', app_id: appId }],
    },
    enforce_admins: { enabled: true, url: '' },
    required_pull_request_reviews: {
      dismiss_stale_reviews: true,
      require_code_owner_reviews: true,
      required_approving_review_count: 2,
    },
    required_signatures: { enabled: true, url: '' },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
  };
}

export const APPROVALS_RUN = 'gitops-guard / approvals';

function manifestLikeFile(filename: string) {
  return {
    sha: 'f'.repeat(40),
    filename,
    status: 'modified',
    additions: 1,
    deletions: 1,
    changes: 2,
    blob_url: '',
    raw_url: '',
    contents_url: '',
    patch: '@@ -1 +1 @@\n-a\n+b',
  };
}

/** A commit of the approvals query (GraphQL `Commit.authors`: the git author, then the Co-authored-by trailers). */
interface ApprovalCommitSpec {
  sha: string;
  /** Login of the author (default `octocat`); `null`: an e-mail GitHub links to no account. */
  author?: string | null;
  coAuthors?: Array<{ login?: string; name?: string; email?: string }>;
  /** Default `web-flow` (a commit made on GitHub). */
  committer?: string | null;
}

export interface ApprovalsSpec {
  /** The pull request's author (default `Codertocat`, as in the example payloads). */
  author?: string;
  reviews?: Array<{ login: string; state: string; commit: string; submittedAt?: string; bot?: boolean }>;
  /** Default: one commit `c…c` by `octocat`. */
  commits?: ApprovalCommitSpec[];
  /** Members per team (`org/slug`); `forbidden`: a FORBIDDEN field error (no Members: read); absent: not found. */
  teams?: Record<string, string[] | 'forbidden'>;
  /** An approvals run already on the head. */
  existingRun?: { id: number };
}

function gitActor(login: string | null | undefined, name?: string, email?: string) {
  return {
    name: name ?? login ?? 'someone',
    email: email ?? (login ? `${login}@example.com` : 'someone@example.com'),
    user: login ? { login } : null,
  };
}

/** The GraphQL answer of the approvals queries (GitopsGuardApprovals and GitopsGuardTeamMembers). */
function approvalsAnswer(
  spec: ApprovalsSpec,
  body: { query: string; variables: Record<string, any> },
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const errors: unknown[] = [];
  const v = body.variables;
  for (const key of Object.keys(v).filter((k) => /^o\d+$/.test(k))) {
    const i = key.slice(1);
    const alias = /GitopsGuardTeamMembers/.test(body.query) ? `q${i}` : `m${i}`;
    const members = spec.teams?.[`${v[`o${i}`]}/${v[`t${i}`]}`.toLowerCase()];
    if (members === 'forbidden') {
      data[alias] = { team: null };
      errors.push({
        type: 'FORBIDDEN',
        path: [alias, 'team'],
        locations: [{ line: 1, column: 1 }],
        message: 'Resource not accessible by integration',
      });
    } else if (members === undefined) data[alias] = { team: null };
    else {
      const query = v[`l${i}`] as string | undefined;
      const nodes = members.filter((m) => !query || m.toLowerCase().includes(query.toLowerCase()));
      data[alias] = {
        team: { members: { pageInfo: { hasNextPage: false }, nodes: nodes.map((login) => ({ login })) } },
      };
    }
  }
  if (/GitopsGuardApprovals/.test(body.query)) {
    const commits = spec.commits ?? [{ sha: 'c'.repeat(40) }];
    data.repository = {
      pullRequest: {
        author: { __typename: 'User', login: spec.author ?? 'Codertocat' },
        reviews: {
          nodes: (spec.reviews ?? []).map((r, i) => ({
            author: { __typename: r.bot ? 'Bot' : 'User', login: r.login },
            state: r.state,
            submittedAt: r.submittedAt ?? `2026-01-15T09:${String(i).padStart(2, '0')}:00Z`,
            commit: { oid: r.commit },
          })),
        },
        commits: {
          totalCount: commits.length,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: commits.map((c) => ({
            commit: {
              oid: c.sha,
              authors: {
                nodes: [
                  gitActor(c.author === undefined ? 'octocat' : c.author),
                  ...(c.coAuthors ?? []).map((a) => gitActor(a.login, a.name, a.email)),
                ],
              },
              committer: gitActor(c.committer === undefined ? 'web-flow' : c.committer),
            },
          })),
        },
      },
    };
  }
  return errors.length ? { data, errors } : { data };
}

export interface RepoChecksSpec {
  base: string;
  head: string;
  branch: string;
  /** Compare API commits (default: one verified commit); page 1 comes with the files, further pages of 100 are served here. */
  commits?: ReturnType<typeof restCommit>[];
  /** Base CODEOWNERS text at `.github/CODEOWNERS` (default `* @org/platform`), null for none. */
  codeowners?: string | null;
  /** Head CODEOWNERS text at `.github/CODEOWNERS`, for a pull request that changes it: `codeowners/errors?ref=HEAD` is then asked. */
  headCodeowners?: string;
  /** GitHub's answer to `codeowners/errors?ref=HEAD` (with `headCodeowners`). */
  codeownersErrors?: Array<Record<string, unknown>>;
  /** Classic protection answer (default 200 fullProtection()). */
  protection?: { status: number; body: unknown };
  /** The base branch's ruleset rules, as GraphQL `Ref.rules` nodes in the blob query (default none; see `graphqlRule`). */
  rules?: GraphqlRule[];
  /** A field error on the rules (the blob query's other data still answers), e.g. `{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }`. */
  rulesError?: { type?: string; message: string; path?: Array<string | number> };
  /** `GET /rulesets/{id}?includes_parents=true` answers, for rulesets whose GraphQL bypass list is empty. */
  rulesetDetails?: Record<number, { status: number; body: unknown }>;
}

export interface GraphqlRule {
  type: string;
  parameters: Record<string, unknown> | null;
  repositoryRuleset: Record<string, unknown> | null;
}

/**
 * A node of GraphQL `Ref.rules`: `type` in GitHub's enum (`PULL_REQUEST`), `parameters` with its
 * `__typename`, in ruleset `id` (ACTIVE, a repository ruleset) with the given bypass actors (GraphQL shape).
 */
export function graphqlRule(
  type: string,
  parameters: Record<string, unknown> | null = null,
  ruleset: {
    id?: number;
    name?: string;
    enforcement?: string;
    bypassActors?: Array<Record<string, unknown>> | null;
  } = {},
): GraphqlRule {
  const actors = ruleset.bypassActors === undefined ? [] : ruleset.bypassActors;
  return {
    type,
    parameters,
    repositoryRuleset: {
      databaseId: ruleset.id ?? 7,
      name: ruleset.name ?? 'protect main',
      enforcement: ruleset.enforcement ?? 'ACTIVE',
      source: { __typename: 'Repository', nameWithOwner: 'Codertocat/Hello-World' },
      bypassActors:
        actors === null
          ? null
          : {
              pageInfo: { hasNextPage: false },
              nodes: actors.map((a) => ({
                bypassMode: 'ALWAYS',
                organizationAdmin: false,
                enterpriseOwner: false,
                deployKey: false,
                repositoryRoleDatabaseId: null,
                repositoryRoleName: null,
                actor: null,
                ...a,
              })),
            },
    },
  };
}

/** Ruleset rules that meet the default baseline (our check pinned to `appId`); admins may not bypass (`bypassActors` given, without admins). */
export function baselineRules(
  appId = APP_ID,
  ruleset: Parameters<typeof graphqlRule>[2] = {},
): GraphqlRule[] {
  return [
    graphqlRule(
      'PULL_REQUEST',
      {
        __typename: 'PullRequestParameters',
        requiredApprovingReviewCount: 2,
        requireCodeOwnerReview: true,
        dismissStaleReviewsOnPush: true,
        requireLastPushApproval: false,
        requiredReviewThreadResolution: false,
      },
      ruleset,
    ),
    graphqlRule('REQUIRED_SIGNATURES', null, ruleset),
    graphqlRule(
      'REQUIRED_STATUS_CHECKS',
      {
        __typename: 'RequiredStatusChecksParameters',
        requiredStatusChecks: [{ context: 'gitops-guard', integrationId: appId }],
        strictRequiredStatusChecksPolicy: true,
      },
      ruleset,
    ),
    graphqlRule('NON_FAST_FORWARD', null, ruleset),
    graphqlRule('DELETION', null, ruleset),
  ];
}

/** Typed nock helpers for the calls the app makes; `errors` collects schema violations. */
export class GitHubMock {
  readonly scope: nock.Scope;
  readonly errors: string[] = [];
  readonly requests: Recorded[] = [];

  /** Blobs every GraphQL blob query answers besides its own (CODEOWNERS, base-tree policy files). */
  readonly sharedBlobs: Record<string, BlobSpec> = {};

  /** What the blob query answers for the base branch's rules (set by `repoChecks`). */
  private branchRules?: { branch: string; rules: GraphqlRule[]; error?: RepoChecksSpec['rulesError'] };

  /** What page 1 of `compare/{base}...{head}` answers (read when GitHub is called). */
  private compareFiles: Array<Record<string, unknown>> = [];
  private compareCommits: ReturnType<typeof restCommit>[] = [restCommit('c'.repeat(40))];
  private compareExpected?: string;
  private compareRegistered = false;

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {
    this.scope = nock(API);
    this.approvalCalls();
  }

  /** What the approvals calls answer (see `approvals()`); by default no review and the commits of `restCommit`. */
  approvalSpec: ApprovalsSpec = {};
  /** The approvals calls the app made (not in `requests`, so the manifest review's counts stay its own). */
  readonly approvalRequests: Recorded[] = [];

  /** Sets what the approvals calls answer: reviews, commits, team members, an existing approvals run. */
  approvals(spec: ApprovalsSpec): this {
    this.approvalSpec = spec;
    return this;
  }

  /**
   * The calls of the approvals run after every review (docs/approvals.md), answered for every test
   * and optional: finding the `gitops-guard / approvals` run, the GraphQL query of reviews, commits and
   * team members, creating or updating the run. Bodies and queries are validated like the others.
   */
  private approvalCalls() {
    const base = this.base;
    const record = (method: string, path: string, body: unknown) =>
      this.approvalRequests.push({ method, path, body });
    this.scope
      .get(new RegExp(`^${base}/commits/[0-9a-f]{40}/check-runs$`))
      .query((q) => q.check_name === APPROVALS_RUN)
      .optionally()
      .times(100)
      .reply((uri) => {
        record('get', uri, undefined);
        const run = this.approvalSpec.existingRun;
        return [
          200,
          {
            total_count: run ? 1 : 0,
            check_runs: run
              ? [{ id: run.id, name: APPROVALS_RUN, app: { id: APP_ID }, output: { annotations_count: 0 } }]
              : [],
          },
        ];
      });
    this.scope
      .post('/graphql', (body) => {
        if (!/query GitopsGuard(Approvals|ApprovalTeams|TeamMembers)/.test(body.query)) return false;
        record('post', '/graphql', body);
        this.errors.push(...graphqlErrors(body.query));
        return true;
      })
      .optionally()
      .times(100)
      .reply(200, (_uri, raw) => {
        const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
          query: string;
          variables: Record<string, any>;
        };
        return approvalsAnswer(this.approvalSpec, body);
      });
    this.scope
      .post(`${base}/check-runs`, (body) => {
        if (body.name !== APPROVALS_RUN) return false;
        record('post', `${base}/check-runs`, body);
        this.errors.push(...requestBodyErrors('post', '/repos/{owner}/{repo}/check-runs', body));
        return true;
      })
      .optionally()
      .times(100)
      .reply(201, { id: 900, name: APPROVALS_RUN });
    this.scope
      .patch(new RegExp(`^${base}/check-runs/9\\d\\d$`), (body) => {
        record('patch', `${base}/check-runs`, body);
        this.errors.push(
          ...requestBodyErrors('patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}', body),
        );
        return true;
      })
      .optionally()
      .times(100)
      .reply(200, { id: 900 });
  }

  /** Every latest check run of the app on `sha` (no `check_name`): what a review event reads first. */
  listCheckRuns(
    sha: string,
    runs: Array<{ id: number; name: string; status?: string; conclusion?: string | null; summary?: string }>,
  ): this {
    this.scope
      .get(`${this.base}/commits/${sha}/check-runs`)
      .query(
        (q) => (
          this.checkQuery('/repos/{owner}/{repo}/commits/{ref}/check-runs', q),
          !('check_name' in q) && q.app_id === String(APP_ID) && q.filter === 'latest'
        ),
      )
      .reply((uri) => {
        this.approvalRequests.push({ method: 'get', path: uri, body: undefined });
        return [
          200,
          {
            total_count: runs.length,
            check_runs: runs.map((r) => ({
              id: r.id,
              name: r.name,
              status: r.status ?? 'completed',
              conclusion: r.conclusion === undefined ? 'success' : r.conclusion,
              app: { id: APP_ID },
              output: { title: 't', summary: r.summary ?? null, annotations_count: 0 },
            })),
          },
        ];
      });
    return this;
  }

  /** `compare/{base}...{head}?per_page=1`: the paths changed between an approved commit and the head. */
  compareBetween(base: string, head: string, paths: string[]): this {
    this.scope
      .get(`${this.base}/compare/${base}...${head}`)
      .query(true)
      .reply((uri) => {
        this.approvalRequests.push({ method: 'get', path: uri, body: undefined });
        const q = Object.fromEntries(new URL(uri, API).searchParams);
        this.checkQuery('/repos/{owner}/{repo}/compare/{basehead}', q);
        if (q.per_page !== '1' || q.page !== '1')
          this.errors.push(`compare ${base}...${head} asked with ${uri}`);
        return [
          200,
          {
            status: 'ahead',
            total_commits: 1,
            commits: [],
            files: paths.map((filename) => ({ ...manifestLikeFile(filename) })),
          },
        ];
      });
    return this;
  }

  /** The approvals run's bodies (create or update), in order. */
  approvalRuns(): any[] {
    return this.approvalRequests.filter((r) => r.path.endsWith('/check-runs')).map((r) => r.body);
  }

  private get base() {
    return `/repos/${this.owner}/${this.repo}`;
  }

  private check(method: string, template: string, path: string, body: unknown) {
    this.requests.push({ method, path, body });
    this.errors.push(...requestBodyErrors(method, template, body));
  }

  token(installationId: number): this {
    this.scope.post(`/app/installations/${installationId}/access_tokens`).reply(201, {
      token: 'ghs_test',
      expires_at: '2099-01-01T00:00:00Z',
      permissions: {},
      repository_selection: 'all',
    });
    return this;
  }

  findCheckRuns(
    sha: string,
    runs: Array<{ id: number; annotations_count?: number; status?: string }> = [],
    status = 200,
  ): this {
    // A review lists the app's latest runs on the head once (both ours: the review's and the approvals run);
    // the sweeper's check and a superseded head ask for `check_name=gitops-guard` only.
    this.scope
      .get(`${this.base}/commits/${sha}/check-runs`)
      .query(
        (q) => (
          this.checkQuery('/repos/{owner}/{repo}/commits/{ref}/check-runs', q),
          (!('check_name' in q) || q.check_name === 'gitops-guard') &&
            q.app_id === String(APP_ID) &&
            q.filter === 'latest'
        ),
      )
      .reply((uri) => {
        if (status !== 200) return [status, { message: 'Server Error' }];
        const named = new URL(uri, API).searchParams.has('check_name');
        const approvals = named ? undefined : this.approvalSpec.existingRun;
        const all = [
          ...runs.map((r) => ({
            id: r.id,
            name: 'gitops-guard',
            status: r.status ?? 'completed',
            annotations_count: r.annotations_count ?? 0,
          })),
          ...(approvals
            ? [{ id: approvals.id, name: APPROVALS_RUN, status: 'completed', annotations_count: 0 }]
            : []),
        ];
        return [
          200,
          {
            total_count: all.length,
            check_runs: all.map((r) => ({
              id: r.id,
              name: r.name,
              app: { id: APP_ID },
              status: r.status,
              conclusion: r.status === 'completed' ? 'success' : null,
              output: { summary: null, annotations_count: r.annotations_count },
            })),
          },
        ];
      });
    return this;
  }

  createCheckRun(id: number, status = 201): this {
    this.scope
      .post(
        `${this.base}/check-runs`,
        (body) =>
          body.name !== APPROVALS_RUN &&
          (this.check('post', '/repos/{owner}/{repo}/check-runs', `${this.base}/check-runs`, body), true),
      )
      .reply(status, status < 300 ? { id, name: 'gitops-guard' } : { message: 'Server Error' });
    return this;
  }

  updateCheckRun(id: number, times = 1, status = 200): this {
    this.scope
      .patch(
        `${this.base}/check-runs/${id}`,
        (body) => (
          this.check(
            'patch',
            '/repos/{owner}/{repo}/check-runs/{check_run_id}',
            `${this.base}/check-runs/${id}`,
            body,
          ),
          true
        ),
      )
      .times(times)
      .reply(status, { id });
    return this;
  }

  /** `.github/gitops-guard.yml` on the default branch (no `ref`); org `.github` fallback answers 404 unless given. */
  config(yaml: string | undefined, orgYaml?: string): this {
    const contents = (repo: string) =>
      new RegExp(
        `^/repos/${this.owner}/${repo.replace('.', '\\.')}/contents/\\.github(%2F|/)gitops-guard\\.yml$`,
      );
    const reply = (scope: nock.Interceptor, text: string | undefined) =>
      text === undefined
        ? scope.reply(404, { message: 'Not Found' })
        : scope.reply(200, text, { 'content-type': 'text/plain; charset=utf-8' });
    reply(
      this.scope.get(contents(this.repo)).query((q) => !('ref' in q)),
      yaml,
    );
    if (yaml === undefined)
      reply(
        this.scope.get(contents('.github')).query((q) => !('ref' in q)),
        orgYaml,
      );
    return this;
  }

  /** Validates a GET's query against GitHub's OpenAPI (may run more than once per request: no recording here). */
  private checkQuery(template: string, query: Record<string, unknown>) {
    this.errors.push(...queryErrors('get', template, query));
  }

  /**
   * Page 1 of `GET compare/{base}...{head}?per_page=100&page=1`, once: the changed files (from
   * `files`) and the first 100 commits (from `repoChecks`), read at request time. `status` other
   * than 200 answers an error instead.
   */
  compare(status = 200, headers: Record<string, string> = {}): this {
    this.scope
      .get(new RegExp(`^${this.base}/compare/[0-9a-f]{40}\\.\\.\\.[0-9a-f]{40}$`))
      .query(
        (q) => (
          this.checkQuery('/repos/{owner}/{repo}/compare/{basehead}', q),
          q.per_page === '100' && q.page === '1'
        ),
      )
      .reply((uri) => {
        this.requests.push({ method: 'get', path: uri, body: undefined });
        const basehead = decodeURIComponent(uri.split('/compare/')[1]!.split('?')[0]!);
        if (this.compareExpected && basehead !== this.compareExpected)
          this.errors.push(`compare ${basehead}, expected ${this.compareExpected}`);
        if (status !== 200)
          return [
            status,
            {
              message:
                status === 404
                  ? 'Not Found'
                  : status === 429 || status === 403
                    ? 'You have exceeded a secondary rate limit'
                    : 'Server Error',
            },
            headers,
          ];
        const commits = this.compareCommits;
        return [
          200,
          {
            status: 'ahead',
            ahead_by: commits.length,
            behind_by: 0,
            total_commits: commits.length,
            commits: commits.slice(0, 100),
            files: this.compareFiles,
          },
        ];
      });
    return this;
  }

  private ensureCompare() {
    if (this.compareRegistered) return;
    this.compareRegistered = true;
    this.compare();
  }

  /**
   * The changed files as the app reads them: up to 300, page 1 of the compare API (with the
   * commits of `repoChecks`); more, `pulls/{n}/files` pages (the payload's `changed_files` must say so).
   * A failing `status` fails compare and the `pulls/{n}/files` fallback alike.
   */
  files(pullNumber: number, files: Array<Record<string, unknown>>, status = 200): this {
    if (status !== 200) {
      this.compare(status);
      return this.pullFiles(pullNumber, files, status);
    }
    if (files.length > 300) return this.pullFiles(pullNumber, files);
    this.compareFiles = files;
    this.ensureCompare();
    return this;
  }

  /** `pulls/{n}/files?per_page=100&page=N`, every page the app reads. */
  pullFiles(pullNumber: number, files: Array<Record<string, unknown>>, status = 200): this {
    // The app stops at GitHub's cap of 3,000 files (30 pages).
    const pages = Math.min(30, Math.max(1, Math.ceil((files.length + 1) / 100)));
    for (let page = 1; page <= pages; page++) {
      this.scope
        .get(`${this.base}/pulls/${pullNumber}/files`)
        .query(
          (q) => (
            this.checkQuery('/repos/{owner}/{repo}/pulls/{pull_number}/files', q),
            q.per_page === '100' && q.page === String(page)
          ),
        )
        .reply(
          status,
          (uri) => (
            this.requests.push({ method: 'get', path: uri, body: undefined }),
            status === 200
              ? files.slice((page - 1) * 100, page * 100)
              : { message: status === 404 ? 'Not Found' : 'Server Error' }
          ),
        );
      if (status !== 200) break;
    }
    return this;
  }

  /** One GraphQL request answering blob aliases from `blobs` (key `SHA:path`) and review threads. */
  graphql(blobs: Record<string, BlobSpec>, threads: ThreadSpec[] = [], times = 1): this {
    this.scope
      .post('/graphql', (body) => {
        this.requests.push({ method: 'post', path: '/graphql', body });
        this.errors.push(...graphqlErrors(body.query));
        return /query GitopsGuardBlobs/.test(body.query);
      })
      .times(times)
      .reply(200, (_uri, raw) => {
        const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
          query: string;
          variables: Record<string, unknown>;
        };
        const repository: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(body.variables as Record<string, unknown>)) {
          if (!/^e\d+$/.test(name)) continue;
          const spec = blobs[value as string] ?? this.sharedBlobs[value as string];
          repository[`b${name.slice(1)}`] = spec
            ? {
                oid: spec.oid ?? 'f'.repeat(40),
                text: spec.binary ? null : spec.tooLarge ? (spec.text ?? '').slice(0, 10) : spec.text,
                isBinary: Boolean(spec.binary),
                byteSize: spec.tooLarge ? 50_000_000 : (spec.text ?? '').length,
                isTruncated: Boolean(spec.tooLarge),
              }
            : null;
        }
        let errors: unknown[] | undefined;
        if ('baseRef' in body.variables) {
          const rules = this.branchRules;
          if (!rules)
            this.errors.push(
              'the blob query asked for branch rules, but repoChecks() did not say what they are',
            );
          else if (body.variables.baseRef !== `refs/heads/${rules.branch}`)
            this.errors.push(
              `rules asked for ${String(body.variables.baseRef)}, expected refs/heads/${rules.branch}`,
            );
          if (rules?.error) {
            // GitHub nulls the failed field and says why; the rest of the data stands.
            repository.baseRef = null;
            errors = [
              {
                type: rules.error.type,
                path: rules.error.path ?? ['repository', 'baseRef', 'rules'],
                locations: [{ line: 1, column: 1 }],
                message: rules.error.message,
              },
            ];
          } else {
            repository.baseRef = {
              rules: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: rules?.rules ?? [] },
            };
          }
        }
        // The approvals' facts ride in the blob query (docs/approvals.md): answered from `approvals()`.
        const approvals = approvalsAnswer(this.approvalSpec, {
          query: body.query.includes('reviews(last:') ? 'GitopsGuardApprovals' : '',
          variables: body.variables as Record<string, any>,
        });
        const approvalsData = approvals.data as Record<string, any>;
        const approvalsPull = approvalsData.repository?.pullRequest;
        delete approvalsData.repository;
        if (approvals.errors) errors = [...(errors ?? []), ...(approvals.errors as unknown[])];
        if (approvalsPull) repository.pr = { ...approvalsPull };
        if (/reviewThreads/.test(body.query)) {
          repository.pr = {
            ...(repository.pr as object),
            reviewThreads: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: threads.map((t) => ({
                id: t.id,
                isResolved: t.isResolved ?? false,
                isOutdated: false,
                path: 'x',
                comments: {
                  nodes: [
                    {
                      body: `old\n<!-- gitops-guard:fingerprint=${t.fingerprint} -->`,
                      viewerDidAuthor: t.viewerDidAuthor ?? true,
                    },
                  ],
                },
              })),
            },
          };
        }
        const data = { repository, ...approvalsData };
        return errors ? { data, errors } : { data };
      });
    return this;
  }

  /** `git/trees/{sha}?recursive=1` of the base (policies); `files` also answer the blob queries at that sha. */
  tree(sha: string, files: Record<string, string> = {}, status = 200): this {
    Object.entries(files).forEach(([path, text]) => (this.sharedBlobs[`${sha}:${path}`] = { text }));
    this.scope
      .get(`${this.base}/git/trees/${sha}`)
      .query({ recursive: '1' })
      .reply(
        status,
        status === 200
          ? {
              sha,
              url: '',
              truncated: false,
              tree: Object.entries(files).map(([path, text]) => ({
                path,
                mode: '100644',
                type: 'blob',
                sha: 'e'.repeat(40),
                size: text.length,
                url: '',
              })),
            }
          : { message: 'Not Found' },
      );
    return this;
  }

  /** The calls of the repository checks (REST, and the rules answer of the blob query), healthy by default (every check passes). */
  repoChecks(spec: RepoChecksSpec): this {
    const commits = spec.commits ?? [restCommit('c'.repeat(40))];
    this.compareCommits = commits;
    this.compareExpected = `${spec.base}...${spec.head}`;
    this.ensureCompare();
    for (let page = 2; page <= Math.ceil(commits.length / 100); page++) {
      this.scope
        .get(`${this.base}/compare/${spec.base}...${spec.head}`)
        .query(
          (q) => (
            this.checkQuery('/repos/{owner}/{repo}/compare/{basehead}', q),
            q.per_page === '100' && q.page === String(page)
          ),
        )
        .reply(
          200,
          (uri) => (
            this.requests.push({ method: 'get', path: uri, body: undefined }),
            {
              status: 'ahead',
              ahead_by: commits.length,
              behind_by: 0,
              total_commits: commits.length,
              commits: commits.slice((page - 1) * 100, page * 100),
            }
          ),
        );
    }
    const codeowners = spec.codeowners === undefined ? '* @org/platform\n' : spec.codeowners;
    if (codeowners !== null) this.sharedBlobs[`${spec.base}:.github/CODEOWNERS`] = { text: codeowners };
    if (spec.headCodeowners !== undefined) {
      // Asked only for a CODEOWNERS the pull request changes, at its head.
      this.sharedBlobs[`${spec.head}:.github/CODEOWNERS`] = { text: spec.headCodeowners };
      this.scope
        .get(`${this.base}/codeowners/errors`)
        .query((q) => (this.checkQuery('/repos/{owner}/{repo}/codeowners/errors', q), q.ref === spec.head))
        .reply(
          200,
          (uri) => (
            this.requests.push({ method: 'get', path: uri, body: undefined }),
            { errors: spec.codeownersErrors ?? [] }
          ),
        );
    }
    const protection = spec.protection ?? { status: 200, body: fullProtection() };
    this.scope
      .get(`${this.base}/branches/${spec.branch}/protection`)
      .reply(protection.status, protection.body as nock.Body);
    // The ruleset rules ride in the blob query (GraphQL `Ref.rules`); REST is asked only for rulesets whose bypass list GraphQL gave empty.
    this.branchRules = {
      branch: spec.branch,
      rules: spec.rules ?? [],
      ...(spec.rulesError ? { error: spec.rulesError } : {}),
    };
    for (const [id, answer] of Object.entries(spec.rulesetDetails ?? {})) {
      this.scope
        .get(`${this.base}/rulesets/${id}`)
        .query(
          (q) => (
            this.checkQuery('/repos/{owner}/{repo}/rulesets/{ruleset_id}', q),
            q.includes_parents === 'true'
          ),
        )
        .reply(
          answer.status,
          (uri) => (
            this.requests.push({ method: 'get', path: uri, body: undefined }),
            answer.body as nock.Body
          ),
        );
    }
    return this;
  }

  resolveThreads(): this {
    this.scope
      .post('/graphql', (body) => {
        if (!/mutation GitopsGuardResolve/.test(body.query)) return false;
        this.requests.push({ method: 'post', path: '/graphql', body });
        this.errors.push(...graphqlErrors(body.query));
        return true;
      })
      .reply(200, (_uri, raw) => {
        const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
          variables: Record<string, unknown>;
        };
        return {
          data: Object.fromEntries(
            Object.keys(body.variables).map((k, i) => [
              `r${i}`,
              { thread: { id: body.variables[k], isResolved: true } },
            ]),
          ),
        };
      });
    return this;
  }

  review(pullNumber: number, status = 200): this {
    this.scope
      .post(
        `${this.base}/pulls/${pullNumber}/reviews`,
        (body) => (
          this.check(
            'post',
            '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
            `${this.base}/pulls/${pullNumber}/reviews`,
            body,
          ),
          true
        ),
      )
      .reply(
        status,
        status < 300
          ? { id: 1 }
          : {
              message: 'Unprocessable Entity',
              errors: ['Pull request review thread line must be part of the diff'],
            },
      );
    return this;
  }

  bodies(method: string, pathPart: string): any[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(pathPart)).map((r) => r.body);
  }
}
