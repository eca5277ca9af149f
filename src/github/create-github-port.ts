import type { ProbotOctokit } from 'probot';
import type {
  BlobRequest,
  BranchRulesRead,
  BlobResult,
  ExistingCheckRun,
  GitHubPort,
  PullFile,
  PullFileStatus,
  PullRequestInfo,
  ReviewThread,
} from './port.js';
import { blobKey } from './port.js';
import { fingerprintFromBody, type CheckRunUpdate, type ReviewBody } from './wire-format.js';
import { describeGitHubError, isRateLimit, retryAfterSeconds } from './errors.js';
import {
  compareCommits,
  fetchRepoCheckData,
  mergedPullRequestsOf,
  toSnapshotCommit,
} from './fetch-repo-snapshot.js';
import { partialRulesAnswer, readBranchRules, type GraphqlFieldError } from './branch-rules.js';
import { readPolicyRepository } from './policy-repository.js';
import { isTeamFieldError, readApprovalFacts, type PrefetchedApprovalFacts } from './approval-facts.js';
import {
  BLOBS_PER_QUERY,
  blobsQuery,
  resolveThreadsMutation,
  RULES_ALIAS,
  type ApprovalsAsk,
  type BlobNode,
  type RefRulesNode,
  type ThreadsPage,
} from './graphql.js';

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** GitHub's hard cap on `GET /pulls/{n}/files`. */
const MAX_PULL_FILES = 3000;
/** The compare API lists at most 300 changed files (on its first page only, when paginated). */
const MAX_COMPARE_FILES = 300;
const FILES_PER_PAGE = 100;
const COMMITS_PER_PAGE = 100;

