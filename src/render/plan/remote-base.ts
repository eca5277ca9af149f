import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { trimSlashes } from './chart-source.js';

/** A Kustomize remote base (`resources: - https://github.com/org/repo//path?ref=v1`), read as kustomize reads it. */
export interface RemoteBase {
  /** The entry as written. */
  ref: string;
  /** What git clones: `https://host/org/repo` (with `.git` when it was written). */
  repoUrl: string;
  /** Folder inside that repository ('' for its root). */
  path: string;
  /** `?ref=` (or `?version=`): a branch, a tag or a commit; none means the default branch. */
  gitRef?: string;
  /**
   * Set for a remote file (`https://host/…/file.yaml`, fetched over HTTP(S) as kustomize does):
   * `repoUrl` is then its folder's URL and `path` its name.
   */
  fileUrl?: string;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;
/** Hosts where kustomize takes the first two path segments as the repository when nothing else says. */
const ORG_REPO_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

/**
 * Reads a remote base the ways kustomize's repospec accepts over HTTPS:
 * `https://host/org/repo//path?ref=x` (the `//` ends the repository), `https://host/org/repo.git/path`,
 * `github.com/org/repo/path` (no scheme: HTTPS; on github.com, gitlab.com and bitbucket.org the
 * first two segments are the repository), an optional `git::` prefix, `?ref=` or `?version=`
 * (`timeout` and `submodules` are ignored: our bounds apply, submodules are never fetched).
 * SSH forms (`git@host:…`, `ssh://`) and `file://` are refused: no keys, no local paths. Pure.
 */
export function parseRemoteBase(entry: string): RemoteBase | { error: string } {
  let rest = entry.trim();
  if (rest.startsWith('git::')) rest = rest.slice('git::'.length);
  if (/^(git@|ssh:\/\/)/i.test(rest))
    return { error: `"${entry}" is an SSH URL, which is never fetched (no keys): write it as https://` };
  let scheme = 'https';
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  }
  if (scheme !== 'https' && scheme !== 'http')
    return { error: `"${entry}" uses ${scheme}://, which is never fetched (only https://)` };
  let gitRef: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(rest.slice(q + 1));
    gitRef = params.get('ref') ?? params.get('version') ?? undefined;
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return { error: `"${entry}" names no repository` };
  const host = rest.slice(0, slash).toLowerCase();
  const hostPath = rest.slice(slash + 1);
  let repoPath: string;
  let path: string;
  const double = hostPath.indexOf('//');
  const dotGit = /\.git(\/|$)/.exec(hostPath);
  const name = hostPath.slice(hostPath.lastIndexOf('/') + 1);
  if (double < 0 && !dotGit && gitRef === undefined && q < 0 && /\.(ya?ml|json)$/i.test(name)) {
    if (scheme === 'http' && !LOOPBACK_HOST.test(host))
      return { error: `"${entry}" uses plain http://, which is only fetched from a loopback host` };
    const folder = hostPath.slice(0, hostPath.lastIndexOf('/') + 1);
    if (folder.split('/').some((seg) => seg === '..' || seg === '.'))
      return { error: `"${entry}" is not a plain URL` };
    return {
      ref: entry,
      repoUrl: trimSlashes(`${scheme}://${host}/${folder}`),
      path: name,
      fileUrl: `${scheme}://${host}/${hostPath}`,
    };
  }
  if (double >= 0) {
    repoPath = hostPath.slice(0, double);
    path = hostPath.slice(double + 2);
  } else if (dotGit) {
    repoPath = hostPath.slice(0, dotGit.index + 4);
    path = hostPath.slice(dotGit.index + 4);
  } else if (ORG_REPO_HOSTS.has(host)) {
    const segments = hostPath.split('/');
    repoPath = segments.slice(0, 2).join('/');
    path = segments.slice(2).join('/');
  } else
    return {
      error: `"${entry}" does not say where the repository ends: write https://host/org/repo//path or …/repo.git/path`,
    };
  repoPath = trimSlashes(repoPath);
  while (path.startsWith('/')) path = path.slice(1);
  const normalized = trimSlashes(posix.normalize(`./${path}`));
  if (normalized.startsWith('../') || normalized === '..')
    return { error: `"${entry}" leaves its repository` };
  if (!repoPath || repoPath.split('/').some((s) => s === '..' || s === '.'))
    return { error: `"${entry}" names no repository` };
  if (scheme === 'http' && !LOOPBACK_HOST.test(host))
    return { error: `"${entry}" uses plain http://, which is only fetched from a loopback host` };
  return {
    ref: entry,
    repoUrl: `${scheme}://${host}/${repoPath}`,
    path: normalized === '.' ? '' : normalized,
    ...(gitRef ? { gitRef } : {}),
  };
}

/**
 * Whether `render.remoteBases` allows a remote base: an entry is a URL prefix of the repository
 * at a path boundary (`https://github.com/acme/` allows every repository of acme,
 * `https://github.com/acme/base` that one, not `acme/base-x`), compared without case, `.git`
 * and trailing slashes. Pure.
 */
export function remoteBaseAllowed(base: RemoteBase, allowList: readonly string[] | undefined): boolean {
  const norm = (u: string) => {
    const out = trimSlashes(u.trim().toLowerCase());
    return out.endsWith('.git') ? out.slice(0, -'.git'.length) : out;
  };
  const repo = `${norm(base.repoUrl)}/`;
  return (allowList ?? []).some((entry) => {
    const e = norm(entry);
    return /^https?:\/\/[^/]/.test(e) && repo.startsWith(`${e}/`);
  });
}

/** Where a fetched remote base is copied in the temporary tree: `.gitops-guard-remote/<key>/`, beside the repository's files. */
export const REMOTE_COPY_DIR = '.gitops-guard-remote';

/** The folder of the temporary tree a remote base's repository (at its ref) is copied to: one per repository and ref. */
export function remoteCopyDir(base: RemoteBase): string {
  const key = createHash('sha256')
    .update(`${base.repoUrl}\u0000${base.gitRef ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return `${REMOTE_COPY_DIR}/${key}`;
}

/**
 * Where a remote entry's copy is in the temporary tree, relative to the tree of the file naming
 * it: a base's folder under `.gitops-guard-remote/<key>/`; a remote file inside the folder of the
 * kustomization naming it (kustomize loads files only from in or below a kustomization's folder).
 */
export function remoteCopyPath(base: RemoteBase, kustomizationFile: string): string {
  if (!base.fileUrl) return posix.join(remoteCopyDir(base), base.path);
  return posix.join(posix.dirname(kustomizationFile), remoteCopyDir(base), base.path);
}
