/**
 * The repository's own policies in the app (issue 7): custom CEL rules under `policies.paths` and
 * the ValidatingAdmissionPolicies / Kyverno policies among the manifests, as they are on the BASE
 * commit, so that a pull request that adds or weakens a policy does not change how its own
 * resources are judged.
 *
 * Calls: one `git/trees/{base}?recursive=1` lists the base tree; the candidate blobs (rule files,
 * and base manifests the pull request does not change) ride in the pipeline's batched GraphQL
 * blob query (200 per request). The base versions of changed manifests come from the pipeline
 * (rebuilt from the patch), so they cost nothing. Bounded: at most MAX_POLICY_SCAN_FILES base
 * files of at most MAX_POLICY_FILE_BYTES each; past that the summary says what was not read.
 */
import type { Config } from '../config/schema.js';
import { statusByFingerprint, type ChangedFile } from '../diff/index.js';
import { scanFiles, type ExceptionRule, type ManifestFile, type ScanOptions } from '../engine/index.js';
import { loadManifestFile, type Resource } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import { compileRepositoryPolicies, DEFAULT_POLICY_PATHS, POLICY_RULES, type CompiledPolicies, type PolicyFile } from '../policy/index.js';
import { blobKey, type BlobRequest, type BlobResult, type PullFile, type RepoTree } from './github-port.js';
import { isManifestPath } from './select-manifests.js';

/** Base files read for policies, at most (3 GraphQL requests of 200 when nothing else shares them). */
export const MAX_POLICY_SCAN_FILES = 600;
/** Larger base files are not read for policies (GraphQL truncates large blobs anyway). */
export const MAX_POLICY_FILE_BYTES = 512 * 1024;

const RULE_FILE = /\.ya?ml$/i;

/** Folders of custom CEL rules: `policies.paths`, else `.github/gitops-guard/policies/`. */
export function policyFolders(config: Config | undefined): string[] {
  return config?.policies?.paths?.length ? config.policies.paths : DEFAULT_POLICY_PATHS;
}

