import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { RepoFiles, RepoFileSource } from '../plan/closure.js';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A repository on disk as rendering sees it: every file's path, contents on demand, symlinks leaving it refused. */
export interface DiskRepo extends RepoFiles {
  root: string;
}

export function diskRepo(rootDir: string): DiskRepo {
  const root = resolve(rootDir);
  const realRoot = realpathSync(root);
  const paths = new Set<string>();
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() || e.isSymbolicLink()) {
        paths.add(relative(root, full).split(sep).join('/'));
      }
    }
  };
  walk(root);
  const cache = new Map<string, ReturnType<RepoFileSource['readForCopy']>>();
  const readChecked = (path: string): ReturnType<RepoFileSource['readForCopy']> => {
    if (cache.has(path)) return cache.get(path);
    let result: ReturnType<RepoFileSource['readForCopy']>;
    try {
      const full = join(root, path);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) {
        const real = realpathSync(full);
        if (real !== realRoot && !real.startsWith(realRoot + sep))
          result = {
            refused: `${path} is a symbolic link to a file outside the repository; it is never read.`,
          };
      }
      if (!result) {
        const size = lstatSync(realpathSync(full)).size;
        result =
          size > MAX_FILE_BYTES
            ? { refused: `${path} is ${size} bytes, above the ${MAX_FILE_BYTES}-byte limit for rendering.` }
            : { text: readFileSync(full, 'utf8') };
      }
    } catch {
      result = undefined;
    }
    cache.set(path, result);
    return result;
  };
  return {
    root,
    paths,
    read: (path) => {
      const r = readChecked(path);
      return r && 'text' in r ? r.text : undefined;
    },
    readForCopy: readChecked,
    readBytesForCopy: (path) => {
      const checked = readChecked(path);
      if (!checked || 'refused' in checked) return checked;
      try {
        return { bytes: readFileSync(join(root, path)) };
      } catch {
        return undefined;
      }
    },
  };
}
