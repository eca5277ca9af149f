import { isObject, type JsonObject, type Resource } from '../../manifests/index.js';
import { isKind, objectsAt, quoteList, stringsAt } from './_lib.js';
import { defineDelta, type DeltaContext } from './types.js';

const RBAC = 'rbac.authorization.k8s.io';
const SENSITIVE = new Set([
  '*',
  'secrets',
  'escalate',
  'bind',
  'impersonate',
  'nodes/proxy',
  'pods/exec',
  'pods/attach',
  'serviceaccounts/token',
  'clusterroles',
  'clusterrolebindings',
  'roles',
  'rolebindings',
]);

/** One grant: a verb on a resource (or URL) of an API group, optionally limited to one name. */
interface Grant {
  group: string;
  resource: string;
  verb: string;
  name: string;
  url: boolean;
}

function grantsOf(rule: JsonObject): Grant[] {
  const verbs = stringsAt(rule.verbs);
  const out: Grant[] = [];
  for (const url of stringsAt(rule.nonResourceURLs))
    for (const verb of verbs) out.push({ group: '', resource: url, verb, name: '', url: true });
  const groups = stringsAt(rule.apiGroups);
  const resources = stringsAt(rule.resources);
  const names = stringsAt(rule.resourceNames);
  for (const group of groups)
    for (const resource of resources)
      for (const verb of verbs)
        for (const name of names.length ? names : ['']) out.push({ group, resource, verb, name, url: false });
  return out;
}

function covers(have: Grant, want: Grant): boolean {
  if (have.url !== want.url) return false;
  if (have.verb !== '*' && have.verb !== want.verb) return false;
  if (have.url)
    return (
      have.resource === want.resource ||
      (have.resource.endsWith('*') && want.resource.startsWith(have.resource.slice(0, -1)))
    );
  if (have.group !== '*' && have.group !== want.group) return false;
  if (
    have.resource !== '*' &&
    have.resource !== want.resource &&
    !(have.resource.endsWith('/*') && want.resource.startsWith(have.resource.slice(0, -1))) &&
    !(have.resource.startsWith('*/') && want.resource.endsWith(have.resource.slice(1)))
  )
    return false;
  return have.name === '' || have.name === want.name;
}

function describe(g: Grant): string {
  if (g.url) return `${g.verb} ${g.resource}`;
  const res = g.group ? `${g.group}/${g.resource}` : g.resource;
  return `${g.verb} ${res}${g.name ? ` (name ${g.name})` : ''}`;
}

export default defineDelta({
  id: 'delta-rbac-rules-widened',
  title: 'RBAC role grants widened',
  severity: 'medium',
  category: 'rbac',
  description:
    'The change gives an existing Role or ClusterRole new permissions: new verbs, resources, API groups, resource names or wildcards, or a new aggregation selector. Each version may pass every rule, yet every subject bound to the role silently gains the new rights. Wildcards and sensitive grants (secrets, escalate, bind, impersonate, exec) are reported as high.',
  remediation:
    'Check that every subject bound to the role needs the new permissions; prefer a new, narrower role bound only where it is needed.',
  references: { links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'] },
  match: (r) => isKind(r, RBAC, ['Role', 'ClusterRole']),
  compare(base, head, context) {
    if (!base || !head) return;
    const baseGrants = objectsAt(base.object, ['rules']).flatMap(({ item }) => grantsOf(item));
    for (const { item, index } of objectsAt(head.object, ['rules'])) {
      const fresh = grantsOf(item).filter((g) => !baseGrants.some((have) => covers(have, g)));
      if (fresh.length === 0) continue;
      const described = [...new Set(fresh.map(describe))];
      const risky = fresh.some(
        (g) => SENSITIVE.has(g.verb) || SENSITIVE.has(g.resource) || g.group === '*' || g.name === '*',
      );
      context.report({
        path: ['rules', index],
        message: `${head.kind} ${head.name} now grants ${quoteList(described)}, which it did not on base.`,
        key: described.sort().join(','),
        ...(risky ? { severity: 'high' as const } : {}),
      });
    }
    aggregation(base, head, (input) => context.report(input));
  },
});

function aggregation(base: Resource, head: Resource, report: DeltaContext['report']): void {
  const selectors = (r: Resource) =>
    objectsAt(r.object, ['aggregationRule', 'clusterRoleSelectors']).map(({ item, index }) => ({
      key: JSON.stringify(item),
      index,
      item,
    }));
  const before = new Set(selectors(base).map((s) => s.key));
  for (const s of selectors(head)) {
    if (before.has(s.key)) continue;
    const labels = isObject(s.item.matchLabels)
      ? Object.entries(s.item.matchLabels).map(([k, v]) => `${k}=${String(v)}`)
      : [];
    report({
      path: ['aggregationRule', 'clusterRoleSelectors', s.index],
      message: `ClusterRole ${head.name} now aggregates every ClusterRole matching ${labels.length ? quoteList(labels) : 'a new selector'}.`,
      key: s.key,
    });
  }
}
