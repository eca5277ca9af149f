import type { Finding } from '../model/index.js';
import {
  applyExceptions,
  IGNORE_ANNOTATION,
  IGNORE_REASON_ANNOTATION,
  scanFiles,
  sortFindings,
  stablePath,
  type ManifestFile,
} from '../engine/index.js';
import {
  annotationsOf,
  fingerprintOf,
  kustomizePatchFiles,
  loadManifestFile,
  resourceKey,
  type Resource,
} from '../manifests/index.js';
import { deltaRules } from './deltas/index.js';
import type { ActiveDelta, DeltaReport } from './deltas/types.js';
import { changedLinesFromTexts } from './line-diff.js';
import { changedLinesFromPatch } from './unified-diff.js';
import { semanticallyEqual, summarizeObjectChange } from './object-diff.js';
import type { ChangedLines, DiffInput, DiffResult, ResourceChange } from './types.js';
import { statusByFingerprint } from './finding-status.js';
import {
  applyNewSuppressions,
  newConfigExceptions,
  SUPPRESSION_ADDED_RULE,
  suppressedRules,
} from './new-suppressions.js';
import { redactFindings, redactRef } from '../redaction/index.js';

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Kinds whose values never appear in change summaries. */
const MASKED_KINDS = new Set(['Secret', 'SealedSecret', 'ExternalSecret', 'SopsSecret']);

/**
 * The semantic diff of a change set. Base and head versions of the changed files are scanned
 * alike; resources are matched by identity (API group, kind, namespace, name) wherever they
 * live, and findings by fingerprint (rule + identity + path, containers by name), so moving,
 * reordering and reformatting change nothing. Head findings are `introduced` or `existing`,
 * base findings absent on head are `fixed` (keeping base's file and line). Risky deltas between
 * the two versions of a resource are added as `introduced` findings.
 */
export function diffChange(input: DiffInput): DiffResult {
  const baseFiles: ManifestFile[] = [];
  const headFiles: ManifestFile[] = [];
  const changedLines: Record<string, ChangedLines> = {};
  const loaded = (path: string, content: string | Uint8Array) =>
    input.load ? { loaded: input.load(path, content) } : {};
  for (const file of input.files) {
    if (file.base !== undefined) {
      const path = file.previousPath ?? file.path;
      baseFiles.push({ path, content: file.base, ...loaded(path, file.base) });
    }
    if (file.head !== undefined) {
      headFiles.push({ path: file.path, content: file.head, ...loaded(file.path, file.head) });
      changedLines[file.path] =
        file.patch !== undefined
          ? changedLinesFromPatch(file.patch)
          : changedLinesFromTexts(file.base === undefined ? undefined : text(file.base), text(file.head));
    }
  }
  // A changed file that an unchanged kustomization.yaml lists as a patch is a partial resource on both sides.
  const kustomizations = (input.unchanged ?? [])
    .filter((f) => KUSTOMIZATION_FILE.test(f.path))
    .flatMap((f) => (input.load ?? loadManifestFile)(f.path, f.content).resources);
  const common = {
    rules: input.rules,
    options: input.options,
    exceptions: input.exceptions,
    today: input.today,
    configFile: input.configFile,
    patchFiles: kustomizePatchFiles(kustomizations),
  };
  const context = input.context && {
    resources: input.context.resources,
    dependents: input.context.dependents.map((d) => d.resource),
  };
  const base = scanFiles({ ...common, files: baseFiles, context });
  const head = scanFiles({ ...common, files: headFiles, context });

  // Findings: multiset match on fingerprints (two identical findings on head and one on base: one is new).
  const findings: Finding[] = [
    ...statusByFingerprint(base.findings, head.findings),
    ...dependentChanges(base.dependentFindings, head.dependentFindings, input.context?.dependents ?? []),
  ];

  // Resources, matched by identity; risky deltas between the two versions of each.
  const deltas = input.deltas ?? deltaRules.map((rule) => ({ rule, severity: rule.severity }));
  const { pairs, resources, deltaFindings } = compareResources(base.resources, head.resources, deltas);
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const liveExceptions = (input.exceptions ?? []).filter((e) => {
    const expires = e.expires instanceof Date ? e.expires.toISOString().slice(0, 10) : e.expires;
    return !expires || expires >= today;
  });
  findings.push(
    ...applyExceptions(deltaFindings, liveExceptions, today, input.configFile ?? '.github/gitops-guard.yml'),
  );

  // Suppressions and exceptions the change adds do not wave its own findings through.
  const addedSeverity = input.rules.find((r) => r.rule.id === SUPPRESSION_ADDED_RULE)?.severity ?? 'high';
  findings.push(
    ...applyNewSuppressions(findings, pairs, addedSeverity),
    ...newConfigExceptions(input.files, input.configFile ?? '.github/gitops-guard.yml', addedSeverity),
  );

  // Both sides' secrets are masked in everything the diff reports (a summary shows base and head values side by side).
  const redactor = base.redactor.merge(head.redactor);
  const redactedResources = resources.map((r) => ({
    ...r,
    resource: redactRef(r.resource, redactor),
    summary: r.summary.map((line) => redactor.redact(line)),
  }));
  redactedResources.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : resourceKey(a.resource).localeCompare(resourceKey(b.resource)),
  );
  return {
    findings: sortFindings(redactFindings(findings, redactor)),
    resources: redactedResources,
    changedLines,
    baseResources: base.resources,
    headResources: head.resources,
    redactor,
  };
}

/**
 * The findings of the unchanged resources judged again that the change brings in or removes, with
 * why in the message; what stays the same on them is not this change's (no `existing`).
 */
