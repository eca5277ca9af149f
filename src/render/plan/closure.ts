import { posix } from 'node:path';
import {
  isKustomizationFile,
  isRemoteRef,
  kustomizationFileIn,
  readKustomization,
  type KustomizationInfo,
  type SourceRef,
} from './kustomization.js';
import { parseRemoteBase, remoteBaseAllowed, type RemoteBase } from './remote-base.js';

/** What rendering sees of a repository: repository-relative POSIX paths. Pure. */
export interface RepoView {
  /** Every file of the repository (or of the part that was fetched). */
  paths: ReadonlySet<string>;
  read(path: string): string | undefined;
}

/** How a file is read for a temporary copy; `refused` says why it may not be copied (a symlink leaving the repository). */
export interface RepoFileSource {
  readForCopy(path: string): { text: string } | { refused: string } | undefined;
  /** The same for binary files (a vendored subchart `.tgz`); without it such files cannot be copied. */
  readBytesForCopy?(path: string): { bytes: Uint8Array } | { refused: string } | undefined;
}

/** One side of a repository as rendering needs it: its paths, the texts gathered, and copies with refusals. */
export interface RepoFiles extends RepoView, RepoFileSource {}

type ClosureProblemKind = 'remote' | 'cycle' | 'depth' | 'missing' | 'outside' | 'too-large' | 'unsupported';

export interface ClosureProblem {
  kind: ClosureProblemKind;
  message: string;
  file: string;
  at?: SourceRef;
}

interface KustomizationNode extends KustomizationInfo {
  /** The kustomizations that include this one, and how. */
  includedBy: Array<{ dir: string; as: 'resource' | 'component' }>;
}

export interface BuildClosure {
  root: string;
  /** Every repository file the build reads. */
  files: Set<string>;
  kustomizations: Map<string, KustomizationNode>;
  /** True when the root has no kustomization file and one is generated from its manifests (as Flux does). */
  generated: boolean;
  /** Manifests a generated kustomization lists (repository paths). */
  generatedResources: string[];
  problems: ClosureProblem[];
  /** Remote bases and components the configuration allows (`render.remoteBases`): fetched when rendering. */
  remotes: RemoteInclude[];
}

/** A remote base an allowed kustomization entry names, and where. */
export interface RemoteInclude {
  base: RemoteBase;
  /** The kustomization file (path in the view the closure was built on) and the entry's line. */
  file: string;
  at: SourceRef;
  as: 'resource' | 'component';
}

export interface ClosureLimits {
  maxDepth: number;
  maxKustomizations: number;
}

const DEFAULT_CLOSURE_LIMITS: ClosureLimits = { maxDepth: 32, maxKustomizations: 500 };

export function isDirectory(repo: RepoView, dir: string): boolean {
  if (dir === '') return repo.paths.size > 0;
  const prefix = `${dir}/`;
  for (const p of repo.paths) if (p.startsWith(prefix)) return true;
  return false;
}

