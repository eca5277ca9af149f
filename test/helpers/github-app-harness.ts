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
    this.scope
      .get(`${this.base}/commits/${sha}/check-runs`)
      .query((q) => q.check_name === 'gitops-guard' && q.app_id === String(123) && q.filter === 'latest')
      .reply(
        status,
        status === 200
          ? {
              total_count: runs.length,
              check_runs: runs.map((r) => ({
                id: r.id,
                name: 'gitops-guard',
                app: { id: APP_ID },
                status: r.status ?? 'completed',
                output: { annotations_count: r.annotations_count ?? 0 },
              })),
            }
          : { message: 'Server Error' },
      );
    return this;
  }

  createCheckRun(id: number, status = 201): this {
    this.scope
      .post(
        `${this.base}/check-runs`,
        (body) => (
          this.check('post', '/repos/{owner}/{repo}/check-runs', `${this.base}/check-runs`, body),
          true
        ),
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
          variables: Record<string, unknown>;
        };
        const repository: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(body.variables as Record<string, unknown>)) {
          if (!/^e\d+$/.test(name)) continue;
          const spec = blobs[value as string] ?? this.sharedBlobs[value as string];
          repository[`b${name.slice(1)}`] = spec
            ? {
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
        if ('number' in body.variables) {
          repository.pr = {
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
        return errors ? { data: { repository }, errors } : { data: { repository } };
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
