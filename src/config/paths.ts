import { globMatch } from '../model/index.js';
import { DEFAULT_POLICY_PATHS } from '../policy/paths.js';
import type { Config } from './schema.js';

/** Which files of a repository are manifests, and which are custom rules: one answer for the app and the CLI. */

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Folders of custom CEL rules: `policies.paths`, else `.github/gitops-guard/policies/`. */
export function policyFolders(config: Config | undefined): string[] {
  return config?.policies?.paths?.length ? config.policies.paths : DEFAULT_POLICY_PATHS;
}

/** Is `path` (relative to the repository root) under a folder of custom rules? Those files are rules, not manifests. */
export function isPolicyRulePath(path: string, config: Config | undefined): boolean {
  const normalised = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return policyFolders(config).some((folder) =>
    normalised.startsWith(folder.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/?$/, '/')),
  );
}

/** A custom rule file: YAML under a folder of custom rules. */
export function isPolicyRuleFile(path: string, config: Config | undefined): boolean {
  return /\.ya?ml$/i.test(path) && isPolicyRulePath(path, config);
}

/** A manifest: YAML or JSON, matching `paths.include` (default all) and not `paths.exclude`, and not a custom rule file. */
export function isManifestPath(path: string, config: Config | undefined): boolean {
  if (!MANIFEST_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) return false;
  const paths = config?.paths;
  if (paths?.include?.length && !paths.include.some((g) => globMatch(path, g, { dot: true }))) return false;
  if (paths?.exclude?.some((g) => globMatch(path, g, { dot: true }))) return false;
  return !isPolicyRulePath(path, config);
}
