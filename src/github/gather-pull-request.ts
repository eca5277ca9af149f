import { isManifestPath, isPolicyRuleFile, isPolicyRulePath } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import { reversePatch, type ChangedFile } from '../diff/index.js';
import type {
  ChangeSnapshot,
  PolicySources,
  RepositoryFacts,
  Settings,
  UnreadableFile,
} from '../judge/index.js';
import type { PolicyFile } from '../policy/index.js';
import { likelyTeams } from '../approvals/index.js';
import { gatherChangeSides, isBinaryForRendering } from '../render/plan/change-sides.js';
import {
  CODEOWNERS_LOCATIONS,
  CODEOWNERS_MAX_BYTES,
  type CodeownersFile,
  type MaybeAvailable,
  type RepoCheckName,
  type RepoSnapshot,
} from '../repo-checks/index.js';
import type { PrefetchedApprovalFacts } from './approval-facts.js';
import { describeGitHubError } from './errors.js';
import {
  blobKey,
  type BlobRequest,
  type BlobResult,
  type BranchRulesRead,
  type CommitsPage,
  type GitHubPort,
  type PullFile,
  type PullRequestInfo,
  type RepoTree,
  type ReviewThread,
} from './port.js';

/**
 * Gathers the ChangeSnapshot of a pull request through the port, in a number of calls that does
 * not grow with the number of changed files: the changed files (one compare call, with the first
 * commits), one base tree listing (policies), one batched GraphQL query for every blob (head
 * manifests, base manifests without a usable patch, CODEOWNERS, policy files) that also carries
 * our review threads and the base branch's ruleset rules, and the repository-check data.
 * The base of a changed file is rebuilt from GitHub's patch (the merge base), fetched only when
 * there is none or it does not apply.
 */

/** Unchanged base files read (policies, and the dependents and context of docs/diff.md), at most (3 GraphQL requests of 200 when nothing else shares them). */
const MAX_POLICY_SCAN_FILES = 600;
/** Larger base files are not read for policies (GraphQL truncates large blobs anyway). */
const MAX_POLICY_FILE_BYTES = 512 * 1024;

export interface GatheredPullRequest {
  snapshot: ChangeSnapshot;
  /** Our review threads on the pull request (when comments are on and manifests changed). */
  threads: ReviewThread[];
  /** CODEOWNERS of the base commit (read when the CODEOWNERS check or the approvals need it; undefined: none). */
  baseCodeowners?: MaybeAvailable<CodeownersFile | undefined>;
  /** What the blob queries read for the approvals (with `options.approvals`). */
  approvals?: PrefetchedApprovalFacts;
}

export interface GatherOptions {
  /** Ask for our review threads (the review publisher needs them). */
  threads: boolean;
  /** `owner/name` and this app's id, for the repository checks' messages and the required check. */
  repository?: string;
  appId?: number;
  /** Gather both sides for rendering the Kustomize targets the change affects (docs/rendering.md). */
  render?: boolean;
  /**
   * Read the approvals' facts (reviews, commits, likely teams) in the blob queries this gathering
   * makes anyway, rather than in a query of their own after the review (docs/approvals.md).
   */
  approvals?: boolean;
}

/** Vendored subcharts (`.tgz`) read for rendering per review, one REST call each, and their size limit. */
const MAX_BINARY_BLOBS = 5;
const MAX_BINARY_BLOB_BYTES = 8 * 1024 * 1024;

/** Base YAML files read to find Flux and Argo CD targets beyond those the policies read (two blob queries). */
const MAX_RENDER_DEFINITION_FILES = 400;

