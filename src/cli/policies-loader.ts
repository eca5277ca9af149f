import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { ManifestFile } from '../engine/index.js';
import { isUnreadable, loadManifestFile, type Resource } from '../manifests/index.js';
import { policyFolders } from '../config/paths.js';
import type { CompiledPolicies, PolicyFile } from '../policy/index.js';
import { isPolicyRepositoryFile, mayHoldPolicy } from '../policy/paths.js';
import { policyFinding, POLICY_RULES } from '../policy/findings.js';
import { readRepositoryFile } from './read-files.js';
import { builtinRules } from '../rules/index.js';

/**
 * Reads the custom rule files (.yaml, .yml) under the configured folders of the repository at
 * `root`. Paths in the result are relative to `root`. A missing folder is no error. Symbolic
 * links inside the folders are never followed (a linked file is read as its target path, as git
 * stores it; a linked folder is not entered), so a link loop cannot hang the walk; a file or
 * folder that cannot be read is listed in `unreadable`.
 */
export function readPolicyFiles(
  root: string,
  folders: readonly string[],
  displayBase = root,
  unreadable: PolicyFile[] = [],
): PolicyFile[] {
  const out: PolicyFile[] = [];
  const seen = new Set<string>();
  const shownPath = (path: string) => {
    const shown = relative(displayBase, path);
    return (shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path).replace(/\\/g, '/');
  };
  const walk = (path: string, top: boolean) => {
    let stat;
    try {
      stat = top ? statSync(path) : lstatSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        unreadable.push({
          path: shownPath(path),
          content: `folder could not be listed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        });
        return;
      }
      for (const name of names) if (name !== '.git' && name !== 'node_modules') walk(join(path, name), false);
    } else if (/\.ya?ml$/i.test(path) && !seen.has(path)) {
      seen.add(path);
      const content = readRepositoryFile(path);
      if (isUnreadable(content)) {
        if (!content.cannotHoldManifest)
          unreadable.push({
            path: shownPath(path),
            content: `file could not be read: ${content.unreadable}`,
          });
      } else out.push({ path: shownPath(path), content: Buffer.from(content).toString('utf8') });
    }
  };
  for (const folder of folders) walk(resolve(root, folder), true);
  return out;
}

/** The repository root that holds `path` (the nearest folder with `.git`), or undefined. */
export function repositoryRootOf(path: string): string | undefined {
  let dir = resolve(path);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The resources of the files that may hold admission policies (for `scan` and `rules`). Each such
 * file is loaded here once and keeps its `loaded` result, so the scan does not parse it again.
 */
export function policyResources(files: readonly ManifestFile[]): Resource[] {
  return files
    .filter((f) => !isUnreadable(f.content) && mayHoldPolicy(f.content))
    .flatMap((f) => (f.loaded ??= loadManifestFile(f.path, f.content)).resources);
}

/**
 * Custom rules of the repository at `root` plus the admission policies (ValidatingAdmissionPolicy,
 * Kyverno) among `policySideResources` (the scanned files', for `scan` and `rules`; `diff` and the
 * app compile the base side's in src/judge). A scan changes nothing: no resource has an old object.
 */
export async function loadRepositoryPolicies(
  root: string,
  config: Config | undefined,
  policySideResources: readonly Resource[],
  displayBase = root,
): Promise<CompiledPolicies> {
  const unreadable: PolicyFile[] = [];
  const customRuleFiles = existsSync(root)
    ? readPolicyFiles(root, policyFolders(config), displayBase, unreadable)
    : [];
  // The compilers (CEL, Kyverno's JMESPath) load only when there is something to compile.
  const compiled: CompiledPolicies =
    policySideResources.length === 0 && customRuleFiles.length === 0
      ? { rules: [], findings: [], active: [], runtimeFindings: () => [] }
      : (await import('../policy/index.js')).compileRepositoryPolicies(policySideResources, {
          customRuleFiles,
          reservedIds: builtinRules.map((r) => r.id),
          previousResources: [],
        });
  // A custom rule that cannot be read is not evaluated: say so on its path.
  for (const file of unreadable) {
    compiled.findings.push(
      policyFinding(
        POLICY_RULES.error,
        'high',
        `Custom rule ${file.content}; its rules were not evaluated.`,
        { file: file.path, line: 1, column: 1 },
      ),
    );
  }
  return compiled;
}

/**
 * The admission policies (and their bindings, params) of another repository, read from a local
 * checkout (`--policy-repo DIR`, as it is on disk): its files matching `policies.repository.paths`
 * (default every .yaml/.yml/.json file), with paths relative to `cwd`. Without `--policy-repo` but with `policies.repository`
 * configured, `note` says once that they were not evaluated locally.
 */
export function policyRepositoryFiles(
  dir: string | undefined,
  config: Config | undefined,
  cwd: string,
  note: (text: string) => void,
): { label: string; files: PolicyFile[] } | undefined {
  const configured = config?.policies?.repository;
  if (dir === undefined) {
    if (configured)
      note(
        `gitops-guard: note: the policies of ${configured.name} (policies.repository) were not evaluated locally; pass --policy-repo DIR with a checkout of it.\n`,
      );
    return undefined;
  }
  const root = resolve(cwd, dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new Error(`--policy-repo ${dir}: not a directory`);
  const files: PolicyFile[] = [];
  // Never through a symbolic link (a linked folder is not entered, a linked file is its target path).
  const walk = (path: string) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isPolicyRepositoryFile(relative(root, full).replace(/\\/g, '/'), configured?.paths)) {
        const shown = relative(cwd, full);
        const content = readRepositoryFile(full);
        if (!isUnreadable(content))
          files.push({
            path: (shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : full).replace(/\\/g, '/'),
            content,
          });
      }
    }
  };
  walk(root);
  return { label: dir, files };
}
