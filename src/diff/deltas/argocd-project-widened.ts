import { globMatch } from '../../model/index.js';
import type { JsonObject, PathSegment, Resource } from '../../manifests/index.js';
import { isKind, objectsAt, quoteList, str, stringsAt } from './_lib.js';
import { defineDelta, type DeltaContext } from './types.js';

/** Argo CD matches these fields as globs; a new entry widens the project unless an old one covered it. */
function globCovers(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (pattern.startsWith('!')) return false;
  return globMatch(value, pattern, { dot: true, nocomment: true });
}

function tupleCovered(base: string[][], entry: string[]): boolean {
  return base.some((have) => have.every((p, i) => globCovers(p, entry[i]!)));
}

interface ListSpec {
  path: PathSegment[];
  label: string;
  fields?: string[];
}

const ALLOW_LISTS: ListSpec[] = [
  { path: ['spec', 'sourceRepos'], label: 'source repositories' },
  { path: ['spec', 'sourceNamespaces'], label: 'source namespaces' },
  { path: ['spec', 'destinations'], label: 'destinations', fields: ['server', 'name', 'namespace'] },
  {
    path: ['spec', 'clusterResourceWhitelist'],
    label: 'cluster-scoped resources',
    fields: ['group', 'kind'],
  },
  { path: ['spec', 'namespaceResourceWhitelist'], label: 'namespaced resources', fields: ['group', 'kind'] },
];

const DENY_LISTS: ListSpec[] = [
  {
    path: ['spec', 'clusterResourceBlacklist'],
    label: 'denied cluster-scoped resources',
    fields: ['group', 'kind'],
  },
  {
    path: ['spec', 'namespaceResourceBlacklist'],
    label: 'denied namespaced resources',
    fields: ['group', 'kind'],
  },
];

function entries(
  resource: Resource,
  spec: ListSpec,
): Array<{ tuple: string[]; index: number; text: string }> {
  if (!spec.fields)
    return stringsAt(resource.object, spec.path).map((s, index) => ({ tuple: [s], index, text: s }));
  return objectsAt(resource.object, spec.path).map(({ item, index }) => {
    const tuple = spec.fields!.map((f) => str((item as JsonObject)[f]));
    return {
      tuple,
      index,
      text: spec
        .fields!.map((f, i) => (tuple[i] ? `${f}=${tuple[i]}` : ''))
        .filter(Boolean)
        .join(' '),
    };
  });
}

export default defineDelta({
  id: 'delta-argocd-project-widened',
  title: 'Argo CD project widened',
  severity: 'medium',
  category: 'argocd',
  description:
    "The change widens what an existing Argo CD AppProject allows: new source repositories or source namespaces, new destinations (clusters or namespaces), new cluster- or namespace-scoped resource kinds in a whitelist, or entries removed from a blacklist. New wildcard entries are reported as high. A project is the tenant boundary of Argo CD; widening it lets the project's applications deploy from or to places they could not before.",
  remediation:
    'Check that the project needs the new repositories, destinations or resource kinds; keep each entry as narrow as possible (no wildcards).',
  references: { links: ['https://argo-cd.readthedocs.io/en/stable/user-guide/projects/'] },
  match: (r) => isKind(r, 'argoproj.io', ['AppProject']),
  compare(base, head, context) {
    if (!base || !head) return;
    for (const spec of ALLOW_LISTS) widenedAllow(base, head, spec, context);
    for (const spec of DENY_LISTS) narrowedDeny(base, head, spec, context);
  },
});

function widenedAllow(base: Resource, head: Resource, spec: ListSpec, context: DeltaContext): void {
  const before = entries(base, spec).map((e) => e.tuple);
  // An absent whitelist of cluster resources means none are allowed; an absent list elsewhere means nothing allowed either.
  for (const entry of entries(head, spec)) {
    if (tupleCovered(before, entry.tuple)) continue;
    const wildcard = entry.tuple.some((t) => t === '*' || t.includes('*'));
    context.report({
      path: [...spec.path, entry.index],
      message: `AppProject ${head.name} now allows ${spec.label} ${quoteList([entry.text || '(empty)'])}${wildcard ? ' (a wildcard)' : ''}, which it did not on base.`,
      key: `${spec.path.join('.')}:${entry.tuple.join('|')}`,
      ...(wildcard ? { severity: 'high' as const } : {}),
    });
  }
}

function narrowedDeny(base: Resource, head: Resource, spec: ListSpec, context: DeltaContext): void {
  const after = entries(head, spec).map((e) => e.tuple.join('|'));
  for (const entry of entries(base, spec)) {
    if (after.includes(entry.tuple.join('|'))) continue;
    context.report({
      path: spec.path, // locate() falls back to the nearest existing parent when the list is gone
      message: `AppProject ${head.name} no longer denies ${spec.label} ${quoteList([entry.text])}.`,
      key: `${spec.path.join('.')}:${entry.tuple.join('|')}`,
    });
  }
}
