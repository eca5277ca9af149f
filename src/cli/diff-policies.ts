/**
 * Repository policies for `gitops-guard diff` (issue 7): custom CEL rules and the repository's
 * own admission policies (ValidatingAdmissionPolicy, Kyverno) as they are on the BASE commit,
 * so that a change that adds or weakens a policy does not change how its own resources are
 * judged. The whole base tree is read (Namespace manifests and policy params may live in files
 * the change does not touch) with one `git ls-tree` and one `git cat-file --batch`.
 */
import type { Config } from '../config/schema.js';
import { scanFiles, type ManifestFile, type ScanOptions, type ExceptionRule } from '../engine/index.js';
import { loadManifestFile, type Resource } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import { compileRepositoryPolicies, type CompiledPolicies, type PolicyFile } from '../policy/index.js';
import { builtinRules } from '../rules/index.js';
import { listTree, readBlobs, type GitChange } from './git.js';
import { isPolicyFile } from './policies-loader.js';
import { statusByFingerprint } from '../diff/index.js';

const RULE_FILE = /\.ya?ml$/i;

/** True when a file may hold an admission policy (cheap text test before parsing). */
function mayHoldPolicy(content: string | Uint8Array | undefined): boolean {
  if (content === undefined) return false;
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  return text.includes('ValidatingAdmissionPolicy') || text.includes('kyverno.io');
}

export interface DiffPoliciesInput {
  root: string;
  base: string;
  /** The base configuration (`policies.paths`, `paths`). */
  config: Config | undefined;
  /** Every changed file of the change. */
  changes: readonly GitChange[];
  /** Whether a path is a manifest file under the configured paths. */
  isManifest: (path: string) => boolean;
  /** Reads the head versions of paths (head commit or work tree); undefined when absent. */
  readHead: (paths: string[]) => Promise<Array<Buffer | undefined>>;
  /** Admission policies of another repository (`--policy-repo`), judging beside base's. */
  extraResources?: readonly Resource[];
}

export interface DiffPolicies {
  /** The base side's policies: pass `.active` to diffChange. */
  compiled: CompiledPolicies;
  /** Problems of the policy files, with status: `introduced` when the change brings them in, `existing` when base has them too, `fixed` when the change removes them. */
  compileFindings: Finding[];
  /** A fresh compile of the same base policies (its own runtime error collector). */
  recompile: () => CompiledPolicies;
}

export async function loadDiffPolicies(input: DiffPoliciesInput): Promise<DiffPolicies> {
  const extra = input.extraResources ?? [];
  const compile = (resources: readonly Resource[], customRuleFiles: readonly PolicyFile[]) =>
    compileRepositoryPolicies([...resources, ...extra], { customRuleFiles, reservedIds: builtinRules.map((r) => r.id) });
  const { root, base, config } = input;
  const tree = await listTree(root, base);
  const rulePaths = tree.filter((p) => RULE_FILE.test(p) && isPolicyFile(p, config));
  const manifestPaths = tree.filter((p) => !isPolicyFile(p, config) && input.isManifest(p));
  const blobs = await readBlobs(root, [...rulePaths, ...manifestPaths].map((p) => `${base}:${p}`));
  const ruleFiles: PolicyFile[] = [];
  rulePaths.forEach((path, i) => {
    if (blobs[i] !== undefined) ruleFiles.push({ path, content: blobs[i]!.toString('utf8') });
  });
  const manifests = new Map<string, Buffer>();
  manifestPaths.forEach((path, i) => {
    const blob = blobs[rulePaths.length + i];
    if (blob !== undefined) manifests.set(path, blob);
  });

  // No policy anywhere on base and no custom rule: nothing to compile, no need to parse the tree.
  const anyPolicy = ruleFiles.length > 0 || extra.length > 0 || [...manifests.values()].some(mayHoldPolicy);
  const baseResources = new Map<string, Resource[]>();
  if (anyPolicy) for (const [path, content] of manifests) baseResources.set(path, loadManifestFile(path, content).resources);
  const allBase = [...baseResources.values()].flat();
  const compiled = compile(allBase, ruleFiles);

  // Problems of the policy files themselves. When the change touches policy files, compile the
  // head's version too (only to report its problems: it judges nothing) and compare by fingerprint.
  const changedPaths = input.changes.flatMap((c) => (c.previousPath ? [c.previousPath, c.path] : [c.path]));
  const changedRules = changedPaths.filter((p) => RULE_FILE.test(p) && isPolicyFile(p, config));
  const changedManifests = changedPaths.filter((p) => !isPolicyFile(p, config) && input.isManifest(p));
  const headRuleBlobs = await input.readHead(changedRules);
  const headManifestBlobs = await input.readHead(changedManifests);
  const touched =
    changedRules.length > 0 ||
    changedManifests.some((p, i) => mayHoldPolicy(manifests.get(p)) || mayHoldPolicy(headManifestBlobs[i]));
  let compileFindings: Finding[];
  if (!touched) {
    compileFindings = compiled.findings.map((f) => ({ ...f, status: 'existing' as const }));
  } else {
    const headRules = ruleFiles.filter((f) => !changedRules.includes(f.path));
    changedRules.forEach((path, i) => {
      if (headRuleBlobs[i] !== undefined) headRules.push({ path, content: headRuleBlobs[i]!.toString('utf8') });
    });
    const headResources = new Map(anyPolicy ? baseResources : [...manifests].map(([path, content]) => [path, loadManifestFile(path, content).resources] as const));
    for (const path of changedManifests) headResources.delete(path);
    changedManifests.forEach((path, i) => {
      if (headManifestBlobs[i] !== undefined) headResources.set(path, loadManifestFile(path, headManifestBlobs[i]!).resources);
    });
    const headFindings = compile([...headResources.values()].flat(), headRules).findings;
    compileFindings = statusByFingerprint(compiled.findings, headFindings);
  }
  return { compiled, compileFindings, recompile: () => compile(allBase, ruleFiles) };
}


/**
 * Runtime problems of the base policies (an expression that failed on a resource, a policy not
 * evaluated on one) met while the diff ran. One that the base versions of the changed files
 * trigger already is `existing`; one that only the change's resources trigger is `introduced`:
 * those resources went unchecked by that expression, which the change should hear about.
 */
export function runtimeFindingsWithStatus(
  policies: DiffPolicies,
  baseFiles: readonly ManifestFile[],
  scan: { options: ScanOptions; exceptions?: readonly ExceptionRule[]; today?: string },
): Finding[] {
  const all = policies.compiled.runtimeFindings();
  if (all.length === 0) return [];
  const baseOnly = policies.recompile();
  scanFiles({ files: baseFiles, rules: baseOnly.active, options: scan.options, exceptions: scan.exceptions, today: scan.today });
  const onBase = new Set(baseOnly.runtimeFindings().map((f) => f.fingerprint));
  return all.map((f) => ({ ...f, status: onBase.has(f.fingerprint) ? ('existing' as const) : ('introduced' as const) }));
}
