import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { loadManifestFile, type Resource } from '../manifests/index.js';
import { policyFolders } from '../config/paths.js';
import { mayHoldPolicy } from '../judge/index.js';
import { compileRepositoryPolicies, isPolicyRepositoryFile, type CompiledPolicies, type PolicyFile } from '../policy/index.js';
import { builtinRules } from '../rules/index.js';


/**
 * Reads the custom rule files (.yaml, .yml) under the configured folders of the repository at
 * `root`. Paths in the result are relative to `root`. A missing folder is no error.
 */
export function readPolicyFiles(root: string, folders: readonly string[], displayBase = root): PolicyFile[] {
  const out: PolicyFile[] = [];
  const seen = new Set<string>();
  const walk = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== '.git' && name !== 'node_modules') walk(join(path, name));
    } else if (stat.isFile() && /\.ya?ml$/i.test(path) && !seen.has(path)) {
      seen.add(path);
      const shown = relative(displayBase, path);
      out.push({ path: (shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path).replace(/\\/g, '/'), content: readFileSync(path, 'utf8') });
    }
  };
  for (const folder of folders) walk(resolve(root, folder));
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


/** Loads the resources of the files that may hold admission policies (for `scan` and `rules`). */
export function policyResources(files: readonly { path: string; content: string | Uint8Array }[]): Resource[] {
  return files.filter((f) => mayHoldPolicy(f.content)).flatMap((f) => loadManifestFile(f.path, f.content).resources);
}

/**
 * Custom rules of the repository at `root` plus the admission policies (ValidatingAdmissionPolicy,
 * Kyverno) among `policySideResources`. For `scan` pass the scanned resources; for `diff` and
 * the app pass the BASE side's resources, so the base branch's policies judge the head.
 */
export function loadRepositoryPolicies(root: string, config: Config | undefined, policySideResources: readonly Resource[], displayBase = root): CompiledPolicies {
  return compileRepositoryPolicies(policySideResources, {
    customRuleFiles: existsSync(root) ? readPolicyFiles(root, policyFolders(config), displayBase) : [],
    reservedIds: builtinRules.map((r) => r.id),
  });
}

/**
 * The admission policies (and their bindings, params) of another repository, read from a local
 * checkout (`--policy-repo DIR`, as it is on disk): its files matching `policies.repository.paths`
 * (default every .yaml/.yml/.json file), with paths relative to `cwd`. Without `--policy-repo` but with `policies.repository`
 * configured, `note` says once that they were not evaluated locally.
 */
export function policyRepositoryFiles(dir: string | undefined, config: Config | undefined, cwd: string, note: (text: string) => void): { label: string; files: PolicyFile[] } | undefined {
  const configured = config?.policies?.repository;
  if (dir === undefined) {
    if (configured) note(`gitops-guard: note: the policies of ${configured.name} (policies.repository) were not evaluated locally; pass --policy-repo DIR with a checkout of it.\n`);
    return undefined;
  }
  const root = resolve(cwd, dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--policy-repo ${dir}: not a directory`);
  const files: { path: string; content: string }[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = join(path, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && isPolicyRepositoryFile(relative(root, full).replace(/\\/g, '/'), configured?.paths)) {
        const shown = relative(cwd, full);
        files.push({ path: (shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : full).replace(/\\/g, '/'), content: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return { label: dir, files };
}
