import { minimatch } from 'minimatch';
import type { Config } from '../config/schema.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A changed file is reviewed when it is YAML or JSON and matches `paths.include` (default all) and not `paths.exclude`. */
export function isManifestPath(path: string, paths: Config['paths']): boolean {
  if (!MANIFEST_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) return false;
  if (paths?.include?.length && !paths.include.some((g) => minimatch(path, g, { dot: true }))) return false;
  if (paths?.exclude?.some((g) => minimatch(path, g, { dot: true }))) return false;
  return true;
}