export async function gatherPullRequest(
  port: GitHubPort,
  pull: PullRequestInfo,
  settings: Settings,
  options: GatherOptions,
): Promise<GatheredPullRequest> {
  const { config } = settings;
  const notes: string[] = [];

  // Changed files: up to 300, one compare call (with the first 100 commits); beyond, pages of pulls/{n}/files (GitHub stops at 3,000).
  const { files, truncated, firstCommits } = await port.listChanges(pull);
  if (truncated)
    notes.push(
      `GitHub lists at most 3,000 changed files; this pull request has more, and files past the first ${files.length} were not reviewed.`,
    );
  const isManifest = (path: string) => isManifestPath(path, config);
  const manifests = files.filter(
    (f) =>
      f.status !== 'unchanged' &&
      (isManifest(f.path) || (f.previousPath !== undefined && isManifest(f.previousPath))),
  );

  // The base branch's policy files: one tree listing; their blobs join the batched query below.
  // Rendering needs the listing too: any changed file may be in a target's build closure.
  const render =
    Boolean(options.render) && config.render?.enabled !== false && files.some((f) => mayBeRendered(f.path));
  const tree =
    manifests.length > 0 || render
      ? await port
          .listTree(pull.baseSha)
          .catch((error: unknown): { unavailable: string } => ({ unavailable: describeGitHubError(error) }))
      : undefined;
  let policyPlan: PolicyFetchPlan | undefined;
  let external: PolicySources['external'];
  if (manifests.length > 0 && tree) {
    policyPlan = planPolicyFetch(tree, files, config);
    notes.push(...policyPlan.notes);
    // Admission policies of another repository (`policies.repository`): one tree listing, one blob query.
    const other = config.policies?.repository;
    if (other && port.readPolicyRepository) {
      const read = await port.readPolicyRepository(other.name, other.ref, other.paths);
      const label = `${read.name}@${read.ref}`;
      if ('unavailable' in read)
        external = { label, unavailable: `the app cannot read ${label}: ${read.unavailable}` };
      else {
        notes.push(...(read.notes ?? []));
        external = {
          label,
          files: read.files.map((f) => ({ path: `${label}:${f.path}`, content: f.content })),
        };
      }
    }
  }

  // One batched query: head blobs, base blobs that the patch cannot rebuild, CODEOWNERS, policy files; threads and ruleset rules ride along.
  const repoChecks = enabledChecks(settings);
  const headRequests = manifests
    .filter((f) => f.status !== 'removed')
    .map((f) => ({ sha: pull.headSha, path: f.path }));
  const baseRequests = manifests
    .filter(needsBaseBlob)
    .map((f) => ({ sha: pull.baseSha, path: f.previousPath ?? f.path }));
  // The approvals (docs/approvals.md) need the base CODEOWNERS too: owners of production paths, security owners.
  const codeownersShas = repoChecks.includes('codeowners')
    ? touchesCodeowners(files)
      ? [pull.baseSha, pull.headSha]
      : [pull.baseSha]
    : config.approvals?.enabled !== false
      ? [pull.baseSha]
      : [];
  const codeownersRequests = codeownersShas.flatMap((sha) =>
    CODEOWNERS_LOCATIONS.map((path) => ({ sha, path })),
  );
  const policyRequests = policyPlan ? policyBlobRequests(policyPlan, pull.baseSha, pull.headSha) : [];
  const requests = dedupe([...headRequests, ...baseRequests, ...codeownersRequests, ...policyRequests]);
  const rulesOf = repoChecks.includes('branch-protection') ? pull.baseRef : undefined;
  const threadsOf = manifests.length && options.threads ? pull.number : undefined;
  // The approvals' reviews and commits, and the teams the configuration names, ride in the first query.
  const approvalsOn = Boolean(options.approvals) && config.approvals?.enabled !== false;
  const teamsOf = (codeowners?: MaybeAvailable<CodeownersFile | undefined>) =>
    likelyTeams({ config, configFile: settings.configFile, changedPaths: files, codeowners });
  const firstTeams = approvalsOn ? teamsOf() : [];
  const first =
    requests.length || threadsOf !== undefined || rulesOf !== undefined || approvalsOn
      ? await port.fetchBlobs(
          requests,
          threadsOf,
          rulesOf,
          approvalsOn ? { pullNumber: pull.number, teams: firstTeams } : undefined,
        )
      : { blobs: new Map<string, BlobResult>(), threads: [] };
  const approvals = first.approvals
    ? { ...first.approvals, answers: [...first.approvals.answers] }
    : undefined;
  // The CODEOWNERS teams of the changed paths ride in the next query, if the rendering makes one.
  const laterTeams = approvalsOn
    ? teamsOf(codeownersAt(first.blobs, pull.baseSha)).filter(
        (t) => !firstTeams.some((f) => f.toLowerCase() === t.toLowerCase()),
      )
    : [];
  const blobs = first.blobs;
  const text = (sha: string, path: string) => {
    const blob = blobs.get(blobKey({ sha, path }));
    return blob?.kind === 'text' ? blob.text : undefined;
  };

  // The changed manifests, base rebuilt from the patch; a patch that does not apply (rare) costs one more request.
  const changed: ChangedFile[] = [];
  const unreadable: UnreadableFile[] = [];
  const retry: PullFile[] = [];
  const assemble = (file: PullFile, allowRetry: boolean) => {
    const head =
      file.status === 'removed' ? undefined : blobs.get(blobKey({ sha: pull.headSha, path: file.path }));
    if (head && head.kind !== 'text')
      return void unreadable.push({
        path: file.path,
        reason: head.kind,
        ...('byteSize' in head ? { byteSize: head.byteSize } : {}),
      });
    let base: string | undefined;
    if (file.status !== 'added' && file.status !== 'copied') {
      const baseBlob = blobs.get(blobKey({ sha: pull.baseSha, path: file.previousPath ?? file.path }));
      if (baseBlob) base = baseBlob.kind === 'text' ? baseBlob.text : undefined;
      else if (file.patch !== undefined) base = reversePatch(head?.text ?? '', file.patch);
      else if (file.status === 'renamed' && file.changes === 0) base = head?.text;
      if (base === undefined && baseBlob === undefined) {
        if (allowRetry) return void retry.push(file);
        notes.push(
          `The base version of \`${file.path}\` could not be read; its findings are all counted as introduced.`,
        );
      }
    }
    const status =
      file.status === 'removed'
        ? 'removed'
        : file.status === 'added' || file.status === 'copied'
          ? 'added'
          : file.status === 'renamed'
            ? 'renamed'
            : 'modified';
    changed.push({
      path: file.path,
      ...(file.previousPath ? { previousPath: file.previousPath } : {}),
      status,
      ...(base !== undefined ? { base } : {}),
      ...(head?.kind === 'text' ? { head: head.text } : {}),
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
    });
  };
  for (const file of manifests) assemble(file, true);
  if (retry.length) {
    const second = await port.fetchBlobs(
      retry.map((f) => ({ sha: pull.baseSha, path: f.previousPath ?? f.path })),
    );
    for (const [key, value] of second.blobs) blobs.set(key, value);
    for (const file of retry) assemble(file, false);
  }

  const fileOf =
    (sha: string) =>
    (path: string): PolicyFile[] => {
      const content = text(sha, path);
      return content === undefined ? [] : [{ path, content }];
    };
  const policies: PolicySources = {
    baseRuleFiles: policyPlan?.baseRuleFiles.flatMap(fileOf(pull.baseSha)) ?? [],
    headRuleFiles: policyPlan?.headRuleFiles.flatMap(fileOf(pull.headSha)) ?? [],
    ...(external ? { external } : {}),
  };

  const unchanged = policyPlan?.baseManifests.flatMap(fileOf(pull.baseSha)) ?? [];
  const rendering =
    render && tree
      ? await renderingSides(port, pull, settings, {
          tree,
          files,
          changed,
          unchanged,
          blobs,
          ...(approvals && laterTeams.length ? { teams: { ask: laterTeams, into: approvals.answers } } : {}),
        })
      : undefined;
  if (rendering) notes.push(...rendering.notes);

  const repository = repoChecks.length
    ? await repositoryFacts(port, pull, files, repoChecks, blobs, {
        firstCommits,
        branchRules: first.branchRules,
        repository: options.repository,
        appId: options.appId,
      })
    : undefined;

  return {
    snapshot: {
      changedPaths: files.map((f) => ({
        path: f.path,
        ...(f.previousPath ? { previousPath: f.previousPath } : {}),
        status: f.status,
      })),
      manifests: changed,
      unreadable,
      unchanged,
      policies,
      ...(repository ? { repository } : {}),
      notes,
      ...(rendering?.sides ? { rendering: rendering.sides } : {}),
    },
    threads: first.threads ?? [],
    ...(codeownersShas.length ? { baseCodeowners: codeownersAt(blobs, pull.baseSha) } : {}),
    ...(approvals ? { approvals } : {}),
  };
}