/** Is `path` under one of the folders of custom rules? Those files are rules, not manifests. */
export function isPolicyRulePath(path: string, config: Config | undefined): boolean {
  const normalised = path.replace(/^\.\//, '');
  return policyFolders(config).some((folder) => normalised.startsWith(folder.replace(/^\.\//, '').replace(/\/?$/, '/')));
}

/** True when a file may hold an admission policy (cheap text test before parsing). */
export function mayHoldPolicy(text: string | undefined): boolean {
  return text !== undefined && (text.includes('ValidatingAdmissionPolicy') || text.includes('kyverno.io'));
}

/** What was read of the other repository named by `policies.repository`. */
export type PolicyRepositoryRead =
  | { name: string; ref: string; files: PolicyFile[]; notes?: string[] }
  | { name: string; ref: string; unavailable: string };

/**
 * The other repository's policies: its files' resources (admission policies, bindings, params) join
 * the base branch's, or one info finding says it was not evaluated and why.
 */
export function policyRepositoryResources(read: PolicyRepositoryRead | undefined, configFile: string): { resources: Resource[]; findings: Finding[] } {
  if (!read) return { resources: [], findings: [] };
  if ('unavailable' in read) {
    const message = `Policies of ${read.name}@${read.ref}: not evaluated, because the app cannot read ${read.name}@${read.ref}: ${read.unavailable}`;
    return {
      resources: [],
      findings: [{ ruleId: POLICY_RULES.notEvaluated, severity: 'info', message, file: configFile, line: 1, column: 1, path: '', fingerprint: `${POLICY_RULES.notEvaluated}:policy-repository:${read.name}@${read.ref}`, status: 'existing' }],
    };
  }
  const prefix = `${read.name}@${read.ref}:`;
  return { resources: read.files.filter((f) => mayHoldPolicy(asText(f.content))).flatMap((f) => loadManifestFile(prefix + f.path, f.content).resources), findings: [] };
}

export interface PolicyFetchPlan {
  /** Custom rule files on base. */
  baseRuleFiles: string[];
  /** Base manifests the pull request does not change. */
  baseManifests: string[];
  /** Changed rule files present on head (their head versions: only to report their own problems). */
  headRuleFiles: string[];
  /** What could not be read, for the summary. */
  notes: string[];
  /** The base tree could not be listed: only the changed files' base versions are searched. */
  treeUnavailable?: string;
}

/** Which base (and head) blobs the policies need, from the base tree and the changed files. */
export function planPolicyFetch(tree: RepoTree | { unavailable: string }, files: readonly PullFile[], config: Config): PolicyFetchPlan {
  const changedPaths = new Set(files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])));
  const headRuleFiles = files.filter((f) => f.status !== 'removed' && RULE_FILE.test(f.path) && isPolicyRulePath(f.path, config)).map((f) => f.path);
  const plan: PolicyFetchPlan = { baseRuleFiles: [], baseManifests: [], headRuleFiles, notes: [] };
  if ('unavailable' in tree) {
    plan.treeUnavailable = tree.unavailable;
    plan.notes.push(`The base tree could not be listed (${tree.unavailable}): custom rules and admission policies were searched only in the base versions of the changed files.`);
    return plan;
  }
  if (tree.truncated) plan.notes.push('GitHub truncated the listing of the base tree (over 100,000 entries): policies in files past the listing were not read.');
  let skippedLarge = 0;
  const manifests: string[] = [];
  for (const entry of tree.entries) {
    if (entry.size !== undefined && entry.size > MAX_POLICY_FILE_BYTES) {
      if (RULE_FILE.test(entry.path) && (isPolicyRulePath(entry.path, config) || isManifestPath(entry.path, config.paths))) skippedLarge++;
      continue;
    }
    if (isPolicyRulePath(entry.path, config)) {
      if (RULE_FILE.test(entry.path)) plan.baseRuleFiles.push(entry.path);
    } else if (!changedPaths.has(entry.path) && isManifestPath(entry.path, config.paths)) {
      manifests.push(entry.path);
    }
  }
  const room = Math.max(0, MAX_POLICY_SCAN_FILES - plan.baseRuleFiles.length);
  plan.baseManifests = manifests.slice(0, room);
  if (manifests.length > room) plan.notes.push(`Only ${room} of the ${manifests.length} unchanged manifests of the base branch were searched for admission policies (limit ${MAX_POLICY_SCAN_FILES} files); set \`paths.include\` to narrow the search.`);
  if (skippedLarge) plan.notes.push(`${skippedLarge} base file(s) over ${MAX_POLICY_FILE_BYTES / 1024} KB were not searched for policies.`);
  return plan;
}

export function policyBlobRequests(plan: PolicyFetchPlan, baseSha: string, headSha: string): BlobRequest[] {
  return [...plan.baseRuleFiles.map((path) => ({ sha: baseSha, path })), ...plan.baseManifests.map((path) => ({ sha: baseSha, path })), ...plan.headRuleFiles.map((path) => ({ sha: headSha, path }))];
}

export interface AppPolicies {
  /** The base side's policies: `.active` goes to diffChange. */
  compiled: CompiledPolicies;
  /** Problems of the policy files: introduced / existing / fixed. */
  compileFindings: Finding[];
  /** Runtime problems met while the diff ran, with their status (call after the diff). */
  runtimeFindings(scan: { options: ScanOptions; exceptions?: readonly ExceptionRule[]; today?: string }): Finding[];
}

export interface LoadPoliciesInput {
  plan: PolicyFetchPlan;
  blobs: ReadonlyMap<string, BlobResult>;
  baseSha: string;
  headSha: string;
  /** The changed manifests as the pipeline assembled them (base rebuilt from the patch). */
  changed: readonly ChangedFile[];
  /** Every changed file (rule files included). */
  files: readonly PullFile[];
  config: Config;
  reservedIds: Iterable<string>;
  /** Admission policies (and their bindings, params) of another repository, judging beside the base branch's. */
  extraResources?: readonly Resource[];
}

export function loadAppPolicies(input: LoadPoliciesInput): AppPolicies {
  const { plan, blobs, config } = input;
  const text = (sha: string, path: string) => {
    const blob = blobs.get(blobKey({ sha, path }));
    return blob?.kind === 'text' ? blob.text : undefined;
  };
  const reserved = [...input.reservedIds];
  const extra = input.extraResources ?? [];
  const compile = (resources: readonly Resource[], ruleFiles: readonly PolicyFile[]) => compileRepositoryPolicies([...resources, ...extra], { customRuleFiles: ruleFiles, reservedIds: reserved });

  const baseRules: PolicyFile[] = plan.baseRuleFiles.flatMap((path) => {
    const content = text(input.baseSha, path);
    return content === undefined ? [] : [{ path, content }];
  });
  // Base manifests: unchanged ones from the blobs, changed ones as the pipeline rebuilt their base.
  const baseTexts = new Map<string, string>();
  for (const path of plan.baseManifests) {
    const content = text(input.baseSha, path);
    if (content !== undefined) baseTexts.set(path, content);
  }
  for (const f of input.changed) if (f.base !== undefined && !isPolicyRulePath(f.previousPath ?? f.path, config)) baseTexts.set(f.previousPath ?? f.path, asText(f.base));

  const anyPolicy = baseRules.length > 0 || extra.length > 0 || [...baseTexts.values()].some(mayHoldPolicy);
  const resourcesOf = (texts: ReadonlyMap<string, string>) => [...texts].flatMap(([path, content]) => loadManifestFile(path, content).resources);
  const baseResources = anyPolicy ? resourcesOf(baseTexts) : [];
  const compiled = compile(baseResources, baseRules);

  // The policy files' own problems. When the change touches policy files, compile the head's
  // version too (only to report its problems: it judges nothing) and compare by fingerprint.
  const changedRulePaths = input.files.filter((f) => RULE_FILE.test(f.path) && isPolicyRulePath(f.path, config)).flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));
  const headTexts = new Map([...baseTexts].filter(([path]) => !input.changed.some((f) => (f.previousPath ?? f.path) === path)));
  for (const f of input.changed) if (f.head !== undefined) headTexts.set(f.path, asText(f.head));
  const touched = changedRulePaths.length > 0 || input.changed.some((f) => mayHoldPolicy(f.base === undefined ? undefined : asText(f.base)) || mayHoldPolicy(f.head === undefined ? undefined : asText(f.head)));
  let compileFindings: Finding[];
  if (!touched) {
    compileFindings = compiled.findings.map((f) => ({ ...f, status: 'existing' as const }));
  } else {
    const headRules = baseRules.filter((f) => !changedRulePaths.includes(f.path));
    for (const path of plan.headRuleFiles) {
      const content = text(input.headSha, path);
      if (content !== undefined) headRules.push({ path, content });
    }
    const headAny = headRules.length > 0 || [...headTexts.values()].some(mayHoldPolicy);
    compileFindings = statusByFingerprint(compiled.findings, compile(headAny ? resourcesOf(headTexts) : [], headRules).findings);
  }

  return {
    compiled,
    compileFindings,
    runtimeFindings(scan) {
      const all = compiled.runtimeFindings();
      if (all.length === 0) return [];
      // Which of them the base versions of the changed files trigger already: those are existing.
      const baseOnly = compile(baseResources, baseRules);
      const baseFiles: ManifestFile[] = input.changed.filter((f) => f.base !== undefined).map((f) => ({ path: f.previousPath ?? f.path, content: f.base! }));
      scanFiles({ files: baseFiles, rules: baseOnly.active, options: scan.options, exceptions: scan.exceptions, today: scan.today });
      const onBase = new Set(baseOnly.runtimeFindings().map((f) => f.fingerprint));
      return all.map((f) => ({ ...f, status: onBase.has(f.fingerprint) ? ('existing' as const) : ('introduced' as const) }));
    },
  };
}

function asText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

