import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { globMatch } from '../model/index.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export interface DiscoverOptions {
  /** Globs relative to `root`; when set, only matching files are scanned. */
  include?: string[];
  exclude?: string[];
  root: string;
  /** A folder that could not be listed (permission denied): what it holds was not scanned. */
  onUnlistable?: (dir: string, reason: string) => void;
}

/**
 * Expands files and folders into manifest files (folders: .yaml, .yml, .json; never .git or
 * node_modules). Inside folders, symbolic links are never followed (a linked file is listed and
 * judged as its target path, a linked folder is not entered), so a link cannot lead the scan
 * outside the repository or round a loop. Paths given explicitly are the user's own choice.
 */
export function discoverFiles(paths: readonly string[], options: DiscoverOptions): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const accept = (file: string, explicit: boolean) => {
    if (seen.has(file)) return;
    const rel = relative(options.root, file).replace(/\\/g, '/');
    if (
      !explicit &&
      options.include?.length &&
      !options.include.some((g) => globMatch(rel, g, { dot: true }))
    )
      return;
    if (options.exclude?.some((g) => globMatch(rel, g, { dot: true }))) return;
    seen.add(file);
    out.push(file);
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      options.onUnlistable?.(dir, (error as NodeJS.ErrnoException).code ?? String(error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        accept(full, false);
      }
    }
  };
  for (const path of paths) {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !isLink(path)) throw error; // a missing path: a usage error
      directory = false; // a symlink loop, a dangling link, no permission: a finding on the path when read
    }
    if (directory) walk(path);
    else accept(path, true);
  }
  return out;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