export interface PortOptions {
  owner: string;
  repo: string;
  /** Probot's `context.config` (reads the default branch, `_extends`, the org `.github` repository). */
  loadConfig: () => Promise<unknown>;
  /** Filters check runs by app when known. */
  appId?: number;
  /** Longest retry-after (403/429) we wait for once before giving up (seconds). */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the port says what it fell back on. */
  log?: (message: string) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The one Octokit-backed implementation of the review pipeline's GitHub port. */
export function createGitHubPort(octokit: Octokit, options: PortOptions): GitHubPort {
  const { owner, repo } = options;
  const maxWait = options.maxRetryAfterSeconds ?? 60;
  const sleep = options.sleep ?? defaultSleep;

  /** Honours one retry-after from a rate limit (Octokit's throttle plugin does not retry secondary limits). */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const wait = retryAfterSeconds(error);
      if (wait === undefined || wait > maxWait) throw error;
      await sleep(wait * 1000);
      return fn();
    }
  }

  /** `pulls/{n}/files`, 100 per page, up to GitHub's 3,000-file cap. */
  async function listPullFiles(pullNumber: number, expected?: number) {
    const files: PullFile[] = [];
    for (let page = 1; page <= MAX_PULL_FILES / FILES_PER_PAGE; page++) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: FILES_PER_PAGE,
          page,
        }),
      );
      files.push(...data.map(toPullFile));
      if (data.length < FILES_PER_PAGE || (expected !== undefined && files.length >= expected)) break;
    }
    return { files, truncated: files.length >= MAX_PULL_FILES, source: 'pulls' as const };
  }

  /** Page 1 of `compare/{base}...{head}` (three dots: from the merge base): the changed files and the first 100 commits. */
  async function compare(base: string, head: string) {
    const { data } = await call(() =>
      octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: COMMITS_PER_PAGE,
        page: 1,
      }),
    );
    return {
      files: (data.files ?? []).map(toPullFile),
      firstCommits: {
        commits: (data.commits as Parameters<typeof toSnapshotCommit>[0][]).map(toSnapshotCommit),
        total: data.total_commits,
      },
    };
  }

  const toInfo = (pr: {
    number: number;
    head: { sha: string };
    base: { sha: string; ref: string };
    draft?: boolean;
    state: string;
    changed_files?: number;
  }): PullRequestInfo => ({
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    draft: pr.draft ?? false,
    state: pr.state,
    ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}),
  });

  return {
    async findCheckRun(headSha, name) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          owner,
          repo,
          ref: headSha,
          check_name: name,
          filter: 'latest',
          ...(options.appId ? { app_id: options.appId } : {}),
        }),
      );
      const run = data.check_runs.find(
        (r) => r.name === name && (!options.appId || r.app?.id === options.appId),
      );
      return run
        ? ({
            id: Number(run.id),
            annotationsCount: run.output?.annotations_count ?? 0,
            status: run.status,
          } satisfies ExistingCheckRun)
        : undefined;
    },

    async createCheckRun(headSha, name, update: CheckRunUpdate) {
      const { data } = await call(() =>
        octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          owner,
          repo,
          name,
          head_sha: headSha,
          ...update,
        }),
      );
      return Number(data.id);
    },

    async updateCheckRun(id, update) {
      await call(() =>
        octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
          owner,
          repo,
          check_run_id: id,
          ...update,
        }),
      );
    },

    loadConfig: options.loadConfig,

    async listChanges(pull) {
      // Up to 300 files, one compare call gives the files and the first page of commits.
      if (pull.changedFiles === undefined || pull.changedFiles <= MAX_COMPARE_FILES) {
        let compared: Awaited<ReturnType<typeof compare>> | undefined;
        try {
          compared = await compare(pull.baseSha, pull.headSha);
        } catch (error) {
          // A rate limit applies to the fallback too; anything else (a 5xx, a comparison GitHub cannot compute): list the files.
          if (isRateLimit(error)) throw error;
          options.log?.(
            `compare ${pull.baseSha.slice(0, 7)}...${pull.headSha.slice(0, 7)} failed (${describeGitHubError(error)}); listing the pull request's files instead`,
          );
        }
        if (compared) {
          const { files, firstCommits } = compared;
          // Compare lists at most 300 files: 300 of an unknown count may be a cut list.
          if (
            files.length < MAX_COMPARE_FILES ||
            (pull.changedFiles !== undefined && files.length >= pull.changedFiles)
          )
            return { files, truncated: false, source: 'compare' as const, firstCommits };
          return { ...(await listPullFiles(pull.number, pull.changedFiles)), firstCommits };
        }
      }
      return listPullFiles(pull.number, pull.changedFiles);
    },

    async fetchBlobs(
      requests: readonly BlobRequest[],
      threadsOf?: number,
      rulesOf?: string,
      approvalsAsk?: ApprovalsAsk,
    ) {
      const blobs = new Map<string, BlobResult>();
      const threads: ReviewThread[] | undefined = threadsOf === undefined ? undefined : [];
      let branchRules: BranchRulesRead | undefined;
      let approvals: PrefetchedApprovalFacts | undefined;
      let cursor: string | undefined;
      let moreThreads = threadsOf !== undefined;
      const chunks: BlobRequest[][] = [];
      for (let i = 0; i < requests.length; i += BLOBS_PER_QUERY)
        chunks.push(requests.slice(i, i + BLOBS_PER_QUERY));
      if (chunks.length === 0 && (moreThreads || rulesOf !== undefined || approvalsAsk)) chunks.push([]);
      for (let i = 0; i < chunks.length || moreThreads; i++) {
        const chunk = chunks[i] ?? [];
        const withThreads =
          moreThreads && threadsOf !== undefined ? { number: threadsOf, cursor } : undefined;
        // The branch's rules and the approvals' facts ride in the first request only.
        const withRules = i === 0 && rulesOf !== undefined ? { branch: rulesOf } : undefined;
        const withApprovals = i === 0 ? approvalsAsk : undefined;
        const doc = blobsQuery(
          owner,
          repo,
          chunk.map((r) => blobKey(r)),
          withThreads,
          withRules,
          withApprovals,
        );
        type Answer = { repository: Record<string, unknown> | null } & Record<string, unknown>;
        let result: Answer;
        let rulesErrors: GraphqlFieldError[] = [];
        let teamErrors: GraphqlFieldError[] = [];
        try {
          result = await call(() => octokit.graphql<Answer>(doc.query, doc.variables));
        } catch (error) {
          // A field error inside the rules (permission, not found): keep the blobs, the rules become unavailable.
          // One inside a team (no Members: read): that team is unavailable, the rest stands.
          const partial = partialAnswer<Answer>(
            error,
            Boolean(withRules),
            Boolean(withApprovals?.teams.length),
          );
          if (!partial) throw error;
          rulesErrors = partial.errors.filter((e) => !isTeamFieldError(e));
          teamErrors = partial.errors.filter(isTeamFieldError);
          if (rulesErrors.length)
            options.log?.(
              `the rules of ${rulesOf} could not be read with the blobs: ${rulesErrors.map((e) => e.message).join('; ')}`,
            );
          result = partial.data;
        }
        const repository = result.repository ?? {};
        if (withApprovals) {
          const pr = (repository.pr ?? null) as Record<string, unknown> | null;
          approvals = {
            ...(withApprovals.pullNumber !== undefined && pr?.reviews ? { pull: pr } : {}),
            answers: withApprovals.teams.length
              ? [{ teams: withApprovals.teams, data: result, errors: teamErrors }]
              : [],
          };
        }
        chunk.forEach((request, index) =>
          blobs.set(blobKey(request), toBlob(repository[`b${index}`] as BlobNode | null | undefined)),
        );
        if (withRules)
          branchRules = readBranchRules(
            withRules.branch,
            repository[RULES_ALIAS] as RefRulesNode | null | undefined,
            rulesErrors,
          );
        if (withThreads) {
          const page = (repository.pr as { reviewThreads: ThreadsPage } | null)?.reviewThreads;
          for (const node of page?.nodes ?? []) {
            const first = node.comments.nodes[0];
            const fingerprint = fingerprintFromBody(first?.body);
            if (first?.viewerDidAuthor && fingerprint)
              threads!.push({
                id: node.id,
                fingerprint,
                isResolved: node.isResolved,
                isOutdated: node.isOutdated,
                path: node.path,
              });
          }
          moreThreads = Boolean(page?.pageInfo.hasNextPage);
          cursor = page?.pageInfo.endCursor ?? undefined;
        }
      }
      return { blobs, threads, ...(branchRules ? { branchRules } : {}), ...(approvals ? { approvals } : {}) };
    },

    async readBlobBytes(oid) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { owner, repo, file_sha: oid }),
      );
      return new Uint8Array(Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'));
    },

    async createReview(pullNumber, review: ReviewBody) {
      await call(() =>
        octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
          owner,
          repo,
          pull_number: pullNumber,
          ...review,
        }),
      );
    },

    async resolveThreads(threadIds) {
      if (threadIds.length === 0) return;
      const doc = resolveThreadsMutation(threadIds);
      await call(() => octokit.graphql(doc.query, doc.variables));
    },

    async getPullRequest(pullNumber) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: pullNumber,
        }),
      );
      return toInfo(data);
    },

    async pullRequestsForCommit(headSha) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
          owner,
          repo,
          commit_sha: headSha,
        }),
      );
      return data.filter((pr) => pr.state === 'open' && pr.head.sha === headSha).map(toInfo);
    },

    async listTree(sha) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
          owner,
          repo,
          tree_sha: sha,
          recursive: '1',
        }),
      );
      const entries = data.tree
        .filter((e) => e.type === 'blob' && typeof e.path === 'string')
        .map((e) => ({
          path: e.path!,
          ...(typeof e.size === 'number' ? { size: e.size } : {}),
          ...(e.mode === '120000' ? { symlink: true } : {}),
        }));
      return { entries, truncated: Boolean(data.truncated) };
    },

    readPolicyRepository(name, ref, paths) {
      return readPolicyRepository(octokit, name, ref, paths);
    },

    fetchRepoCheckData(request) {
      return fetchRepoCheckData(octokit, owner, repo, request);
    },

    async isBranchProtected(branch) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', { owner, repo, branch }),
      );
      return Boolean(data.protected);
    },

    async pushedCommits(before, after, branch) {
      const compared = await call(() => compareCommits(octokit, owner, repo, before, after));
      const mergedPullRequests = await call(() =>
        mergedPullRequestsOf(
          octokit,
          owner,
          repo,
          branch,
          compared.commits.map((c) => c.sha),
        ),
      );
      return { commits: compared.commits, total: compared.total, mergedPullRequests };
    },

    async listCheckRuns(headSha) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          owner,
          repo,
          ref: headSha,
          filter: 'latest',
          per_page: 100,
          ...(options.appId ? { app_id: options.appId } : {}),
        }),
      );
      return data.check_runs
        .filter((r) => !options.appId || r.app?.id === options.appId)
        .map((r) => ({
          id: Number(r.id),
          name: r.name,
          status: r.status,
          conclusion: r.conclusion ?? null,
          summary: r.output?.summary ?? null,
          annotationsCount: r.output?.annotations_count ?? 0,
        }));
    },

    readApprovalFacts(request, prefetched) {
      return call(() => readApprovalFacts(octokit, owner, repo, request, prefetched));
    },

    async changedPathsBetween(base, head) {
      const { data } = await call(() =>
        octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
          owner,
          repo,
          basehead: `${base}...${head}`,
          per_page: 1,
          page: 1,
        }),
      );
      const files = data.files ?? [];
      return {
        paths: files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])),
        complete: files.length < MAX_COMPARE_FILES,
      };
    },
  };
}