/**
 * Both sides for rendering, from what the batched query already read (the changed manifests, the
 * base branch's unchanged manifests) plus one more blob query for the build closures of the
 * affected targets (and kustomization files the policies did not read). The head tree is base's,
 * with the pull request's added, removed and renamed paths applied.
 */
async function renderingSides(
  port: GitHubPort,
  pull: PullRequestInfo,
  settings: Settings,
  read: {
    tree: RepoTree | { unavailable: string };
    files: readonly PullFile[];
    changed: readonly ChangedFile[];
    unchanged: readonly PolicyFile[];
    blobs: ReadonlyMap<string, BlobResult>;
    /** Teams for the approvals that ride in the first query made here (their answer joins `into`). */
    teams?: { ask: readonly string[]; into: PrefetchedApprovalFacts['answers'] };
  },
): Promise<{ sides?: NonNullable<ChangeSnapshot['rendering']>; notes: string[] }> {
  let teams = read.teams;
  let binaryReads = 0;
  const { tree, files } = read;
  if ('unavailable' in tree)
    return {
      notes: [
        `The base tree could not be listed (${tree.unavailable}): Kustomize targets were not rendered, and the changed files were judged as they are.`,
      ],
    };
  const notes = tree.truncated
    ? [
        'GitHub truncated the listing of the base tree: targets whose files are past the listing were not rendered.',
      ]
    : [];
  const basePaths = tree.entries.map((e) => e.path);
  const symlinks = tree.entries.filter((e) => e.symlink).map((e) => e.path);
  const headPaths = new Set(basePaths);
  for (const f of files) {
    if (f.previousPath) headPaths.delete(f.previousPath);
    if (f.status === 'removed') headPaths.delete(f.path);
    else headPaths.add(f.path);
  }
  const text = (content: string | Uint8Array) =>
    typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
  const known = { base: new Map<string, string>(), head: new Map<string, string>() };
  // Files the first query read but could not give as text (binary, too large) are not asked again.
  const attempted = { base: new Set<string>(), head: new Set<string>() };
  for (const key of read.blobs.keys()) {
    const at = key.indexOf(':');
    const sha = key.slice(0, at);
    if (sha === pull.baseSha) attempted.base.add(key.slice(at + 1));
    if (sha === pull.headSha) attempted.head.add(key.slice(at + 1));
  }
  for (const f of read.unchanged) known.base.set(f.path, text(f.content));
  for (const m of read.changed) {
    if (m.base !== undefined) known.base.set(m.previousPath ?? m.path, text(m.base));
    if (m.head !== undefined) known.head.set(m.path, text(m.head));
  }
  const sides = await gatherChangeSides({
    base: { paths: basePaths, symlinks },
    head: { paths: headPaths, symlinks: symlinks.filter((p) => headPaths.has(p)) },
    changes: files,
    known,
    attempted,
    maxDefinitionFiles: MAX_RENDER_DEFINITION_FILES,
    settings: settings.config.render ?? {},
    read: async (wanted) => {
      const requests = [
        ...wanted.base.map((path) => ({ sha: pull.baseSha, path })),
        ...wanted.head.map((path) => ({ sha: pull.headSha, path })),
      ];
      const { blobs, approvals } = await port.fetchBlobs(
        requests,
        undefined,
        undefined,
        teams ? { teams: teams.ask } : undefined,
      );
      if (teams && approvals) teams.into.push(...approvals.answers);
      teams = undefined;
      // A vendored subchart (.tgz) is copied byte for byte: one REST call per archive, within a budget.
      const bytes = new Map<string, Uint8Array>();
      for (const request of requests) {
        const blob = blobs.get(blobKey(request));
        if (!isBinaryForRendering(request.path) || blob?.kind !== 'binary' || !blob.oid) continue;
        if (!port.readBlobBytes || binaryReads >= MAX_BINARY_BLOBS || blob.byteSize > MAX_BINARY_BLOB_BYTES) {
          notes.push(
            `\`${request.path}\` (${blob.byteSize} bytes) was not read: at most ${MAX_BINARY_BLOBS} binary files of at most ${MAX_BINARY_BLOB_BYTES / 1024 / 1024} MiB are read for rendering; the chart that vendors it is rendered without it.`,
          );
          continue;
        }
        binaryReads++;
        try {
          bytes.set(blobKey(request), await port.readBlobBytes(blob.oid));
        } catch (error) {
          notes.push(`\`${request.path}\` could not be read: ${describeGitHubError(error)}.`);
        }
      }
      const side = (sha: string, paths: readonly string[]) =>
        new Map(
          paths.flatMap((path): Array<readonly [string, string | Uint8Array]> => {
            const blob = blobs.get(blobKey({ sha, path }));
            const read = bytes.get(blobKey({ sha, path }));
            if (read) return [[path, read]];
            return blob?.kind === 'text' ? [[path, blob.text]] : [];
          }),
        );
      return { base: side(pull.baseSha, wanted.base), head: side(pull.headSha, wanted.head) };
    },
  });
  return { sides: { base: sides.base, head: sides.head }, notes: [...notes, ...sides.notes] };
}

