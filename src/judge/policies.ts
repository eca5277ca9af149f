import { isPolicyRuleFile, isPolicyRulePath } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import { statusByFingerprint, type ChangedFile } from '../diff/index.js';
import {
  scanFiles,
  type ExceptionRule,
  type ManifestFile,
  type ScanInput,
  type ScanOptions,
} from '../engine/index.js';
import { getIn, loadManifestFile, mayContain, mayHoldKind, type Resource } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import {
  compileRepositoryPolicies,
  POLICY_RULES,
  type CompiledPolicies,
  type PolicyFile,
} from '../policy/index.js';
import { mayHoldPolicy, mayHoldPolicyDocument } from '../policy/paths.js';
import { isVap } from '../policy/vap.js';
import type { Loads } from './loads.js';
import type { ChangedPath, PolicySources, SourceFile } from './types.js';

/**
 * The one policy loader: the repository's own policies (custom CEL rules, ValidatingAdmissionPolicies,
 * Kyverno policies) as they are on the BASE side, so that a change that adds or weakens a policy
 * does not change how its own resources are judged; the head side is compiled only to report the
 * policy files' own problems as introduced, existing or fixed.
 */

export interface JudgedPolicies {
  /** The base side's policies: `.active` judges the change. */
  compiled: CompiledPolicies;
  /** Problems of the policy files (and of the other repository), with status. */
  findings: Finding[];
  /** Runtime problems met while the change was judged, with status (call after the diff ran). */
  runtimeFindings(scan: {
    options: ScanOptions;
    exceptions?: readonly ExceptionRule[];
    today?: string;
    /** The diff's context and dependents: met on the base side too, a dependent's problem is not the change's. */
    context?: ScanInput['context'];
  }): Finding[];
}

export interface PolicyInput {
  sources: PolicySources;
  /** Manifests the change does not touch. */
  unchanged: readonly SourceFile[];
  /** The changed manifests (base and head texts). */
  manifests: readonly ChangedFile[];
  changedPaths: readonly ChangedPath[];
  config: Config;
  reservedIds: readonly string[];
  configFile: string;
  /** The judgement's loads, shared with the semantic diff so that no text is parsed twice. */
  loads: Loads;
}

export function judgePolicies(input: PolicyInput): JudgedPolicies {
  const { sources, config } = input;
  const external =
    sources.external && 'files' in sources.external
      ? sources.external.files
          .filter((f) => mayHoldPolicy(f.content))
          .flatMap((f) => loadManifestFile(f.path, f.content).resources)
      : [];
  // A judged resource's old object is the base version of a changed file (never an unchanged file's copy of it).
  const changedBasePaths = new Set(
    input.manifests.filter((f) => f.base !== undefined).map((f) => f.previousPath ?? f.path),
  );
  const compile = (resources: readonly Resource[], customRuleFiles: readonly PolicyFile[]) =>
    compileRepositoryPolicies([...resources, ...external], {
      customRuleFiles,
      reservedIds: input.reservedIds,
      previousResources: resources.filter((r) => changedBasePaths.has(r.file)),
    });

  // Base manifests: the unchanged ones as gathered, the changed ones' base versions from the change.
  const baseTexts = new Map<string, string | Uint8Array>(input.unchanged.map((f) => [f.path, f.content]));
  for (const f of input.manifests)
    if (f.base !== undefined && !isPolicyRulePath(f.previousPath ?? f.path, config))
      baseTexts.set(f.previousPath ?? f.path, f.base);
  const anyPolicy =
    sources.baseRuleFiles.length > 0 || external.length > 0 || [...baseTexts.values()].some(mayHoldPolicy);
  const namespacesRead = mentionNamespaces([
    ...sources.baseRuleFiles,
    ...sources.headRuleFiles,
    ...(sources.external && 'files' in sources.external ? sources.external.files : []),
  ]);
  const resourcesOf = (texts: ReadonlyMap<string, string | Uint8Array>, changed: ReadonlySet<string>) =>
    policySide(texts, changed, input.loads, namespacesRead);
  const baseResources = anyPolicy ? resourcesOf(baseTexts, changedBasePaths) : [];
  const compiled = compile(baseResources, sources.baseRuleFiles);

  // When the change touches policy files, compile the head's version too (it judges nothing) and compare by fingerprint.
  const changedRulePaths = input.changedPaths
    .flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]))
    .filter((p) => isPolicyRuleFile(p, config));
  const touched =
    changedRulePaths.length > 0 ||
    input.manifests.some((f) => mayHoldPolicy(f.base) || mayHoldPolicy(f.head));
  let findings: Finding[];
  if (!touched) {
    findings = compiled.findings.map((f) => ({ ...f, status: 'existing' as const }));
  } else {
    const headTexts = new Map([...baseTexts].filter(([path]) => !changedBasePaths.has(path)));
    const changedHeadPaths = new Set<string>();
    for (const f of input.manifests)
      if (f.head !== undefined) {
        headTexts.set(f.path, f.head);
        changedHeadPaths.add(f.path);
      }
    const headRules = [
      ...sources.baseRuleFiles.filter((f) => !changedRulePaths.includes(f.path)),
      ...sources.headRuleFiles,
    ];
    const headAny =
      headRules.length > 0 || external.length > 0 || [...headTexts.values()].some(mayHoldPolicy);
    findings = statusByFingerprint(
      compiled.findings,
      compile(headAny ? resourcesOf(headTexts, changedHeadPaths) : [], headRules).findings,
    );
  }
  if (sources.external && 'unavailable' in sources.external) {
    const { label, unavailable } = sources.external;
    findings.push({
      ruleId: POLICY_RULES.notEvaluated,
      severity: 'info',
      message: `Policies of ${label}: not evaluated, because ${unavailable}`,
      file: input.configFile,
      line: 1,
      column: 1,
      path: '',
      fingerprint: `${POLICY_RULES.notEvaluated}:policy-repository:${label}`,
      status: 'existing',
    });
  }

  return {
    compiled,
    findings,
    runtimeFindings(scan) {
      const all = compiled.runtimeFindings();
      if (all.length === 0) return [];
      // Those the base versions of the changed files trigger already are existing; the others went unchecked because of the change.
      const baseOnly = compile(baseResources, sources.baseRuleFiles);
      const baseFiles: ManifestFile[] = input.manifests
        .filter((f) => f.base !== undefined)
        .map((f) => {
          const path = f.previousPath ?? f.path;
          return { path, content: f.base!, loaded: input.loads.whole(path, f.base!) };
        });
      scanFiles({
        files: baseFiles,
        rules: baseOnly.active,
        options: scan.options,
        exceptions: scan.exceptions,
        today: scan.today,
        ...(scan.context ? { context: scan.context } : {}),
      });
      const onBase = new Set(baseOnly.runtimeFindings().map((f) => f.fingerprint));
      return all.map((f) => ({
        ...f,
        status: onBase.has(f.fingerprint) ? ('existing' as const) : ('introduced' as const),
      }));
    },
  };
}