/** One entry of `pulls/{n}/files` or of compare's `files` (the same diff-entry schema). */
function toPullFile(f: {
  filename: string;
  status: string;
  changes: number;
  previous_filename?: string;
  patch?: string;
}): PullFile {
  return {
    path: f.filename,
    status: f.status as PullFileStatus,
    changes: f.changes,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
  };
}

function toBlob(node: BlobNode | null | undefined): BlobResult {
  if (!node || typeof node.byteSize !== 'number') return { kind: 'missing' };
  if (node.isBinary)
    return { kind: 'binary', byteSize: node.byteSize, ...(node.oid ? { oid: node.oid } : {}) };
  if (node.isTruncated || node.text === null) return { kind: 'too-large', byteSize: node.byteSize };
  return { kind: 'text', text: node.text, byteSize: node.byteSize };
}

/**
 * The data of a blob query whose only errors are in fields that may fail alone: the branch's rules
 * (`partialRulesAnswer`) and the approvals' team fields. Undefined: the query failed.
 */
function partialAnswer<T extends { repository: Record<string, unknown> | null }>(
  error: unknown,
  rules: boolean,
  teams: boolean,
): { data: T; errors: GraphqlFieldError[] } | undefined {
  const e = error as { errors?: unknown; data?: unknown };
  if (!Array.isArray(e?.errors) || e.errors.length === 0 || typeof e.data !== 'object' || e.data === null)
    return undefined;
  const errors = e.errors as GraphqlFieldError[];
  const teamErrors = teams ? errors.filter(isTeamFieldError) : [];
  const others = errors.filter((x) => !teamErrors.includes(x));
  if (others.length === 0) return (e.data as T).repository ? { data: e.data as T, errors } : undefined;
  if (!rules) return undefined;
  const partial = partialRulesAnswer<T>({ errors: others, data: e.data });
  return partial ? { data: partial.data, errors } : undefined;
}