/** Documentation and GitHub settings are never part of what Kustomize builds: a pull request of only those lists no tree for rendering. */
function mayBeRendered(path: string): boolean {
  return !path.startsWith('.github/') && !/\.(md|markdown|rst|adoc)$/i.test(path);
}

function enabledChecks(settings: Settings): RepoCheckName[] {
  const c = settings.repository;
  return [
    ...(c.signatures.enabled ? ['commit-signatures' as const] : []),
    ...(c.codeowners.enabled ? ['codeowners' as const] : []),
    ...(c.branchProtection.enabled ? ['branch-protection' as const] : []),
  ];
}

function touchesCodeowners(files: readonly PullFile[]): boolean {
  const locations = CODEOWNERS_LOCATIONS as readonly string[];
  return files.some(
    (f) => locations.includes(f.path) || (f.previousPath !== undefined && locations.includes(f.previousPath)),
  );
}

/** The CODEOWNERS GitHub uses at `sha`: the first of the three locations that exists. */
function codeownersAt(
  blobs: ReadonlyMap<string, BlobResult>,
  sha: string,
): MaybeAvailable<CodeownersFile | undefined> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const blob = blobs.get(blobKey({ sha, path }));
    if (!blob || blob.kind === 'missing') continue;
    if (blob.byteSize >= CODEOWNERS_MAX_BYTES)
      return {
        unavailable: `${path} is ${blob.byteSize} bytes: GitHub does not load a CODEOWNERS file of 3 MB or more, so no path has an owner`,
      };
    if (blob.kind !== 'text')
      return { unavailable: `${path} (${blob.byteSize} bytes) could not be read in full` };
    return { path, text: blob.text };
  }
  return undefined;
}

