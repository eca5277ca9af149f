import type { RepoFiles } from './closure.js';
import { isKustomizationFile } from './kustomization.js';
import { closureFiles, planChangeRendering, type PathChange } from './judge-rendered-change.js';
import type { TargetSettings } from './targets.js';

/** A side's listing: every path, and which are symbolic links (a commit's links are never followed). */
interface SideListing {
  paths: Iterable<string>;
  symlinks?: Iterable<string>;
}

/** A file rendering copies byte for byte (a vendored subchart's `.tgz`), never decoded as text. */
export function isBinaryForRendering(path: string): boolean {
  return /\.tgz$/i.test(path);
}

/**
 * Reads files of both sides of a change in one batch; a file that cannot be read is left out.
 * Paths that isBinaryForRendering are answered with their bytes, others with their text.
 */
type ReadSides = (wanted: { base: readonly string[]; head: readonly string[] }) => Promise<{
  base: ReadonlyMap<string, string | Uint8Array>;
  head: ReadonlyMap<string, string | Uint8Array>;
}>;

export interface GatherSidesInput {
  base: SideListing;
  /** The head listing, or a view the gatherer already has (a work tree read from disk). */
  head: SideListing | RepoFiles;
  changes: readonly PathChange[];
  /** Texts the gatherer already read (the changed manifests, unchanged base files). */
  known: { base: ReadonlyMap<string, string>; head: ReadonlyMap<string, string> };
  /** Paths the gatherer already tried to read (binary, too large): never asked again. */
  attempted?: { base: ReadonlySet<string>; head: ReadonlySet<string> };
  /**
   * Base files that may define a target (Flux / Argo CD resources, ConfigMaps of variables), when the
   * gatherer can find them cheaply (`git grep`); undefined: every YAML file of base is read.
   */
  definitions?: readonly string[];
  /** At most this many base files are read to find targets (kustomization files always are); beyond, a note. */
  maxDefinitionFiles?: number;
  read: ReadSides;
  settings?: TargetSettings;
}

export interface ChangeSides {
  base: RepoFiles;
  head: RepoFiles;
  /** What could not be read in full, for the reader of the result. */
  notes: string[];
}

const YAML = /\.(ya?ml|json)$/;

/**
 * Builds both sides of a change as rendering needs them, reading as little as it can: kustomization
 * files and the files that may define targets (to plan), then the build closures of the targets
 * the change affects (to render). A head path the change does not touch has base's text. Both
 * gatherers (git and GitHub) use it, so they hand the judgement the same files.
 */
export async function gatherChangeSides(input: GatherSidesInput): Promise<ChangeSides> {
  const changed = new Set(
    input.changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])),
  );
  const base = new LoadedSide(input.base, input.known.base);
  const head: RepoFiles =
    'read' in input.head
      ? input.head
      : new LoadedSide(input.head, input.known.head, { from: base, except: changed });
  const notes: string[] = [];
  // One batched read per step: a head path the change does not touch is read on base.
  const load = async (basePaths: Iterable<string>, headPaths: Iterable<string>) => {
    const wanted = { base: new Set<string>(), head: new Set<string>() };
    const unreadOnBase = (p: string) => base.paths.has(p) && !base.has(p) && !input.attempted?.base.has(p);
    for (const p of basePaths) if (unreadOnBase(p)) wanted.base.add(p);
    if (head instanceof LoadedSide)
      for (const p of headPaths) {
        if (!head.paths.has(p)) continue;
        if (!changed.has(p)) {
          if (unreadOnBase(p)) wanted.base.add(p);
        } else if (!head.has(p) && !input.attempted?.head.has(p)) wanted.head.add(p);
      }
    if (wanted.base.size === 0 && wanted.head.size === 0) return;
    const read = await input.read({ base: [...wanted.base], head: [...wanted.head] });
    for (const [p, t] of read.base) base.set(p, t);
    if (head instanceof LoadedSide) for (const [p, t] of read.head) head.set(p, t);
  };
  // To plan: every kustomization file, and what may define a target.
  let definitions = input.definitions ?? [...base.paths].filter((p) => YAML.test(p));
  const unread = definitions.filter((p) => !base.texts.has(p) && !input.attempted?.base.has(p));
  const room = input.maxDefinitionFiles ?? Infinity;
  if (unread.length > room) {
    notes.push(
      `Only ${room} of ${unread.length} unread YAML files of the base branch were searched for Flux and Argo CD targets; targets defined in the others were not rendered.`,
    );
    definitions = [...definitions.filter((p) => base.texts.has(p)), ...unread.slice(0, room)];
  }
  await load(
    [...[...base.paths].filter(isKustomizationFile), ...definitions],
    [...changed].filter((p) => isKustomizationFile(p) || YAML.test(p)),
  );
  // To render: the build closures of the affected targets.
  const plan = planChangeRendering({ base, head }, input.changes, input.settings);
  await load(closureFiles(plan.base), closureFiles(plan.head));
  return { base, head, notes };
}

/** A side made of the texts a gatherer read; paths it did not read read as undefined. */
class LoadedSide implements RepoFiles {
  readonly paths: ReadonlySet<string>;
  readonly texts: Map<string, string>;
  private readonly bytes = new Map<string, Uint8Array>();
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
  has(path: string): boolean {
    return this.texts.has(path) || this.bytes.has(path);
  }
  set(path: string, content: string | Uint8Array): void {
    if (typeof content === 'string') this.texts.set(path, content);
    else this.bytes.set(path, content);
  }
  read(path: string): string | undefined {
    if (this.symlinks.has(path) || !this.paths.has(path)) return undefined;
    if (this.texts.has(path)) return this.texts.get(path);
    return this.inherited(path)?.read(path);
  }
  /** The base side, for a head path the change does not touch. */
  private inherited(path: string): LoadedSide | undefined {
    return this.inherit && !this.inherit.except.has(path) ? this.inherit.from : undefined;
  }
  readBytesForCopy(path: string): { bytes: Uint8Array } | { refused: string } | undefined {
    if (this.symlinks.has(path))
      return {
        refused: `${path} is a symbolic link; links in a commit are not followed when rendering.`,
      };
    if (!this.paths.has(path)) return undefined;
    const bytes = this.bytes.get(path);
    if (bytes) return { bytes };
    const text = this.texts.get(path);
    if (text !== undefined) return { bytes: new TextEncoder().encode(text) };
    return this.inherited(path)?.readBytesForCopy(path);
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
