import type { RepoFiles } from './closure.js';
import { isKustomizationFile } from './kustomization.js';
import { closureFiles, planChangeRendering, type PathChange } from './judge-rendered-change.js';
import type { TargetSettings } from './targets.js';

/** A side's listing: every path, and which are symbolic links (a commit's links are never followed). */
export interface SideListing {
  paths: Iterable<string>;
  symlinks?: Iterable<string>;
}

/** Reads files of one side of a change (a gatherer's batched read); a file that cannot be read is left out. */
export type ReadSide = (side: 'base' | 'head', paths: readonly string[]) => Promise<Map<string, string>>;

export interface GatherSidesInput {
  base: SideListing;
  /** The head listing, or a view the gatherer already has (a work tree read from disk). */
  head: SideListing | RepoFiles;
  changes: readonly PathChange[];
  /** Texts the gatherer already read (the changed manifests, unchanged base files). */
  known: { base: ReadonlyMap<string, string>; head: ReadonlyMap<string, string> };
  /**
   * Base files that may define a target (Flux / Argo CD resources, ConfigMaps of variables), when the
   * gatherer can find them cheaply (`git grep`); undefined: every YAML file of base is read.
   */
  definitions?: readonly string[];
  read: ReadSide;
  settings?: TargetSettings;
}

const YAML = /\.(ya?ml|json)$/;

/**
 * Builds both sides of a change as rendering needs them, reading as little as it can: kustomization
 * files and the files that may define targets (to plan), then the build closures of the targets
 * the change affects (to render). A head path the change does not touch has base's text. Both
 * gatherers (git and GitHub) use it, so they hand the judgement the same files.
 */
export async function gatherChangeSides(
  input: GatherSidesInput,
): Promise<{ base: RepoFiles; head: RepoFiles }> {
  const changed = new Set(
    input.changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])),
  );
  const base = new LoadedSide(input.base, input.known.base);
  const head: RepoFiles =
    'read' in input.head
      ? input.head
      : new LoadedSide(input.head, input.known.head, { from: base, except: changed });
  const loadBase = async (paths: Iterable<string>) => {
    const wanted = [...new Set(paths)].filter((p) => base.paths.has(p) && !base.texts.has(p));
    if (wanted.length) for (const [p, t] of await input.read('base', wanted)) base.texts.set(p, t);
  };
  const loadHead = async (paths: Iterable<string>) => {
    if (!(head instanceof LoadedSide)) return;
    const all = [...new Set(paths)].filter((p) => head.paths.has(p));
    await loadBase(all.filter((p) => !changed.has(p)));
    const wanted = all.filter((p) => changed.has(p) && !head.texts.has(p));
    if (wanted.length) for (const [p, t] of await input.read('head', wanted)) head.texts.set(p, t);
  };
  // To plan: every kustomization file, and what may define a target.
  await loadBase([
    ...[...base.paths].filter(isKustomizationFile),
    ...(input.definitions ?? [...base.paths].filter((p) => YAML.test(p))),
  ]);
  if (head instanceof LoadedSide)
    await loadHead([...head.paths].filter((p) => changed.has(p) && (isKustomizationFile(p) || YAML.test(p))));
  // To render: the build closures of the affected targets.
  const plan = planChangeRendering({ base, head }, input.changes, input.settings);
  await Promise.all([loadBase(closureFiles(plan.base)), loadHead(closureFiles(plan.head))]);
  return { base, head };
}

/** A side made of the texts a gatherer read; paths it did not read read as undefined. */
class LoadedSide implements RepoFiles {
  readonly paths: ReadonlySet<string>;
  readonly texts: Map<string, string>;
  private readonly symlinks: ReadonlySet<string>;
  constructor(
    listing: SideListing,
    known: ReadonlyMap<string, string>,
    private readonly inherit?: { from: LoadedSide; except: ReadonlySet<string> },
  ) {
    this.paths = new Set(listing.paths);
    this.symlinks = new Set(listing.symlinks ?? []);
    this.texts = new Map([...known].filter(([p]) => this.paths.has(p)));
  }
  read(path: string): string | undefined {
    if (this.symlinks.has(path) || !this.paths.has(path)) return undefined;
    if (this.texts.has(path)) return this.texts.get(path);
    return this.inherit && !this.inherit.except.has(path) ? this.inherit.from.read(path) : undefined;
  }
  readForCopy(path: string): { text: string } | { refused: string } | undefined {
    if (this.symlinks.has(path))
      return {
        refused: `${path} is a symbolic link; links in a commit are not followed when rendering.`,
      };
    const text = this.read(path);
    return text === undefined ? undefined : { text };
  }
}
