import { isManifestPath, isPolicyRuleFile, isPolicyRulePath } from '../config/paths.js';
import type { ChangedFile } from '../diff/index.js';
import type {
  ChangeSnapshot,
  PolicySources,
  RepositoryFacts,
  Settings,
  UnreadableFile,
} from '../judge/index.js';
import { isUnreadable, type FileContent } from '../manifests/index.js';
import type { PolicyFile } from '../policy/index.js';
import { diskRepo } from '../render/exec/disk-repo.js';
import { gatherChangeSides, isBinaryForRendering } from '../render/plan/change-sides.js';
import { TARGET_DEFINITION_PATTERN } from '../render/plan/judge-rendered-change.js';
import { CODEOWNERS_LOCATIONS, type CodeownersFile, type RepoSnapshot } from '../repo-checks/index.js';
import {
  changedFiles,
  commitsInRange,
  grepFiles,
  listTree,
  listTreeEntries,
  listWorkTree,
  readBlobs,
  readWorkTreeContent,
  readWorkTreeFile,
  type GitChange,
} from './git.js';
import { snapshotCommit } from './local-repo-checks.js';

/**
 * Gathers the ChangeSnapshot of a local change: `base` (a commit) against `head` (a commit) or,
 * without a head, the work tree. The same snapshot the GitHub gatherer builds for a pull request,
 * so `gitops-guard diff` and the app reach the same verdict. Reads: one `git diff`, one
 * `git ls-tree` of base, and `git cat-file --batch` for every blob.
 */

export interface GitGatherOptions {
  root: string;
  base: string;
  /** Undefined: the work tree (uncommitted changes included), or the index with `staged`. */
  head?: string;
  /** Without a head: the index (what `git commit` would record), not the work tree. */
  staged?: boolean;
  /** Gather the facts of the repository checks (signatures of the range, CODEOWNERS). */
  repositoryChecks: boolean;
  /** Admission policies of another repository, read from a checkout (`--policy-repo`). */
  external?: PolicySources['external'];
  /** Gather both sides for rendering the Kustomize targets the change affects (docs/rendering.md). */
  render?: boolean;
}

export async function gatherGitChange(
  settings: Settings,
  options: GitGatherOptions,
): Promise<ChangeSnapshot> {
  const { root, base, head } = options;
  const { config } = settings;
  const readHead = headReader(options);
  const readBase = (paths: readonly string[]) =>
    readBlobs(
      root,
      paths.map((p) => `${base}:${p}`),
    );

  const changes = await changedFiles(root, base, head, { staged: options.staged });
  const isManifest = (path: string) => isManifestPath(path, config);
  const manifestChanges = changes.filter(
    (c) => isManifest(c.path) || (c.previousPath !== undefined && isManifest(c.previousPath)),
  );
  const [baseBlobs, headContents] = await Promise.all([
    readBase(manifestChanges.map((c) => c.previousPath ?? c.path)),
    readHeadContents(
      options,
      manifestChanges.map((c) => c.path),
    ),
  ]);
  // A work-tree file that cannot be read (permission denied, a symlink loop) is not evaluated and says so; never a deletion.
  const unreadable: UnreadableFile[] = [];
  const manifests: ChangedFile[] = [];
  manifestChanges.forEach((c, i) => {
    const head = headContents[i];
    if (isUnreadable(head))
      return void unreadable.push({ path: c.path, reason: 'unreadable', detail: head.unreadable });
    manifests.push({
      path: c.path,
      status: c.status,
      ...(c.previousPath ? { previousPath: c.previousPath } : {}),
      ...(baseBlobs[i] !== undefined ? { base: baseBlobs[i] } : {}),
      ...(head !== undefined ? { head } : {}),
    });
  });

  // The base commit's policies: the whole base tree (Namespace manifests and policy params may live in files the change does not touch).
  const changedPaths = new Set(
    changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])),
  );
  const tree = await listTree(root, base);
  const ruleFiles = tree.filter((p) => isPolicyRuleFile(p, config));
  const unchangedManifests = tree.filter(
    (p) => !changedPaths.has(p) && !isPolicyRulePath(p, config) && isManifest(p),
  );
  const changedRuleFiles = changes
    .filter((c) => c.status !== 'removed' && isPolicyRuleFile(c.path, config))
    .map((c) => c.path);
  const [baseRuleBlobs, baseManifestBlobs, headRuleBlobs] = await Promise.all([
    readBase(ruleFiles),
    readBase(unchangedManifests),
    readHead(changedRuleFiles),
  ]);
  const files = (paths: readonly string[], blobs: Array<Buffer | undefined>): PolicyFile[] =>
    paths.flatMap((path, i) =>
      blobs[i] === undefined ? [] : [{ path, content: blobs[i]!.toString('utf8') }],
    );
  const policies: PolicySources = {
    baseRuleFiles: files(ruleFiles, baseRuleBlobs),
    headRuleFiles: files(changedRuleFiles, headRuleBlobs),
    ...(options.external ? { external: options.external } : {}),
  };

  const rendering =
    options.render && settings.config.render?.enabled !== false
      ? await renderingSides(settings, options, changes, manifests)
      : undefined;
  return {
    changedPaths: changes.map((c) => ({
      path: c.path,
      status: c.status,
      ...(c.previousPath ? { previousPath: c.previousPath } : {}),
    })),
    manifests,
    unreadable,
    unchanged: files(unchangedManifests, baseManifestBlobs),
    policies,
    ...(options.repositoryChecks ? { repository: await repositoryFacts(settings, options, changes) } : {}),
    notes: rendering?.notes ?? [],
    ...(rendering ? { rendering: rendering.sides } : {}),
  };
}

