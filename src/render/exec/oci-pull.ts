import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OciChartReference } from '../plan/chart-source.js';
import { chooseVersion } from '../plan/helm-repository-index.js';
import { boundedGet, DEFAULT_PULL_LIMITS, type BoundedAnswer, type PullLimits } from './bounded-fetch.js';
import { chartCacheDir, type PullResult } from './helm-pull.js';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
const CHART_LAYERS = ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'application/tar+gzip'];
/** Pages of a tags list followed at most (a registry answers 100 or more tags a page). */
const MAX_TAG_PAGES = 20;
const MAX_REDIRECTS = 3;
/** Time one chart pull may take in all (each request is bounded on its own too). */
const MAX_PULL_MS = 60_000;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** The distribution spec's tag grammar. */
const TAG = /^\w[\w.-]{0,127}$/;

/**
 * Pulls a Helm chart from an allowed OCI registry by speaking the distribution API from Node
 * (GET only): the tags list when a semver range chooses the version (as Flux chooses it), the
 * manifest by tag or digest, then the chart layer, checked against its sha256 digest and
 * cached by that digest. A registry that asks for a token gets an anonymous token request to
 * the realm it names; one that needs credentials is `unavailable` (none are ever sent).
 * A blob may be redirected (registries serve them from storage) to the same origin or to
 * HTTPS; its digest is checked either way. Never throws.
 */
