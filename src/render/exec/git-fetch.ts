import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RemoteBase } from '../plan/remote-base.js';
import { DEFAULT_PULL_LIMITS, type RemoteFetchOptions } from './bounded-fetch.js';
import { chartCacheDir } from './helm-pull.js';
import { runSandboxed } from './sandbox.js';

export type GitFetchResult = { dir: string; commit: string; fromCache: boolean } | { unavailable: string };

const COMMIT = /^[0-9a-f]{40}$/;
/** A checkout larger than this is refused (and a pack file larger than it cannot be written). */
const MAX_CHECKOUT_BYTES = 64 * 1024 * 1024;

/** The git binary of the machine (never one of the repository's): on PATH, else the usual places. */
function findGit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter((d) => d.startsWith('/')), '/usr/bin', '/bin'];
  for (const d of dirs) {
    const p = join(d, 'git');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Fetches one commit of an allowed remote base's repository with the machine's git, over
 * HTTP(S) only: `git ls-remote` resolves `?ref=` (a branch or a tag; a full commit id is taken
 * as it is), and a checkout of that commit is kept in `$XDG_CACHE_HOME/gitops-guard/git/` by
 * repository and commit, so one commit is fetched once. The fetch is shallow (`--depth 1`),
 * without tags, submodules, hooks, symbolic links (checked out as files), credentials
 * (clean environment, no credential helper, no terminal prompt) or redirects, in the sandbox
 * with a time bound per command and a bound on every file it writes. Never throws.
 */
export async function fetchRemoteBase(
  base: RemoteBase,
  options: RemoteFetchOptions = {},
): Promise<GitFetchResult> {
  const git = findGit();
  if (!git) return { unavailable: 'no git binary was found to fetch remote bases with' };
  const limits = options.limits ?? DEFAULT_PULL_LIMITS;
  const root = join(options.cacheDir ?? join(chartCacheDir(), '..'), 'git');
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, '.fetch-'));
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const plainHttp = base.repoUrl.startsWith('http://');
  const config = [
    '-c',
    'protocol.allow=never',
    '-c',
    'protocol.https.allow=always',
    ...(plainHttp ? ['-c', 'protocol.http.allow=always'] : []),
    '-c',
    'http.followRedirects=false',
    '-c',
    'credential.helper=',
    '-c',
    'core.symlinks=false',
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'core.fsmonitor=false',
    '-c',
    'submodule.recurse=false',
    '-c',
    'advice.detachedHead=false',
  ];
  const run = (args: string[], cwd: string) =>
    runSandboxed(git, [...config, ...args], {
      cwd,
      home,
      network: true,
      maxFileBytes: MAX_CHECKOUT_BYTES,
      limits: { timeoutMs: limits.timeoutMs * 2, maxOutputBytes: 1024 * 1024 },
      env: {
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '/bin/false',
        GIT_PROTOCOL_FROM_USER: '0',
        GIT_LFS_SKIP_SMUDGE: '1',
      },
    });
  const failed = (what: string, r: Awaited<ReturnType<typeof run>>) =>
    r.limit === 'time'
      ? `${what} took longer than ${(limits.timeoutMs * 2) / 1000} s`
      : `${what} failed: ${firstLine(r.stderr) || `git exited with ${r.code}`}`;
  try {
    // 1. Which commit.
    let commit = base.gitRef && COMMIT.test(base.gitRef) ? base.gitRef : undefined;
    if (!commit) {
      const wanted = base.gitRef ?? 'HEAD';
      const listed = await run(['ls-remote', '--', base.repoUrl, wanted], work);
      if (listed.code !== 0) return { unavailable: failed(`git ls-remote ${base.repoUrl}`, listed) };
      commit = pickCommit(listed.stdout, wanted);
      if (!commit) return { unavailable: `${base.repoUrl} has no branch or tag ${wanted}` };
    }
    // 2. The cache, by repository and commit.
    const key = createHash('sha256').update(base.repoUrl).digest('hex').slice(0, 16);
    const dir = join(root, key, commit);
    if (existsSync(join(dir, '.gitops-guard-complete'))) return { dir, commit, fromCache: true };
    // 3. A shallow fetch of that commit (by the name given, so servers that refuse ids still answer), and a checkout.
    const checkout = join(work, 'checkout');
    mkdirSync(checkout);
    for (const args of [
      ['init', '-q'],
      [
        'fetch',
        '-q',
        '--depth',
        '1',
        '--no-tags',
        '--no-recurse-submodules',
        '--',
        base.repoUrl,
        base.gitRef ?? 'HEAD',
      ],
      ['checkout', '-q', '--detach', 'FETCH_HEAD'],
    ]) {
      const r = await run(args, checkout);
      if (r.code !== 0 || r.limit) return { unavailable: failed(`git ${args[0]} of ${base.repoUrl}`, r) };
    }
    const head = await run(['rev-parse', 'HEAD'], checkout);
    const fetched = head.stdout.trim();
    rmSync(join(checkout, '.git'), { recursive: true, force: true });
    const size = treeBytes(checkout);
    if (size > MAX_CHECKOUT_BYTES)
      return { unavailable: `${base.repoUrl} at ${fetched} is larger than ${MAX_CHECKOUT_BYTES} bytes` };
    writeFileSync(join(checkout, '.gitops-guard-complete'), fetched);
    // Kept under the id ls-remote gave (an annotated tag's own id, or the commit): immutable either way.
    mkdirSync(join(dir, '..'), { recursive: true });
    if (!existsSync(dir)) renameSync(checkout, dir);
    return { dir, commit: fetched || commit, fromCache: false };
  } catch (error) {
    return { unavailable: `${base.repoUrl} could not be fetched (${(error as Error).message})` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The object `git ls-remote` lists for a name: a peeled tag first (when listed), then the tag, the branch, the exact ref. */
function pickCommit(listing: string, wanted: string): string | undefined {
  const refs = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name && COMMIT.test(sha)) refs.set(name.trim(), sha);
  }
  for (const name of [`refs/tags/${wanted}^{}`, `refs/tags/${wanted}`, `refs/heads/${wanted}`, wanted])
    if (refs.has(name)) return refs.get(name);
  return undefined;
}

function treeBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else total += lstatSync(p).size;
    }
  }
  return total;
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('hint:'))[0]
      ?.slice(0, 300) ?? ''
  );
}
