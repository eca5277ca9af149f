import { groupByIdentity, semanticallyEqual } from '../diff/index.js';
import type { ResourceDependency, Rule } from '../engine/index.js';
import { describeResource, mayContain, mayHoldKind, resourceKey, type Resource } from '../manifests/index.js';

/**
 * Which unchanged resources a change may judge differently, and what the judged resources read.
 * Pure: derived from the rules' `dependsOn` declarations (docs/writing-rules.md), never from a list
 * of rules here. A ClusterRole that changes makes the unchanged bindings that name it dependents; a
 * NetworkPolicy, the pods of its namespace; a ServiceAccount, the pods that run as it. Dependents
 * are judged on base and on head by the rules that declare dependencies (docs/diff.md).
 */

/** The repository's unchanged resources, read on demand: only documents whose text passes `filter` are parsed. */
export interface UnchangedResources {
  /**
   * `key` names the filter (the same key, the same filter), so a text read for it is parsed once.
   * The filters given are true of a text when true of a part of it (a whole file may be tested first).
   */
  documents(key: string, filter: (text: string) => boolean): readonly Resource[];
}

interface Dependent {
  resource: Resource;
  /** Why it is judged again: per rule id, the changed resources (either side) it reads. */
  causes: Map<string, Resource[]>;
}

export interface DependencyPlan {
  dependents: Dependent[];
  /** Unchanged resources of the declared kinds that the judged resources may read: the context of both sides. */
  context: Resource[];
}

/** More needles than this and a text filter costs more than it saves: the kinds alone filter. */
const MAX_NEEDLES = 64;

export function planDependencies(input: {
  rules: readonly Rule<unknown>[];
  /** Every resource of the changed files judged as files, on each side. */
  changed: { base: readonly Resource[]; head: readonly Resource[] };
  unchanged: UnchangedResources;
}): DependencyPlan {
  const declaring = input.rules.filter((r) => (r.dependsOn?.length ?? 0) > 0 && !r.engineFinding);
  if (declaring.length === 0) return { dependents: [], context: [] };
  const dependents = findDependents(declaring, changedResources(input.changed), input.unchanged);
  const judged = [...input.changed.base, ...input.changed.head, ...dependents.map((d) => d.resource)];
  return { dependents, context: readContext(declaring, judged, dependents, input.unchanged) };
}

/** `ClusterRole pod-reader changed`: why a dependent was judged again, for its findings' messages. */
export function describeCauses(causes: readonly Resource[], changed: ChangedSides): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const cause of causes) {
    const key = resourceKey(cause);
    if (seen.has(key)) continue;
    seen.add(key);
    const how = !changed.base.has(key) ? 'was added' : !changed.head.has(key) ? 'was removed' : 'changed';
    parts.push(`${describeResource(cause)} ${how}`);
  }
  return parts.join(', ');
}

/** Identities present on each side, for describeCauses. */
export interface ChangedSides {
  base: ReadonlySet<string>;
  head: ReadonlySet<string>;
}

export function changedSides(changed: {
  base: readonly Resource[];
  head: readonly Resource[];
}): ChangedSides {
  return {
    base: new Set(changed.base.map((r) => resourceKey(r))),
    head: new Set(changed.head.map((r) => resourceKey(r))),
  };
}

/** Resources whose identity is on one side only, or whose object differs between the sides. */
function changedResources(changed: { base: readonly Resource[]; head: readonly Resource[] }): Resource[] {
  const byKey = groupByIdentity(
    changed.base.filter((r) => !r.isPatch),
    changed.head.filter((r) => !r.isPatch),
  );
  const out: Resource[] = [];
  for (const { base, head } of byKey.values()) {
    const same =
      base.length === head.length && base.every((b, i) => semanticallyEqual(b.object, head[i]!.object));
    if (!same) out.push(...base, ...head);
  }
  return out;
}

const kindOf = (r: Resource) => `${r.group}/${r.kind}`;
const kindName = (kind: string) => kind.slice(kind.lastIndexOf('/') + 1);

