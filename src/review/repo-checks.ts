/**
 * Repository checks of a pull request (issue 6) inside the review pipeline. The changed files
 * come from the pipeline's listing, CODEOWNERS of base (and head, when the pull request changes
 * it) ride in the pipeline's batched GraphQL blob query; the first 100 commits come with the
 * changed files (one compare call); the base branch's ruleset rules ride in the blob query too
 * (GraphQL `Ref.rules`); the rest (further commit pages, codeowners/errors of a CODEOWNERS the pull
 * request changes, classic protection) comes from GitHubPort.fetchRepoCheckData.
 */
import { CODEOWNERS_LOCATIONS, CODEOWNERS_MAX_BYTES } from '../repo-checks/codeowners/parse.js';
import type { RepositoryChecksConfig } from '../repo-checks/config.js';
import { runRepoChecks } from '../repo-checks/run-repo-checks.js';
import type { CodeownersFile, MaybeAvailable, RepoCheckName, RepoChecksReport, RepoSnapshot } from '../repo-checks/types.js';
import { blobKey, type BlobRequest, type BlobResult, type BranchRulesRead, type CommitsPage, type GitHubPort, type PullFile, type PullRequestInfo } from './github-port.js';

const LOCATIONS = CODEOWNERS_LOCATIONS as readonly string[];

/** Does the pull request change a CODEOWNERS file? Then the head's version is read too. */
export function touchesCodeowners(files: readonly PullFile[]): boolean {
  return files.some((f) => LOCATIONS.includes(f.path) || (f.previousPath !== undefined && LOCATIONS.includes(f.previousPath)));
}

/** The CODEOWNERS blobs to add to the pipeline's GraphQL query (three locations at base, and at head when changed). */
export function codeownersRequests(pull: PullRequestInfo, files: readonly PullFile[], config: RepositoryChecksConfig): BlobRequest[] {
  if (!config.codeowners.enabled) return [];
  const shas = touchesCodeowners(files) ? [pull.baseSha, pull.headSha] : [pull.baseSha];
  return shas.flatMap((sha) => LOCATIONS.map((path) => ({ sha, path })));
}

/** The CODEOWNERS GitHub uses at `sha`: the first of the three locations that exists. */
export function codeownersAt(blobs: ReadonlyMap<string, BlobResult>, sha: string): MaybeAvailable<CodeownersFile | undefined> {
  for (const path of LOCATIONS) {
    const blob = blobs.get(blobKey({ sha, path }));
    if (!blob || blob.kind === 'missing') continue;
    if (blob.byteSize >= CODEOWNERS_MAX_BYTES) return { unavailable: `${path} is ${blob.byteSize} bytes: GitHub does not load a CODEOWNERS file of 3 MB or more, so no path has an owner` };
    if (blob.kind !== 'text') return { unavailable: `${path} (${blob.byteSize} bytes) could not be read in full` };
    return { path, text: blob.text };
  }
  return undefined;
}

export interface PullRequestRepoChecksInput {
  port: GitHubPort;
  pull: PullRequestInfo;
  files: readonly PullFile[];
  config: RepositoryChecksConfig;
  /** The pipeline's blobs (CODEOWNERS included when requested). */
  blobs: ReadonlyMap<string, BlobResult>;
  /** The first page of commits, read with the changed files (compare API). */
  firstCommits?: CommitsPage;
  /** The base branch's rules, read in the pipeline's blob query. */
  branchRules?: BranchRulesRead;
  repository?: string;
  appId?: number;
}

/** Runs the enabled checks; undefined when every check is off. Never throws for a GitHub error. */
export async function pullRequestRepoChecks(input: PullRequestRepoChecksInput): Promise<RepoChecksReport | undefined> {
  const { config, pull } = input;
  const enabled: RepoCheckName[] = [];
  if (config.signatures.enabled) enabled.push('commit-signatures');
  if (config.codeowners.enabled) enabled.push('codeowners');
  if (config.branchProtection.enabled) enabled.push('branch-protection');
  if (enabled.length === 0) return undefined;

  const snapshot: RepoSnapshot = {
    ...(input.repository ? { repository: input.repository } : {}),
    ...(input.appId ? { appId: input.appId } : {}),
    changedFiles: input.files.map((f) => ({ path: f.path, ...(f.previousPath ? { previousPath: f.previousPath } : {}), status: f.status })),
  };
  if (config.codeowners.enabled) {
    snapshot.codeowners = codeownersAt(input.blobs, pull.baseSha);
    if (touchesCodeowners(input.files)) snapshot.headCodeowners = codeownersAt(input.blobs, pull.headSha);
  }
  // GitHub's own errors only for a CODEOWNERS the pull request changes (at its head: errors it
  // would introduce); the base file's errors are our parser's findings, which need no call.
  const headHasCodeowners = snapshot.headCodeowners !== undefined && !('unavailable' in snapshot.headCodeowners);
  const data = await input.port.fetchRepoCheckData({
    baseSha: pull.baseSha,
    headSha: pull.headSha,
    baseRef: pull.baseRef,
    commits: config.signatures.enabled,
    ...(input.firstCommits ? { firstCommits: input.firstCommits } : {}),
    ...(config.codeowners.enabled && headHasCodeowners ? { codeownersErrorsRef: pull.headSha } : {}),
    protection: config.branchProtection.enabled,
    ...(config.branchProtection.enabled && input.branchRules ? { branchRules: input.branchRules } : {}),
  });
  Object.assign(snapshot, data);
  if (data.codeownersErrors) snapshot.codeownersErrorsAt = 'head';
  const report = runRepoChecks(snapshot, config, enabled);
  // Repository-level findings belong to the pull request as a whole: introduced by it, counted like any other.
  return { ...report, findings: report.findings.map((f) => ({ ...f, status: 'introduced' as const })) };
}