/**
 * The facts of the repository checks. CODEOWNERS of base (and head, when the pull request changes
 * it) came in the blob query; GitHub's own CODEOWNERS errors only for a CODEOWNERS the pull request
 * changes (at its head); further commit pages and classic protection from the port.
 */
async function repositoryFacts(
  port: GitHubPort,
  pull: PullRequestInfo,
  files: readonly PullFile[],
  checks: RepoCheckName[],
  blobs: ReadonlyMap<string, BlobResult>,
  extra: { firstCommits?: CommitsPage; branchRules?: BranchRulesRead; repository?: string; appId?: number },
): Promise<RepositoryFacts> {
  const facts: RepoSnapshot = {
    ...(extra.repository ? { repository: extra.repository } : {}),
    ...(extra.appId ? { appId: extra.appId } : {}),
    changedFiles: files.map((f) => ({
      path: f.path,
      ...(f.previousPath ? { previousPath: f.previousPath } : {}),
      status: f.status,
    })),
  };
  if (checks.includes('codeowners')) {
    facts.codeowners = codeownersAt(blobs, pull.baseSha);
    if (touchesCodeowners(files)) facts.headCodeowners = codeownersAt(blobs, pull.headSha);
  }
  const headHasCodeowners = facts.headCodeowners !== undefined && !('unavailable' in facts.headCodeowners);
  const data = await port.fetchRepoCheckData({
    baseSha: pull.baseSha,
    headSha: pull.headSha,
    baseRef: pull.baseRef,
    commits: checks.includes('commit-signatures'),
    ...(extra.firstCommits ? { firstCommits: extra.firstCommits } : {}),
    ...(checks.includes('codeowners') && headHasCodeowners ? { codeownersErrorsRef: pull.headSha } : {}),
    protection: checks.includes('branch-protection'),
    ...(checks.includes('branch-protection') && extra.branchRules ? { branchRules: extra.branchRules } : {}),
  });
  Object.assign(facts, data);
  if (data.codeownersErrors) facts.codeownersErrorsAt = 'head';
  return { facts, checks };
}

