import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { buildClosure, type RemoteInclude } from '../plan/closure.js';
import { remoteCopyDir, remoteCopyPath } from '../plan/remote-base.js';
import type { SourceRef } from '../plan/kustomization.js';
import { boundedGet, DEFAULT_PULL_LIMITS, type RemoteFetchOptions } from './bounded-fetch.js';
import { diskRepo } from './disk-repo.js';
import { fetchRemoteBase } from './git-fetch.js';

/** Remote bases nested in remote bases followed at most, and remote bases fetched at most per target. */
const MAX_REMOTE_DEPTH = 3;
const MAX_REMOTES = 10;
/** Time all remote fetches of one target may take together (each git command is bounded on its own too). */
const MAX_REMOTE_MS = 90_000;

export interface RemoteBaseFailure {
  kind: 'unavailable' | 'refused' | 'limit';
  message: string;
  file: string;
  at: SourceRef;
}

/**
 * Puts each allowed remote base of a target into the temporary tree, so kustomize never reaches
 * the network: the repository is fetched by our git (git-fetch.ts), only the files of the base's
 * build closure are copied to `.gitops-guard-remote/<key>/`, and the kustomization entry naming
 * it is rewritten, in the temporary copy only, to that local folder. A remote base's own remote
 * bases follow the same allow-list, recursively (bounded depth and count). Anything that fails
 * names the repository's entry that led to it.
 */
export async function includeRemoteBases(
  remotes: readonly RemoteInclude[],
  tree: string,
  allowList: readonly string[] | undefined,
  options: RemoteFetchOptions & { maxInputBytes: number },
): Promise<RemoteBaseFailure | undefined> {
  let count = 0;
  let bytes = 0;
  const started = Date.now();
  const include = async (
    entries: readonly RemoteInclude[],
    /** Folder of the tree the entries' files are relative to ('' for the repository). */
    prefix: string,
    depth: number,
    top: RemoteInclude | undefined,
  ): Promise<RemoteBaseFailure | undefined> => {
    for (const entry of entries) {
      const at = (top ?? entry).at;
      const file = (top ?? entry).file;
      const fail = (kind: RemoteBaseFailure['kind'], message: string): RemoteBaseFailure => ({
        kind,
        message: `${describe(entry)}${top ? ` (in ${describe(top)})` : ''}: ${message}`,
        file,
        at,
      });
      if (depth >= MAX_REMOTE_DEPTH)
        return fail('limit', `remote bases nest deeper than ${MAX_REMOTE_DEPTH}; not followed`);
      if (++count > MAX_REMOTES) return fail('limit', `more than ${MAX_REMOTES} remote bases; not followed`);
      if (Date.now() - started > MAX_REMOTE_MS)
        return fail(
          'limit',
          `fetching remote bases took longer than ${MAX_REMOTE_MS / 1000} s; not followed`,
        );
      const copyDir = posix.join(prefix, remoteCopyDir(entry.base));
      const copyPath = posix.join(prefix, remoteCopyPath(entry.base, entry.file));
      if (entry.base.fileUrl) {
        // A remote file: one bounded GET, no redirects, written beside its folder's other files.
        const answer = await boundedGet(entry.base.fileUrl, {
          ...DEFAULT_PULL_LIMITS,
          ...options.limits,
        });
        if (typeof answer === 'string') return fail('unavailable', answer);
        if (answer.status !== 200)
          return fail('unavailable', `${entry.base.fileUrl} answered ${answer.status}`);
        bytes += answer.bytes.byteLength;
        if (bytes > options.maxInputBytes)
          return fail('limit', `remote bases exceed ${options.maxInputBytes} bytes; not rendered`);
        mkdirSync(dirname(join(tree, copyPath)), { recursive: true });
        writeFileSync(join(tree, copyPath), answer.bytes);
        rewriteEntry(tree, posix.join(prefix, entry.file), entry, copyPath);
        continue;
      }
      const fetched = await fetchRemoteBase(entry.base, options);
      if ('unavailable' in fetched) return fail('unavailable', fetched.unavailable);
      const remote = diskRepo(fetched.dir);
      const closure = buildClosure(entry.base.path, remote, undefined, { remoteBases: allowList });
      const problem = closure.problems.find((p) => p.kind !== 'unsupported');
      if (problem)
        return fail(
          problem.kind === 'depth' || problem.kind === 'too-large' ? 'limit' : 'refused',
          problem.message,
        );
      for (const path of [...closure.files].sort()) {
        const read = remote.readForCopy(path);
        if (!read) continue;
        if ('refused' in read) return fail('refused', read.refused);
        bytes += Buffer.byteLength(read.text);
        if (bytes > options.maxInputBytes)
          return fail('limit', `remote bases exceed ${options.maxInputBytes} bytes; not rendered`);
        mkdirSync(dirname(join(tree, copyDir, path)), { recursive: true });
        writeFileSync(join(tree, copyDir, path), read.text);
      }
      rewriteEntry(tree, posix.join(prefix, entry.file), entry, copyPath);
      const nested = await include(closure.remotes, `${copyDir}/`, depth + 1, top ?? entry);
      if (nested) return nested;
    }
    return undefined;
  };
  return include(remotes, '', 0, undefined);
}

function describe(entry: RemoteInclude): string {
  return `remote ${entry.base.fileUrl ? 'file' : 'base'} ${entry.base.ref}`;
}

/** Replaces a kustomization's remote entry by the relative path of its local copy (the temporary copy only). */
function rewriteEntry(tree: string, kustomizationFile: string, entry: RemoteInclude, localDir: string): void {
  const full = join(tree, kustomizationFile);
  const k: unknown = parseYaml(readFileSync(full, 'utf8'), { maxAliasCount: 100 });
  if (!k || typeof k !== 'object' || Array.isArray(k)) return;
  const from = posix.dirname(kustomizationFile);
  const local = posix.relative(from === '.' ? '' : from, localDir) || '.';
  const record = k as Record<string, unknown>;
  for (const key of ['resources', 'bases', 'components'])
    if (Array.isArray(record[key]))
      record[key] = (record[key] as unknown[]).map((v) => (v === entry.base.ref ? local : v));
  writeFileSync(full, stringify(record));
}
