import { Octokit } from '@octokit/rest';
import { config as configPlugin } from '@probot/octokit-plugin-config';
import merge from 'deepmerge';
import { createGitHubPort, type Octokit as PortOctokit } from '../github/create-github-port.js';
import { describeGitHubError } from '../github/errors.js';
import type { GitHubPort, PullRequestInfo } from '../github/port.js';
import type { RawConfig } from './load-config.js';
import { UsageError } from './run-cli.js';

/**
 * `diff --pr OWNER/REPO#N`: a pull request on GitHub gathered through the app's own port and
 * gatherer, read-only, with a token from the environment. Nothing is published.
 */

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

const NAME = '[A-Za-z0-9_.-]+';
const SHORT_REF = new RegExp(`^(${NAME})/(${NAME})#(\\d{1,9})$`);
const URL_REF = new RegExp(`^https://[^/\\s]+/(${NAME})/(${NAME})/pull/(\\d{1,9})(?:[/?#].*)?$`);

/** `owner/repo#123` or a pull request's web address. */
export function parsePullRequestRef(text: string): PullRequestRef {
  const match = SHORT_REF.exec(text) ?? URL_REF.exec(text);
  if (!match) throw new UsageError(`--pr takes OWNER/REPO#NUMBER or a pull request URL (got "${text}")`);
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

export interface GitHubAccess {
  token: string;
  /** REST base URL: https://api.github.com, or GitHub Enterprise Server's `https://HOST/api/v3`. */
  baseUrl: string;
}

/** The token and API address from the environment (the names GitHub Actions and `gh` use). */
export function githubAccessFromEnv(env: NodeJS.ProcessEnv): GitHubAccess {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token)
    throw new UsageError(
      '--pr needs a token in GITHUB_TOKEN (or GH_TOKEN) with read access to the repository',
    );
  return { token, baseUrl: withoutTrailingSlashes(env.GITHUB_API_URL || 'https://api.github.com') };
}

/** Linear, unlike `/\/+$/` (which backtracks on a run of slashes; test/hostile/regexps.test.ts). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

export interface PullRequestSource {
  port: GitHubPort;
  pull: PullRequestInfo;
  /** `.github/gitops-guard.yml` as the app reads it: the default branch, `_extends` and the organisation's `.github` repository followed. */
  config: RawConfig;
}

const ConfiguredOctokit = Octokit.plugin(configPlugin);
const CONFIG_PATH = '.github/gitops-guard.yml';

export async function openPullRequest(ref: PullRequestRef, access: GitHubAccess): Promise<PullRequestSource> {
  const octokit = new ConfiguredOctokit({
    auth: access.token,
    baseUrl: access.baseUrl,
    userAgent: 'gitops-guard-cli',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const { owner, repo } = ref;
  let pull: PullRequestInfo;
  try {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: ref.number });
    pull = {
      number: data.number,
      headSha: data.head.sha,
      baseSha: data.base.sha,
      baseRef: data.base.ref,
      draft: data.draft ?? false,
      state: data.state,
      changedFiles: data.changed_files,
    };
  } catch (error) {
    throw new UsageError(
      `cannot read pull request ${owner}/${repo}#${ref.number}: ${describeGitHubError(error)}`,
    );
  }
  const config = await readConfig(octokit, owner, repo);
  // @octokit/rest and Probot's Octokit share @octokit/core; the port uses only request and graphql.
  const port = createGitHubPort(octokit as unknown as PortOctokit, {
    owner,
    repo,
    loadConfig: async () => config.raw,
  });
  return { port, pull, config };
}

/** As Probot's `context.config` does it (deep merge of `_extends`, lists replaced), so the CLI and the app read one configuration. */
async function readConfig(
  octokit: InstanceType<typeof ConfiguredOctokit>,
  owner: string,
  repo: string,
): Promise<RawConfig> {
  try {
    const { config, files } = await octokit.config.get({
      owner,
      repo,
      path: CONFIG_PATH,
      defaults: (configs) =>
        merge.all<Record<string, unknown>>([{}, ...configs], { arrayMerge: (_target, source) => source }),
    });
    const found = files.find((f) => f.config !== null);
    return found ? { raw: config, file: `${found.owner}/${found.repo}:${found.path}` } : { raw: undefined };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number')
      throw new UsageError(`cannot read ${owner}/${repo}:${CONFIG_PATH}: ${describeGitHubError(error)}`);
    return { raw: undefined, file: CONFIG_PATH, error: (error as Error).message };
  }
}