const NAMESPACE_KEYS = ['namespaceSelector', 'namespaceObject'];

/** Whether an admission or Kyverno policy (or binding) may read a namespace's labels. */
function readsNamespaceLabels(r: Resource): boolean {
  if (r.group !== 'admissionregistration.k8s.io' && !r.group.endsWith('kyverno.io')) return false;
  const text = JSON.stringify(r.object);
  return NAMESPACE_KEYS.some((key) => text.includes(key));
}

/** Whether policy files (custom rules, another repository's) may read a namespace's labels. */
function mentionNamespaces(files: readonly PolicyFile[]): boolean {
  return files.some((f) =>
    mayContain(
      typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('utf8'),
      NAMESPACE_KEYS,
    ),
  );
}

/**
 * The resources of one side that policies read: every document of the changed files (their old
 * objects), and of the other files only the documents that may hold a policy, a binding, a
 * Namespace (namespaceSelector) or a kind a ValidatingAdmissionPolicy takes params from. The rest
 * of the tree is context no policy reads: parsing it would make every change cost the whole
 * repository. The text tests are sound (see mayHoldKind): a document they skip holds none of these.
 */
function policySide(
  texts: ReadonlyMap<string, string | Uint8Array>,
  changed: ReadonlySet<string>,
  loads: Loads,
  /** Custom rule files or another repository's policies may read namespaces. */
  namespacesRead: boolean,
): Resource[] {
  // Searched once per file (each search reads the whole text): most files hold no policy.
  const holdsPolicy = new Map([...texts].map(([path, content]) => [path, mayHoldPolicy(content)]));
  const paramKinds = new Set<string>();
  let readsNamespaces = namespacesRead;
  const look = (r: Resource) => {
    const kind = isVap(r) ? getIn(r.object, ['spec', 'paramKind', 'kind']) : undefined;
    if (typeof kind === 'string') paramKinds.add(kind);
    readsNamespaces ||= readsNamespaceLabels(r);
  };
  for (const [path, content] of texts) {
    if (changed.has(path)) loads.whole(path, content).resources.forEach(look);
    else if (holdsPolicy.get(path))
      loads.context(path, content, 'policies', mayHoldPolicyDocument).resources.forEach(look);
  }
  // Namespace manifests serve only namespaceSelector and namespaceObject: when no policy reads them, none is parsed.
  const kinds = [...(readsNamespaces ? ['Namespace'] : []), ...[...paramKinds].sort()];
  if (kinds.length === 0)
    return [...texts].flatMap(([path, content]) =>
      changed.has(path)
        ? loads.whole(path, content).resources
        : holdsPolicy.get(path)
          ? loads.context(path, content, 'policies', mayHoldPolicyDocument).resources
          : [],
    );
  const key = `context:${kinds.join(',')}`;
  // The policies' documents were read above; the other documents of the kinds are read once more.
  const otherDocument = (text: string) => !mayHoldPolicyDocument(text) && mayHoldKind(text, kinds);
  return [...texts].flatMap(([path, content]) => {
    if (changed.has(path)) return loads.whole(path, content).resources;
    const policies = holdsPolicy.get(path)
      ? loads.context(path, content, 'policies', mayHoldPolicyDocument).resources
      : [];
    // A whole file without the kinds has no document with them: most files end there, unsplit.
    const others =
      typeof content === 'string' && !mayHoldKind(content, kinds)
        ? []
        : loads.context(path, content, key, otherDocument).resources;
    if (policies.length === 0 || others.length === 0) return policies.length ? policies : others;
    // In the file's order, as one load would give them.
    return [...policies, ...others].sort((a, b) => a.source.startLine - b.source.startLine);
  });
}
