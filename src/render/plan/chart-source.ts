/** A chart in an OCI registry: `oci://<registry>/<repository>`, the repository ending with the chart's name. */
export interface OciChartReference {
  /** `oci://host[:port]/path/chart`, as written (scheme added for Argo CD's scheme-less form). */
  url: string;
  /** `host[:port]`. */
  registry: string;
  /** `path/chart`: the repository name of the distribution API. */
  repository: string;
  /** Plain HTTP: only for a loopback registry the allow-list names with `http://` (tests, a local mirror). */
  plainHttp: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/** Without trailing slashes (a loop, not a pattern: linear on hostile text). */
export function trimSlashes(u: string): string {
  let out = u;
  while (out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

function trimUrl(u: string): string {
  return trimSlashes(u.trim().toLowerCase());
}

/** The same chart repository URL (case and trailing slashes aside). */
function sameUrl(a: string, b: string): boolean {
  return trimUrl(a) === trimUrl(b);
}

/** Whether an HTTP(S) chart repository URL is on the allow-list (`render.helm.repositories`): exact URLs. */
export function httpRepositoryAllowed(url: string, allowList: readonly string[] | undefined): boolean {
  return /^https?:\/\//i.test(url) && (allowList ?? []).some((u) => sameUrl(u, url));
}

/**
 * The OCI chart `url` (`oci://host/path/chart`) if the allow-list allows it, else undefined.
 * An entry `oci://host/path` allows that repository and every repository below it; an entry
 * `http://host/path` does the same over plain HTTP, for loopback hosts only. Pure.
 */
export function ociChartAllowed(
  url: string,
  allowList: readonly string[] | undefined,
): OciChartReference | undefined {
  const parsed = /^oci:\/\/([^/?#\s]+)\/([^?#\s]+)$/i.exec(url.trim());
  if (!parsed) return undefined;
  const registry = parsed[1]!.toLowerCase();
  const repository = trimSlashes(parsed[2]!);
  if (!repository || repository.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  const wanted = `${registry}/${repository.toLowerCase()}`;
  for (const entry of allowList ?? []) {
    const e = /^(oci|http):\/\/(.+)$/i.exec(trimUrl(entry));
    if (!e) continue;
    const plainHttp = e[1] === 'http';
    if (plainHttp && !LOOPBACK.test(registry)) continue;
    if (wanted === e[2] || wanted.startsWith(`${e[2]}/`))
      return { url: `oci://${registry}/${repository}`, registry, repository, plainHttp };
  }
  return undefined;
}

/**
 * Where an Argo CD Helm source's `repoURL` points: an HTTP(S) chart repository, or an OCI
 * registry (`oci://host/path`, or Argo CD's scheme-less `host/path`). Pure.
 */
export function argoChartRepository(repoURL: string): { kind: 'http' | 'oci'; url: string } | undefined {
  const u = repoURL.trim();
  if (/^https?:\/\//i.test(u)) return { kind: 'http', url: u };
  if (/^oci:\/\//i.test(u)) return { kind: 'oci', url: trimSlashes(u) };
  const host = u.split('/')[0]!;
  if (!u.includes('://') && /^[a-z0-9.-]+(:\d+)?$/i.test(host) && /[.:]/.test(host))
    return { kind: 'oci', url: `oci://${trimSlashes(u)}` };
  return undefined;
}