/** Normalises `ref` relative to `dir`; undefined when it leaves the repository. */
export function resolveInRepo(dir: string, ref: string): string | undefined {
  if (ref.startsWith('/')) return undefined;
  const joined = posix.normalize(posix.join(dir || '.', ref));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/**
 * The files a `kustomize build` of `root` reads, computed from the kustomization files alone
 * (nothing is rendered): resources, components, patches, generator inputs, recursively.
 * Remote references, cycles, missing files and paths leaving the repository are problems,
 * never followed.
 */
export function buildClosure(
  root: string,
  repo: RepoView,
  limits: ClosureLimits = DEFAULT_CLOSURE_LIMITS,
  options: {
    generateWhenMissing?: boolean;
    /** `render.remoteBases`: URL prefixes of remote bases that may be fetched (none by default). */
    remoteBases?: readonly string[];
  } = {},
): BuildClosure {
  const closure: BuildClosure = {
    root,
    files: new Set(),
    kustomizations: new Map(),
    generated: false,
    generatedResources: [],
    problems: [],
    remotes: [],
  };
  const has = (p: string) => repo.paths.has(p);
  const visit = (
    dir: string,
    stack: string[],
    from?: { dir: string; as: 'resource' | 'component'; at?: SourceRef },
  ): void => {
    const existing = closure.kustomizations.get(dir);
    if (existing) {
      if (from) existing.includedBy.push({ dir: from.dir, as: from.as });
      if (stack.includes(dir))
        closure.problems.push({
          kind: 'cycle',
          message: `Cyclic include: ${[...stack, dir].join(' -> ')}.`,
          file: from?.at?.file ?? from?.dir ?? dir,
          at: from?.at,
        });
      return;
    }
    if (stack.length >= limits.maxDepth) {
      closure.problems.push({
        kind: 'depth',
        message: `Includes nest deeper than ${limits.maxDepth} kustomizations; the rest was not followed.`,
        file: from?.at?.file ?? from?.dir ?? dir,
        at: from?.at,
      });
      return;
    }
    if (closure.kustomizations.size >= limits.maxKustomizations) {
      closure.problems.push({
        kind: 'too-large',
        message: `The build includes more than ${limits.maxKustomizations} kustomizations; the rest was not followed.`,
        file: from?.at?.file ?? from?.dir ?? dir,
        at: from?.at,
      });
      return;
    }
    const file = kustomizationFileIn(dir, has);
    if (!file) {
      if (!from && options.generateWhenMissing) return generate(dir, stack);
      closure.problems.push({
        kind: 'missing',
        message: `${dir || '.'} has no kustomization file.`,
        file: from?.at?.file ?? from?.dir ?? dir,
        at: from?.at,
      });
      return;
    }
    closure.files.add(file);
    const info = readKustomization(file, repo.read(file) ?? '', (p) => (has(p) ? repo.read(p) : undefined));
    const node: KustomizationNode = { ...info, includedBy: from ? [{ dir: from.dir, as: from.as }] : [] };
    closure.kustomizations.set(dir, node);
    for (const p of info.problems)
      closure.problems.push({ kind: 'unsupported', message: p.message, file, at: p.at });
    for (const patch of info.patches) if (patch.textFile !== file) closure.files.add(patch.textFile);
    for (const path of info.patchFiles) if (has(path)) closure.files.add(path);
    const follow = (entries: Array<{ ref: string; at: SourceRef }>, as: 'resource' | 'component') => {
      for (const { ref, at } of entries) {
        if (isRemoteRef(ref)) {
          const base = parseRemoteBase(ref);
          const what = 'fileUrl' in base ? 'file' : as === 'component' ? 'component' : 'base';
          if ('error' in base)
            closure.problems.push({ kind: 'remote', message: `Remote ${what} ${base.error}.`, file, at });
          else if (remoteBaseAllowed(base, options.remoteBases)) closure.remotes.push({ base, file, at, as });
          else
            closure.problems.push({
              kind: 'remote',
              message: `Remote ${what} "${ref}" is not fetched: rendering reads only this repository, and render.remoteBases does not allow ${base.repoUrl}.`,
              file,
              at,
            });
          continue;
        }
        const target = resolveInRepo(dir, ref);
        if (target === undefined) {
          closure.problems.push({
            kind: 'outside',
            message: `"${ref}" points outside the repository; it is not read.`,
            file,
            at,
          });
          continue;
        }
        if (has(target) && !isKustomizationFile(target)) {
          closure.files.add(target);
          continue;
        }
        if (isDirectory(repo, target)) {
          visit(target, [...stack, dir], { dir, as, at });
          continue;
        }
        closure.problems.push({
          kind: 'missing',
          message: `"${ref}" does not exist in the repository.`,
          file,
          at,
        });
      }
    };
    follow(info.resources, 'resource');
    follow(info.components, 'component');
    for (const { ref, at } of info.otherFiles) {
      const target = resolveInRepo(dir, ref);
      if (target === undefined)
        closure.problems.push({
          kind: 'outside',
          message: `"${ref}" points outside the repository; it is not read.`,
          file,
          at,
        });
      else if (has(target)) closure.files.add(target);
      else if (isRemoteRef(ref))
        closure.problems.push({ kind: 'remote', message: `Remote file "${ref}" is not fetched.`, file, at });
    }
  };
  /** Flux renders a path without a kustomization as one listing its manifests and the folders below that have one. */
  const generate = (dir: string, stack: string[]): void => {
    closure.generated = true;
    const { files, dirs } = generatedEntries(dir, repo);
    closure.generatedResources = [...files, ...dirs];
    for (const f of files) closure.files.add(f);
    for (const d of dirs) visit(d, [...stack, dir], { dir, as: 'resource' });
  };
  visit(root, []);
  return closure;
}

/**
 * What Flux's generator lists for a folder without a kustomization: every .yaml/.yml file
 * below it, except in folders that have their own kustomization (listed as folders instead).
 */
function generatedEntries(dir: string, repo: RepoView): { files: string[]; dirs: string[] } {
  const prefix = dir ? `${dir}/` : '';
  const kustomized = new Set<string>();
  for (const p of repo.paths)
    if (p.startsWith(prefix) && isKustomizationFile(p) && posix.dirname(p) !== (dir || '.'))
      kustomized.add(posix.dirname(p));
  // only the outermost kustomized folders
  const outer = [...kustomized]
    .filter((d) => ![...kustomized].some((o) => o !== d && d.startsWith(`${o}/`)))
    .sort();
  const files: string[] = [];
  for (const p of [...repo.paths].sort()) {
    if (!p.startsWith(prefix) || !/\.ya?ml$/.test(p)) continue;
    if (outer.some((d) => p.startsWith(`${d}/`))) continue;
    files.push(p);
  }
  return { files, dirs: outer };
}