function dependentChanges(
  base: readonly Finding[],
  head: readonly Finding[],
  dependents: NonNullable<DiffInput['context']>['dependents'],
): Finding[] {
  if (base.length === 0 && head.length === 0) return [];
  const byResource = new Map(dependents.map((d) => [`${d.resource.file}\n${resourceKey(d.resource)}`, d]));
  return statusByFingerprint(base, head).flatMap((f) => {
    if (f.status === 'existing') return [];
    const dependent =
      f.resource && byResource.get(`${f.file}\n${resourceKey({ ...f.resource, file: f.file })}`);
    const because = dependent?.because(f.ruleId);
    return [
      because
        ? {
            ...f,
            message: `${f.message} (This resource is unchanged; it was judged again because ${because} in this change.)`,
          }
        : f,
    ];
  });
}

/**
 * Base and head resources matched by identity (wherever they live): what changed in each, and the
 * risky deltas between the two versions. Shared by the diff of files and the diff of rendered targets.
 */
export function compareResources(
  baseResources: readonly Resource[],
  headResources: readonly Resource[],
  deltas: readonly ActiveDelta[],
): { pairs: Pair[]; resources: ResourceChange[]; deltaFindings: Finding[] } {
  const pairs = pairResources(baseResources, headResources);
  const resources: ResourceChange[] = [];
  for (const { base: b, head: h } of pairs) {
    const either = (h ?? b)!;
    const ref = {
      apiVersion: either.apiVersion,
      kind: either.kind,
      ...(either.namespace ? { namespace: either.namespace } : {}),
      name: either.name,
    };
    const mask = MASKED_KINDS.has(either.kind);
    if (b && h) {
      if (semanticallyEqual(b.object, h.object)) continue;
      resources.push({
        change: 'modified',
        resource: ref,
        file: h.file,
        ...(h.file !== b.file ? { previousFile: b.file } : {}),
        summary: summarizeObjectChange(b.object, h.object, { maskValues: mask }),
      });
    } else if (h) {
      resources.push({ change: 'added', resource: ref, file: h.file, summary: [] });
    } else {
      resources.push({ change: 'removed', resource: ref, file: b!.file, summary: [] });
    }
  }
  const deltaFindings = pairs.flatMap((pair) => runDeltas(pair.base, pair.head, deltas));
  return { pairs, resources, deltaFindings };
}

interface Pair {
  base?: Resource;
  head?: Resource;
}

/** Base and head resources grouped by identity, each side in its order. */
export function groupByIdentity(
  base: readonly Resource[],
  head: readonly Resource[],
): Map<string, { base: Resource[]; head: Resource[] }> {
  const byKey = new Map<string, { base: Resource[]; head: Resource[] }>();
  const entry = (r: Resource) => {
    const key = resourceKey(r);
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { base: [], head: [] }));
    return e;
  };
  for (const r of base) entry(r).base.push(r);
  for (const r of head) entry(r).head.push(r);
  return byKey;
}

/** Pairs base and head resources by identity; duplicates of one identity pair up in order. */
function pairResources(base: readonly Resource[], head: readonly Resource[]): Pair[] {
  const pairs: Pair[] = [];
  for (const e of groupByIdentity(base, head).values()) {
    for (let i = 0; i < Math.max(e.base.length, e.head.length); i++)
      pairs.push({ base: e.base[i], head: e.head[i] });
  }
  return pairs;
}

function runDeltas(
  base: Resource | undefined,
  head: Resource | undefined,
  deltas: readonly ActiveDelta[],
): Finding[] {
  const out: Finding[] = [];
  for (const { rule, severity } of deltas) {
    if (!((base && rule.match(base)) || (head && rule.match(head)))) continue;
    const report = (input: DeltaReport) => {
      const on = input.on === 'base' ? (base ?? head)! : (head ?? base)!;
      const located = on.source.locate([...on.basePath, ...input.path]);
      const path = stablePath(on.object, input.path);
      const finding: Finding = {
        ruleId: rule.id,
        severity: input.severity ?? severity,
        message: input.message,
        file: located.file ?? on.file,
        line: located.line,
        column: located.column,
        resource: { apiVersion: on.apiVersion, kind: on.kind, namespace: on.namespace, name: on.name },
        path,
        fingerprint: fingerprintOf(rule.id, resourceKey(on), path, input.key ?? ''),
        status: 'introduced',
      };
      // Only a suppression already on the base side applies (see applyNewSuppressions).
      const suppression = head && suppressionOf(head);
      if (suppression?.rules.has(rule.id) && suppressedRules(base).has(rule.id))
        finding.suppressed = { by: 'annotation', reason: suppression.reason };
      out.push(finding);
    };
    try {
      rule.compare(base, head, { report });
    } catch (error) {
      const on = (head ?? base)!;
      out.push({
        ruleId: 'rule-error',
        severity: 'high',
        message: `Delta ${rule.id} failed on this resource (${(error as Error)?.message ?? String(error)}); it was not checked.`,
        file: on.file,
        line: on.source.startLine + 1,
        column: 1,
        resource: { apiVersion: on.apiVersion, kind: on.kind, namespace: on.namespace, name: on.name },
        path: '',
        fingerprint: fingerprintOf('rule-error', resourceKey(on), '', rule.id),
        status: 'introduced',
      });
    }
  }
  return out;
}

function suppressionOf(resource: Resource): { rules: Set<string>; reason: string } | undefined {
  const annotations = annotationsOf(resource.object);
  const ignored = annotations[IGNORE_ANNOTATION];
  const reason = annotations[IGNORE_REASON_ANNOTATION]?.trim();
  if (ignored === undefined || !reason) return undefined;
  return { rules: new Set(ignored.split(',').map((s) => s.trim())), reason };
}

function text(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
}
