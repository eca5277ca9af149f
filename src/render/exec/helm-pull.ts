import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { resolveChartVersion } from '../plan/helm-repository-index.js';
import { boundedGet, DEFAULT_PULL_LIMITS, type PullLimits } from './bounded-fetch.js';

export type PullResult = { bytes: Uint8Array; version: string; fromCache: boolean } | { unavailable: string };

/** Where pulled charts are kept: `$XDG_CACHE_HOME/gitops-guard/charts` (or `~/.cache/…`). */
export function chartCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(root, 'gitops-guard', 'charts');
}

/**
 * Pulls a chart from an allowed HTTP(S) chart repository: its index.yaml (the version resolved
 * as Flux resolves it), then the archive, checked against the index's digest and kept in a
 * cache by repository, name, version and digest, so one version is pulled once. Only the
 * repository's own host is contacted (an archive elsewhere, or a redirect, is refused); no
 * credentials are sent. Never throws: anything that fails is `unavailable`, with the reason.
 */
export async function pullChart(
  repository: string,
  chart: string,
  version: string | undefined,
  options: { cacheDir?: string; limits?: PullLimits; fetch?: typeof fetch } = {},
): Promise<PullResult> {
  const limits = options.limits ?? DEFAULT_PULL_LIMITS;
  const base = repository.endsWith('/') ? repository : `${repository}/`;
  let origin: string;
  try {
    origin = new URL(base).origin;
  } catch {
    return { unavailable: `${repository} is not a URL` };
  }
  const get = async (url: string): Promise<Uint8Array | string> => {
    const answer = await boundedGet(url, limits, { fetch: options.fetch });
    if (typeof answer === 'string') return answer;
    // No redirects: only the allowed repository's own answers are read.
    if (answer.status !== 200) return `${url} answered ${answer.status}`;
    return answer.bytes;
  };
  const index = await get(`${base}index.yaml`);
  if (typeof index === 'string') return { unavailable: index };
  const resolved = resolveChartVersion(Buffer.from(index).toString('utf8'), chart, version);
  if ('error' in resolved) return { unavailable: `${repository}: ${resolved.error}` };
  const { entry } = resolved;
  const archiveUrl = entry.urls[0] ? new URL(entry.urls[0], base).toString() : undefined;
  if (!archiveUrl) return { unavailable: `${repository}: ${chart} ${entry.version} lists no archive URL` };
  if (new URL(archiveUrl).origin !== origin)
    return {
      unavailable: `${chart} ${entry.version} is served from ${new URL(archiveUrl).origin}, not from the allowed ${origin}`,
    };
  const digest = entry.digest?.replace(/^sha256:/, '').toLowerCase();
  const key = createHash('sha256').update(repository).digest('hex').slice(0, 16);
  const dir = join(options.cacheDir ?? chartCacheDir(), key);
  const cached = join(
    dir,
    `${safeName(chart)}-${safeName(entry.version)}-${(digest ?? 'nodigest').slice(0, 32)}.tgz`,
  );
  if (digest && existsSync(cached)) {
    const bytes = readFileSync(cached);
    if (createHash('sha256').update(bytes).digest('hex') === digest)
      return { bytes, version: entry.version, fromCache: true };
  }
  const archive = await get(archiveUrl);
  if (typeof archive === 'string') return { unavailable: archive };
  const actual = createHash('sha256').update(archive).digest('hex');
  if (digest && actual !== digest)
    return {
      unavailable: `${chart} ${entry.version}: the archive's sha256 is ${actual}, the index says ${digest}`,
    };
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    writeFileSync(partial, archive);
    renameSync(partial, cached);
  } catch {
    /* a cache that cannot be written only costs a second pull */
  }
  return { bytes: archive, version: entry.version, fromCache: false };
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._+-]/g, '_').slice(0, 100);
}
