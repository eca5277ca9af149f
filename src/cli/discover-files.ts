import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { minimatch } from 'minimatch';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export interface DiscoverOptions {
  /** Globs relative to `root`; when set, only matching files are scanned. */
  include?: string[];
  exclude?: string[];
  root: string;
}

/** Expands files and folders into manifest files (folders: .yaml, .yml, .json; never .git or node_modules). */
export function discoverFiles(paths: readonly string[], options: DiscoverOptions): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const accept = (file: string, explicit: boolean) => {
    if (seen.has(file)) return;
    const rel = relative(options.root, file).replace(/\\/g, '/');
    if (!explicit && options.include?.length && !options.include.some((g) => minimatch(rel, g, { dot: true }))) return;
    if (options.exclude?.some((g) => minimatch(rel, g, { dot: true }))) return;
    seen.add(file);
    out.push(file);
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        accept(full, false);
      }
    }
  };
  for (const path of paths) {
    const stat = statSync(path); // throws for a missing path: a usage error
    if (stat.isDirectory()) walk(path);
    else accept(path, true);
  }
  return out;
}