function dedupe(requests: readonly BlobRequest[]): BlobRequest[] {
  const seen = new Set<string>();
  return requests.filter((r) => !seen.has(blobKey(r)) && Boolean(seen.add(blobKey(r))));
}

function needsBaseBlob(file: PullFile): boolean {
  if (file.status === 'added' || file.status === 'copied') return false;
  if (file.patch !== undefined) return false;
  return !(file.status === 'renamed' && file.changes === 0);
}

interface PolicyFetchPlan {
  /** Custom rule files on base. */
  baseRuleFiles: string[];
  /** Base manifests the pull request does not change. */
  baseManifests: string[];
  /** Changed rule files present on head (their head versions: only to report their own problems). */
  headRuleFiles: string[];
  notes: string[];
}

/** Which base (and head) blobs the policies need, from the base tree and the changed files; bounded. */
function planPolicyFetch(
  tree: RepoTree | { unavailable: string },
  files: readonly PullFile[],
  config: Config,
): PolicyFetchPlan {
  const changedPaths = new Set(files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])));
  const headRuleFiles = files
    .filter((f) => f.status !== 'removed' && isPolicyRuleFile(f.path, config))
    .map((f) => f.path);
  const plan: PolicyFetchPlan = { baseRuleFiles: [], baseManifests: [], headRuleFiles, notes: [] };
  if ('unavailable' in tree) {
    plan.notes.push(
      `The base tree could not be listed (${tree.unavailable}): custom rules and admission policies were searched only in the base versions of the changed files.`,
    );
    return plan;
  }
  if (tree.truncated)
    plan.notes.push(
      'GitHub truncated the listing of the base tree (over 100,000 entries): policies in files past the listing were not read.',
    );
  let skippedLarge = 0;
  const manifests: string[] = [];
  for (const entry of tree.entries) {
    if (entry.size !== undefined && entry.size > MAX_POLICY_FILE_BYTES) {
      if (isPolicyRuleFile(entry.path, config) || isManifestPath(entry.path, config)) skippedLarge++;
      continue;
    }
    if (isPolicyRulePath(entry.path, config)) {
      if (isPolicyRuleFile(entry.path, config)) plan.baseRuleFiles.push(entry.path);
    } else if (!changedPaths.has(entry.path) && isManifestPath(entry.path, config)) {
      manifests.push(entry.path);
    }
  }
  const room = Math.max(0, MAX_POLICY_SCAN_FILES - plan.baseRuleFiles.length);
  plan.baseManifests = manifests.slice(0, room);
  if (manifests.length > room)
    plan.notes.push(
      `Only ${room} of the ${manifests.length} unchanged manifests of the base branch were read (limit ${MAX_POLICY_SCAN_FILES} files): admission policies, and unchanged resources that depend on the change or that its resources read (a binding of a changed role, the NetworkPolicies of a pod's namespace), were not looked for in the others; set \`paths.include\` to narrow the search.`,
    );
  if (skippedLarge)
    plan.notes.push(
      `${skippedLarge} base file(s) over ${MAX_POLICY_FILE_BYTES / 1024} KB were not searched for policies.`,
    );
  return plan;
}

function policyBlobRequests(plan: PolicyFetchPlan, baseSha: string, headSha: string): BlobRequest[] {
  return [
    ...plan.baseRuleFiles.map((path) => ({ sha: baseSha, path })),
    ...plan.baseManifests.map((path) => ({ sha: baseSha, path })),
    ...plan.headRuleFiles.map((path) => ({ sha: headSha, path })),
  ];
}
