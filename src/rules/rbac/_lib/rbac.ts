import type { ResourceDependency } from '../../../engine/index.js';
import { isObject, labelsOf, type PathSegment, type Resource } from '../../../manifests/index.js';
import type { Severity } from '../../../model/index.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One entry of `rules:` with its string lists (non-strings dropped) and its index. */
export interface PolicyRuleView {
  index: number;
  path: PathSegment[];
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string');
}

export function isRole(resource: Resource): boolean {
  return resource.group === RBAC_GROUP && (resource.kind === 'Role' || resource.kind === 'ClusterRole');
}

export function isBinding(resource: Resource): boolean {
  return (
    resource.group === RBAC_GROUP &&
    (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding')
  );
}

/**
 * The rules of a Role or ClusterRole. An aggregated ClusterRole (with `aggregationRule`)
 * has its rules filled in by the controller, so its own `rules` are not looked at.
 */
export function policyRules(resource: Resource): PolicyRuleView[] {
  if (!isRole(resource)) return [];
  if (resource.kind === 'ClusterRole' && isObject(resource.object.aggregationRule)) return [];
  const rules = resource.object.rules;
  if (!Array.isArray(rules)) return [];
  const out: PolicyRuleView[] = [];
  rules.forEach((rule, index) => {
    if (!isObject(rule)) return;
    out.push({
      index,
      path: ['rules', index],
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      verbs: strings(rule.verbs),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    });
  });
  return out;
}

/** Whether the rule's apiGroups cover `group` ('' is the core group). */
function groupMatches(rule: PolicyRuleView, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/**
 * Whether the rule's resources cover `resource` (`pods` or `pods/exec`), as the RBAC
 * authorizer matches them: `*`, the exact name, or `* /<subresource>`.
 */
function resourceMatches(rule: PolicyRuleView, resource: string): boolean {
  const slash = resource.indexOf('/');
  const sub = slash >= 0 ? resource.slice(slash + 1) : '';
  return rule.resources.some((r) => r === '*' || r === resource || (sub !== '' && r === `*/${sub}`));
}

function verbMatches(rule: PolicyRuleView, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export interface Grant {
  /** Group/resource pairs the rule covers, e.g. `apps/deployments`. */
  resources: string[];
  verbs: string[];
  /** Some match only came through a `*`. */
  viaWildcard: boolean;
  /** The rule is limited by resourceNames. */
  restricted: boolean;
}

/** What a rule grants out of the given (group, resource) targets and verbs; undefined when nothing. */
export function grantOf(
  rule: PolicyRuleView,
  targets: ReadonlyArray<readonly [string, string]>,
  verbs: readonly string[],
): Grant | undefined {
  const matchedVerbs = verbs.filter((v) => verbMatches(rule, v));
  if (matchedVerbs.length === 0) return undefined;
  const matched: string[] = [];
  let viaWildcard = !matchedVerbs.some((v) => rule.verbs.includes(v));
  for (const [group, resource] of targets) {
    if (!groupMatches(rule, group) || !resourceMatches(rule, resource)) continue;
    matched.push(group === '' ? resource : `${group}/${resource}`);
    if (!rule.resources.includes(resource) || !rule.apiGroups.includes(group)) viaWildcard = true;
  }
  if (matched.length === 0) return undefined;
  return {
    resources: [...new Set(matched)],
    verbs: matchedVerbs,
    viaWildcard,
    restricted: rule.resourceNames.length > 0,
  };
}

/** Built-in roles a ClusterRole is aggregated into through its labels. */
export function aggregatedInto(resource: Resource): string[] {
  if (resource.kind !== 'ClusterRole') return [];
  const labels = labelsOf(resource.object);
  const out: string[] = [];
  for (const role of ['admin', 'edit', 'view']) {
    if (labels[`rbac.authorization.k8s.io/aggregate-to-${role}`] === 'true') out.push(role);
  }
  return out;
}

/** One level lower, for grants limited by resourceNames. */
export function lower(severity: Severity): Severity {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return order[Math.min(order.indexOf(severity) + 1, order.length - 1)]!;
}

export interface SubjectView {
  index: number;
  kind: string;
  name: string;
  namespace?: string;
}

export function subjectsOf(resource: Resource): SubjectView[] {
  const subjects = resource.object.subjects;
  if (!Array.isArray(subjects)) return [];
  const out: SubjectView[] = [];
  subjects.forEach((s, index) => {
    if (!isObject(s)) return;
    out.push({
      index,
      kind: typeof s.kind === 'string' ? s.kind : '',
      name: typeof s.name === 'string' ? s.name : '',
      namespace: typeof s.namespace === 'string' ? s.namespace : undefined,
    });
  });
  return out;
}

export function roleRefOf(resource: Resource): { kind: string; name: string } | undefined {
  const ref = resource.object.roleRef;
  if (!isObject(ref)) return undefined;
  return {
    kind: typeof ref.kind === 'string' ? ref.kind : '',
    name: typeof ref.name === 'string' ? ref.name : '',
  };
}

const roleIndexes = new WeakMap<readonly Resource[], Map<string, Resource>>();

function roleKey(kind: string, namespace: string | undefined, name: string): string {
  return kind === 'ClusterRole' ? `ClusterRole//${name}` : `Role/${namespace ?? ''}/${name}`;
}

/**
 * The Role or ClusterRole of the scan a binding refers to (a RoleBinding's Role lives in the
 * binding's namespace). One index per scan, built on first use.
 */
export function boundRole(resources: readonly Resource[], binding: Resource): Resource | undefined {
  const ref = roleRefOf(binding);
  if (!ref || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) return undefined;
  if (ref.kind === 'Role' && binding.kind !== 'RoleBinding') return undefined;
  let index = roleIndexes.get(resources);
  if (!index) {
    index = new Map();
    for (const r of resources) {
      if (!isRole(r) || r.isPatch) continue;
      const key = roleKey(r.kind, r.namespace, r.name);
      if (!index.has(key)) index.set(key, r);
    }
    roleIndexes.set(resources, index);
  }
  return index.get(roleKey(ref.kind, binding.namespace, ref.name));
}

/** A binding reads the Role or ClusterRole its roleRef names (boundRole). */
export const BOUND_ROLE: ResourceDependency = {
  kinds: [`${RBAC_GROUP}/Role`, `${RBAC_GROUP}/ClusterRole`],
  relation: {
    name: 'roleRef',
    description: 'the Role or ClusterRole its `roleRef` names',
    links(binding, role) {
      const ref = roleRefOf(binding);
      if (!ref || ref.kind !== role.kind || ref.name !== role.name) return false;
      return (
        role.kind === 'ClusterRole' ||
        (binding.kind === 'RoleBinding' && role.namespace === binding.namespace)
      );
    },
    needles: (binding) => {
      const ref = roleRefOf(binding);
      return ref ? [ref.name] : [];
    },
    readerNeedles: (role) => [role.name],
  },
};