/** A document filter from needles: undefined needles (any document) win over lists. */
function textFilter(needles: Set<string> | undefined): ((text: string) => boolean) | undefined {
  if (needles === undefined || needles.size > MAX_NEEDLES) return undefined;
  const list = [...needles].filter((n) => n !== '');
  return (text) => mayContain(text, list);
}

function addNeedles(into: Set<string> | undefined, needles: readonly string[] | undefined) {
  if (into === undefined || needles === undefined) return undefined;
  for (const n of needles) into.add(n);
  return into;
}

/** Whether the rule judges the resource (a `match` that throws: judged, so the engine reports the error). */
function judges(rule: Rule<unknown>, resource: Resource): boolean {
  if (resource.isPatch) return false;
  try {
    return !rule.match || rule.match(resource);
  } catch {
    return true;
  }
}

function findDependents(
  rules: readonly Rule<unknown>[],
  changed: readonly Resource[],
  unchanged: UnchangedResources,
): Dependent[] {
  const reads: Array<{ rule: Rule<unknown>; dependency: ResourceDependency; causes: Resource[] }> = [];
  let needles: Set<string> | undefined = new Set();
  for (const rule of rules)
    for (const dependency of rule.dependsOn ?? []) {
      const causes = changed.filter((r) => dependency.kinds.includes(kindOf(r)));
      if (causes.length === 0) continue;
      reads.push({ rule, dependency, causes });
      for (const cause of causes) needles = addNeedles(needles, dependency.relation.readerNeedles(cause));
    }
  if (reads.length === 0 || needles?.size === 0) return [];
  const filter = textFilter(needles);
  const key = filter ? `dependents:${[...needles!].sort().join('\n')}` : 'dependents:*';
  const out: Dependent[] = [];
  for (const resource of unchanged.documents(key, filter ?? (() => true))) {
    let causes: Map<string, Resource[]> | undefined;
    for (const { rule, dependency, causes: candidates } of reads) {
      if (!judges(rule, resource)) continue;
      const linked = candidates.filter((c) => dependency.relation.links(resource, c));
      if (linked.length === 0) continue;
      causes ??= new Map();
      causes.set(rule.id, [...(causes.get(rule.id) ?? []), ...linked]);
    }
    if (causes) out.push({ resource, causes });
  }
  return out;
}

function readContext(
  rules: readonly Rule<unknown>[],
  judged: readonly Resource[],
  dependents: readonly Dependent[],
  unchanged: UnchangedResources,
): Resource[] {
  const kinds = new Set<string>();
  let needles: Set<string> | undefined = new Set();
  for (const rule of rules) {
    const reading = judged.filter((r) => judges(rule, r));
    if (reading.length === 0) continue;
    for (const dependency of rule.dependsOn ?? []) {
      for (const kind of dependency.kinds) kinds.add(kind);
      for (const r of reading) needles = addNeedles(needles, dependency.relation.needles(r));
    }
  }
  if (kinds.size === 0 || needles?.size === 0) return [];
  const names = [...new Set([...kinds].map(kindName))].sort();
  const byText = textFilter(needles);
  const key = `context:${names.join(',')}:${byText ? [...needles!].sort().join('\n') : '*'}`;
  // The kind first: most documents say theirs on a line of their own (document-head.ts), a cheaper test than the needles.
  const filter = (text: string) => mayHoldKind(text, names) && (byText === undefined || byText(text));
  // A dependent read again for the context is the same resource: keep one object for it.
  const identity = (r: Resource) => `${r.file}\n${r.source.startLine}\n${resourceKey(r)}`;
  const known = new Map(dependents.map((d) => [identity(d.resource), d.resource]));
  const context = unchanged
    .documents(key, filter)
    .filter((r) => kinds.has(kindOf(r)))
    .map((r) => known.get(identity(r)) ?? r);
  const inContext = new Set(context);
  return [...context, ...dependents.map((d) => d.resource).filter((r) => !inContext.has(r))];
}