export async function pullOciChart(
  ref: OciChartReference & { tag?: string; digest?: string; range?: string },
  options: { cacheDir?: string; limits?: PullLimits; fetch?: typeof fetch } = {},
): Promise<PullResult> {
  const limits = options.limits ?? DEFAULT_PULL_LIMITS;
  const origin = `${ref.plainHttp ? 'http' : 'https'}://${ref.registry}`;
  const api = `${origin}/v2/${ref.repository}`;
  let token: string | undefined;
  const started = Date.now();

  /** A GET of the registry, with the anonymous token once the registry asked for one. */
  const get = async (url: string, accept?: string): Promise<BoundedAnswer | string> => {
    if (Date.now() - started > MAX_PULL_MS)
      return `pulling ${ref.url} took longer than ${MAX_PULL_MS / 1000} s`;
    const headers = (): Record<string, string> => ({
      ...(accept ? { accept } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    let answer = await boundedGet(url, limits, { fetch: options.fetch, headers: headers() });
    if (typeof answer !== 'string' && answer.status === 401 && token === undefined) {
      const obtained = await anonymousToken(
        answer.headers.get('www-authenticate'),
        ref,
        limits,
        options.fetch,
      );
      if (typeof obtained === 'string') return obtained;
      token = obtained.token;
      answer = await boundedGet(url, limits, { fetch: options.fetch, headers: headers() });
    }
    if (typeof answer === 'string') return answer;
    if (answer.status === 401 || answer.status === 403)
      return `${ref.url} needs credentials (${url} answered ${answer.status}), and gitops-guard never uses registry credentials`;
    return answer;
  };

  // 1. The version: a digest or a tag as given, else the newest tag the range matches.
  let reference = ref.digest ?? ref.tag;
  let version = ref.digest ?? ref.tag ?? '';
  if (ref.digest && !DIGEST.test(ref.digest))
    return { unavailable: `${ref.url}: digest ${ref.digest} is not a sha256 digest` };
  if (!reference) {
    const tags: string[] = [];
    let next: string | undefined = `${api}/tags/list`;
    for (let page = 0; next && page < MAX_TAG_PAGES; page++) {
      const answer = await get(next);
      if (typeof answer === 'string') return { unavailable: answer };
      if (answer.status !== 200) return { unavailable: `${next} answered ${answer.status}` };
      const body = parseJson(answer.bytes);
      if (!body || !Array.isArray(body.tags))
        return { unavailable: `${next} is not a tags list of the distribution API` };
      tags.push(...body.tags.filter((t): t is string => typeof t === 'string'));
      const link = nextLink(answer.headers.get('link') ?? '');
      next = link ? new URL(link, origin).toString() : undefined;
      if (next && new URL(next).origin !== origin) next = undefined;
    }
    const chosen = chooseVersion(tags, ref.range);
    if ('error' in chosen)
      return { unavailable: `${ref.url}: ${chosen.error.replace('{chart}', ref.repository)}` };
    reference = chosen.version;
    version = chosen.version;
  }

  // 2. The manifest: a Helm chart artifact, its chart layer.
  if (!DIGEST.test(reference) && !TAG.test(reference))
    return { unavailable: `${ref.url}: ${reference} is not a tag or a sha256 digest` };
  const manifestUrl = `${api}/manifests/${reference}`;
  const manifestAnswer = await get(manifestUrl, MANIFEST_TYPES);
  if (typeof manifestAnswer === 'string') return { unavailable: manifestAnswer };
  if (manifestAnswer.status !== 200)
    return { unavailable: `${manifestUrl} answered ${manifestAnswer.status}` };
  if (ref.digest && sha256(manifestAnswer.bytes) !== ref.digest.slice('sha256:'.length))
    return { unavailable: `${ref.url}: the manifest's digest is not ${ref.digest}` };
  const manifest = parseJson(manifestAnswer.bytes);
  const config = isRecord(manifest?.config) ? manifest.config : undefined;
  const layers = Array.isArray(manifest?.layers) ? manifest.layers.filter(isRecord) : [];
  const layer = layers.find((l) => CHART_LAYERS.includes(String(l.mediaType)));
  if (!manifest || (config?.mediaType !== HELM_CONFIG && !layer))
    return { unavailable: `${ref.url}:${reference} is not a Helm chart artifact` };
  const digest = typeof layer?.digest === 'string' ? layer.digest : '';
  if (!layer || !DIGEST.test(digest))
    return { unavailable: `${ref.url}:${reference} has no chart layer with a sha256 digest` };
  if (typeof layer.size === 'number' && layer.size > limits.maxBytes)
    return { unavailable: `${ref.url}:${reference}: its chart is larger than ${limits.maxBytes} bytes` };

  // 3. The chart layer: from the cache by digest, else fetched and checked.
  const hex = digest.slice('sha256:'.length);
  const cached = join(options.cacheDir ?? chartCacheDir(), 'oci', `${hex}.tgz`);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    if (sha256(bytes) === hex) return { bytes, version, fromCache: true };
  }
  let blobUrl = `${api}/blobs/${digest}`;
  let blob = await get(blobUrl);
  for (let hop = 0; typeof blob !== 'string' && isRedirect(blob.status) && hop < MAX_REDIRECTS; hop++) {
    const location = blob.headers.get('location');
    const target = location ? new URL(location, blobUrl) : undefined;
    if (!target || (target.origin !== origin && target.protocol !== 'https:'))
      return { unavailable: `${blobUrl} redirects to ${location ?? 'nowhere'}, which is not followed` };
    blobUrl = target.toString();
    // Storage behind a redirect gets no token: the URL carries its own authorisation.
    blob =
      target.origin === origin
        ? await get(blobUrl)
        : await boundedGet(blobUrl, limits, { fetch: options.fetch });
  }
  if (typeof blob === 'string') return { unavailable: blob };
  if (blob.status !== 200) return { unavailable: `${blobUrl} answered ${blob.status}` };
  const actual = sha256(blob.bytes);
  if (actual !== hex)
    return { unavailable: `${ref.url}:${reference}: the chart layer's sha256 is ${actual}, not ${hex}` };
  try {
    mkdirSync(join(cached, '..'), { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    writeFileSync(partial, blob.bytes);
    renameSync(partial, cached);
  } catch {
    /* a cache that cannot be written only costs a second pull */
  }
  return { bytes: blob.bytes, version, fromCache: false };
}

/**
 * An anonymous pull token from the realm a registry's `WWW-Authenticate: Bearer` names (the
 * token service of public registries), for this repository only. A registry asking for Basic
 * credentials, or a token service that refuses, means the chart is private.
 */
async function anonymousToken(
  challenge: string | null,
  ref: OciChartReference,
  limits: PullLimits,
  doFetch: typeof fetch | undefined,
): Promise<{ token: string } | string> {
  const needsCredentials = `${ref.url} needs credentials, and gitops-guard never uses registry credentials`;
  const bearer = challenge && /^\s*bearer\s+/i.test(challenge) ? challenge : undefined;
  if (!bearer) return needsCredentials;
  const params = new Map<string, string>();
  for (const part of bearer.trim().slice('bearer'.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  const realm = params.get('realm');
  let url: URL;
  try {
    url = new URL(realm ?? '');
  } catch {
    return `${ref.url} asks for a token without a usable realm`;
  }
  const registryOrigin = `${ref.plainHttp ? 'http' : 'https'}://${ref.registry}`;
  if (url.protocol !== 'https:' && url.origin !== registryOrigin)
    return `${ref.url} names a token service over plain HTTP elsewhere (${url.origin}), which is not contacted`;
  if (params.has('service')) url.searchParams.set('service', params.get('service')!);
  url.searchParams.set('scope', `repository:${ref.repository}:pull`);
  const answer = await boundedGet(url.toString(), { ...limits, maxBytes: 1024 * 1024 }, { fetch: doFetch });
  if (typeof answer === 'string') return answer;
  if (answer.status !== 200) return needsCredentials;
  const body = parseJson(answer.bytes);
  const token = typeof body?.token === 'string' ? body.token : body?.access_token;
  return typeof token === 'string' && token ? { token } : needsCredentials;
}

/** The `rel="next"` target of a Link header (`<url>; rel="next"`), parsed without patterns. */
function nextLink(header: string): string | undefined {
  for (const part of header.split(',')) {
    const [target, ...params] = part.split(';');
    const t = target?.trim() ?? '';
    if (t.startsWith('<') && t.endsWith('>') && params.some((p) => unquote(p.trim()) === 'rel=next'))
      return t.slice(1, -1);
  }
  return undefined;
}

function unquote(s: string): string {
  return s.replaceAll('"', '');
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