/**
 * Both sides for rendering: base from the base commit (kustomization files, the files `git grep`
 * finds that may define a target, then the affected closures); head from the head commit or the
 * index (only changed paths are read: the others are base's), or the work tree on disk.
 */
async function renderingSides(
  settings: Settings,
  options: GitGatherOptions,
  changes: readonly GitChange[],
  manifests: readonly ChangedFile[],
): Promise<{ sides: NonNullable<ChangeSnapshot['rendering']>; notes: string[] }> {
  const { root, base } = options;
  const headRef = options.head ?? (options.staged ? '' : undefined);
  const [baseEntries, headEntries, definitions] = await Promise.all([
    listTreeEntries(root, base),
    headRef === undefined ? undefined : listTreeEntries(root, headRef || ':'),
    grepFiles(root, base, TARGET_DEFINITION_PATTERN, ['*.yaml', '*.yml', '*.json']),
  ]);
  const listing = (entries: Array<{ path: string; symlink: boolean }>) => ({
    paths: entries.map((e) => e.path),
    symlinks: entries.filter((e) => e.symlink).map((e) => e.path),
  });
  const known = { base: new Map<string, string>(), head: new Map<string, string>() };
  const text = (content: string | Uint8Array) =>
    typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  for (const m of manifests) {
    if (m.base !== undefined) known.base.set(m.previousPath ?? m.path, text(m.base));
    if (m.head !== undefined) known.head.set(m.path, text(m.head));
  }
  const {
    base: baseSide,
    head: headSide,
    notes,
  } = await gatherChangeSides({
    base: listing(baseEntries),
    head: headEntries ? listing(headEntries) : diskRepo(root),
    changes,
    known,
    definitions,
    settings: settings.config.render ?? {},
    read: async (wanted) => {
      const specs = [
        ...wanted.base.map((p) => `${base}:${p}`),
        ...(headRef === undefined ? [] : wanted.head.map((p) => `${headRef}:${p}`)),
      ];
      const blobs = await readBlobs(root, specs);
      // A vendored subchart (.tgz) is copied byte for byte; everything else is text.
      const content = (path: string, i: number) =>
        isBinaryForRendering(path) ? blobs[i] : blobs[i]?.toString('utf8');
      const side = (paths: readonly string[], offset: number) =>
        new Map(
          paths.flatMap((p, i) => {
            const c = content(p, offset + i);
            return c === undefined ? [] : [[p, c] as const];
          }),
        );
      return {
        base: side(wanted.base, 0),
        head: headRef === undefined ? new Map() : side(wanted.head, wanted.base.length),
      };
    },
  });
  return { sides: { base: baseSide, head: headSide }, notes };
}

