import { isObject, labelsOf, type PathSegment, type Resource } from '../manifests/index.js';

/**
 * `*` (any run of characters) and `?` (one character), as Kyverno and our match blocks use
 * them. Greedy matching that backtracks only to the last `*`: O(pattern × value) at worst,
 * linear for a fixed pattern, where a regular expression of several `*` backtracks
 * polynomially on a long hostile value.
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] === value[v] && pattern[p] !== '*'))) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Kubernetes label selector semantics. An empty selector matches everything; a malformed
 * one (unknown operator) throws, so the caller can report it.
 */
export function matchesLabelSelector(labels: Record<string, string>, selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) throw new Error('a label selector must be an object');
  const matchLabels = selector.matchLabels;
  if (isObject(matchLabels)) {
    for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== String(v)) return false;
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const e of expressions) {
      if (!isObject(e) || typeof e.key !== 'string') throw new Error('matchExpressions entries need a key');
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[e.key]!)) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[e.key]!)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          throw new Error(`unknown label selector operator ${JSON.stringify(e.operator)}`);
      }
    }
  }
  return true;
}

export function isEmptySelector(selector: unknown): boolean {
  if (!isObject(selector)) return true;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  return (
    (!isObject(labels) || Object.keys(labels).length === 0) &&
    (!Array.isArray(expressions) || expressions.length === 0)
  );
}

/** Resource names (lowercase plurals) of built-in kinds whose plural is not the naive one. */
const RESOURCE_NAMES: Record<string, string> = {
  Endpoints: 'endpoints',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  PriorityClass: 'priorityclasses',
  StorageClass: 'storageclasses',
  RuntimeClass: 'runtimeclasses',
  PodDisruptionBudget: 'poddisruptionbudgets',
  ResourceQuota: 'resourcequotas',
  ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
  MutatingAdmissionPolicy: 'mutatingadmissionpolicies',
  ClusterPolicy: 'clusterpolicies',
  Policy: 'policies',
  PolicyException: 'policyexceptions',
  IPAddress: 'ipaddresses',
  ServiceCIDR: 'servicecidrs',
  EndpointSlice: 'endpointslices',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  ServiceAccount: 'serviceaccounts',
  Gateway: 'gateways',
  GatewayClass: 'gatewayclasses',
  Kustomization: 'kustomizations',
  ComponentStatus: 'componentstatuses',
};

/** The resource name an admission rule uses for a kind: a table of built-ins, else a naive English plural. */
export function resourceNameOf(kind: string): string {
  const known = RESOURCE_NAMES[kind];
  if (known) return known;
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** Namespace manifests of the repository by name, for namespaceSelector. */
export function namespaceIndex(...sets: readonly (readonly Resource[])[]): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const resources of sets) {
    for (const r of resources)
      if (r.kind === 'Namespace' && r.group === '' && !out.has(r.name)) out.set(r.name, r);
  }
  return out;
}

export function namespaceLabels(namespace: Resource): Record<string, string> {
  return { ...labelsOf(namespace.object), 'kubernetes.io/metadata.name': namespace.name };
}

/** The namespace of a resource, '' when it has none (cluster-scoped or not set). */
export function namespaceOfResource(resource: Resource): string {
  return resource.namespace ?? '';
}

/** A resource's own labels. */
export function resourceLabels(resource: Resource): Record<string, string> {
  return labelsOf(resource.object);
}

/**
 * Parses a field path a policy gives for its findings (`spec.replicas`,
 * `spec.containers[0].image`, `metadata.labels['team']`, with an optional leading `.` or `$.`)
 * into path segments; undefined when malformed.
 */
export function parseFieldPath(text: string): PathSegment[] | undefined {
  let rest = text.trim().replace(/^\$/, '');
  const out: PathSegment[] = [];
  while (rest.length) {
    let m: RegExpExecArray | null;
    if ((m = /^\.?([A-Za-z_$][\w$-]*)/.exec(rest))) out.push(m[1]!);
    else if ((m = /^\[(\d+)\]/.exec(rest))) out.push(Number(m[1]));
    else if ((m = /^\[\s*'([^']*)'\s*\]/.exec(rest)) || (m = /^\[\s*"([^"]*)"\s*\]/.exec(rest)))
      out.push(m[1]!);
    else if ((m = /^\/([^/]*)/.exec(rest)))
      out.push(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!.replace(/~1/g, '/').replace(/~0/g, '~'));
    else return undefined;
    rest = rest.slice(m[0].length);
  }
  return out;
}

export function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}