/** Signatures of the range's commits (git's `%G?`), CODEOWNERS of base (and head when changed); branch protection is GitHub's alone. */
async function repositoryFacts(
  settings: Settings,
  options: GitGatherOptions,
  changes: readonly GitChange[],
): Promise<RepositoryFacts> {
  const { root, base, head } = options;
  const config = settings.repository;
  const facts: RepoSnapshot = {};
  const itemNotes: Record<string, string> = {};
  if (config.signatures.enabled && head) {
    const commits = (await commitsInRange(root, base, head)).map(snapshotCommit);
    for (const c of commits) if (c.note) itemNotes[c.commit.sha] = c.note;
    facts.commits = commits.map((c) => c.commit);
  }
  if (config.codeowners.enabled) {
    facts.changedFiles = changes.map((c) => ({
      path: c.path,
      status: c.status,
      ...(c.previousPath ? { previousPath: c.previousPath } : {}),
    }));
    facts.codeowners = await readCodeowners((paths) =>
      readBlobs(
        root,
        paths.map((p) => `${base}:${p}`),
      ),
    );
    const locations = CODEOWNERS_LOCATIONS as readonly string[];
    if (
      changes.some(
        (c) =>
          locations.includes(c.path) || (c.previousPath !== undefined && locations.includes(c.previousPath)),
      )
    ) {
      facts.headCodeowners = await readCodeowners(headReader(options));
      facts.treePaths = head ? await listTree(root, head) : await listWorkTree(root);
    }
  }
  return {
    facts,
    checks: ['commit-signatures', 'codeowners'],
    notAvailable: {
      'branch-protection':
        'Branch protection and rulesets are GitHub settings: the local CLI cannot read them (the GitHub App checks them on the pull request).',
    },
    ...(head
      ? {}
      : {
          notApplicable: {
            'commit-signatures': `No commits to check: the change is the ${options.staged ? 'index' : 'work tree'} (pass --head REF to check the commits of a range).`,
          },
        }),
    itemNotes,
  };
}

/** Head versions of manifests: as headReader, but a work-tree file that cannot be read is `Unreadable`, not missing. */
function readHeadContents(
  options: GitGatherOptions,
  paths: readonly string[],
): Promise<Array<FileContent | undefined>> {
  if (options.head || options.staged) return headReader(options)(paths);
  return Promise.resolve(paths.map((p) => readWorkTreeContent(options.root, p)));
}

/** Reads head versions: of the head commit, of the index (`:path`, stage 0) with `staged`, else of the work tree. */
function headReader(
  options: GitGatherOptions,
): (paths: readonly string[]) => Promise<Array<Buffer | undefined>> {
  const { root, head } = options;
  if (head || options.staged)
    return (paths) =>
      readBlobs(
        root,
        paths.map((p) => `${head ?? ''}:${p}`),
      );
  return (paths) => Promise.all(paths.map((p) => readWorkTreeFile(root, p)));
}

/** The first CODEOWNERS of a side. */
async function readCodeowners(
  read: (paths: readonly string[]) => Promise<Array<Buffer | undefined>>,
): Promise<CodeownersFile | undefined> {
  const blobs = await read(CODEOWNERS_LOCATIONS);
  const index = blobs.findIndex((b) => b !== undefined);
  return index < 0 ? undefined : { path: CODEOWNERS_LOCATIONS[index]!, text: blobs[index]!.toString('utf8') };
}
