import { getIn, isObject, type PathSegment, type Resource } from '../../../manifests/index.js';
import { ARGO_GROUP, configMapData, csvFields, csvLines, str } from './argocd.js';

interface PolicyText {
  text: string;
  path: PathSegment[];
}

export interface RbacConfig {
  defaultPolicy?: { value: string; path: PathSegment[] };
  policies: PolicyText[];
  /** `policy.matchMode: regex` */
  regex: boolean;
}

/** The RBAC settings of an argocd-rbac-cm ConfigMap or of an Argo CD Operator `ArgoCD` resource. */
export function rbacConfigOf(resource: Resource): RbacConfig | undefined {
  const data = configMapData(resource, 'argocd-rbac-cm');
  if (data) {
    const policies: PolicyText[] = [];
    for (const [key, value] of Object.entries(data)) {
      if ((key === 'policy.csv' || /^policy\..+\.csv$/.test(key)) && typeof value === 'string')
        policies.push({ text: value, path: ['data', key] });
    }
    const def = str(data['policy.default']);
    return {
      defaultPolicy: def !== undefined ? { value: def, path: ['data', 'policy.default'] } : undefined,
      policies,
      regex: str(data['policy.matchMode']) === 'regex',
    };
  }
  if (resource.group === ARGO_GROUP && resource.kind === 'ArgoCD') {
    const rbac = getIn(resource.object, ['spec', 'rbac']);
    if (!isObject(rbac)) return undefined;
    const def = str(rbac.defaultPolicy);
    const policy = rbac.policy;
    return {
      defaultPolicy: def !== undefined ? { value: def, path: ['spec', 'rbac', 'defaultPolicy'] } : undefined,
      policies: typeof policy === 'string' ? [{ text: policy, path: ['spec', 'rbac', 'policy'] }] : [],
      regex: str(rbac.policyMatcherMode) === 'regex',
    };
  }
  return undefined;
}

export const isWildcard = (v: string | undefined): boolean =>
  v !== undefined && (/^\*+$/.test(v) || v === '.*' || v === '*/*' || v === '.*/.*');

export interface PolicyLine {
  fields: string[];
  line: string;
  index: number;
  policy: PolicyText;
}

export function policyLines(config: RbacConfig): PolicyLine[] {
  const out: PolicyLine[] = [];
  for (const policy of config.policies) {
    for (const { line, index } of csvLines(policy.text))
      out.push({ fields: csvFields(line), line, index, policy });
  }
  return out;
}

/**
 * Roles equivalent to `role:admin`: the built-in one, roles allowed every action on every
 * resource (`p, role:x, *, *, *, allow`), and roles that inherit one of those (`g, role:y, role:x`).
 */
export function adminRoles(lines: PolicyLine[]): Set<string> {
  const admin = new Set<string>(['role:admin']);
  for (const l of lines) {
    const [type, subject, res, action, object, effect] = l.fields;
    if (
      type === 'p' &&
      subject &&
      isWildcard(res) &&
      isWildcard(action) &&
      isWildcard(object) &&
      (effect ?? 'allow').toLowerCase() === 'allow'
    )
      admin.add(subject);
  }
  let grew = true;
  for (let round = 0; grew && round < 20; round++) {
    grew = false;
    for (const l of lines) {
      const [type, subject, inherited] = l.fields;
      if (
        type === 'g' &&
        subject &&
        inherited &&
        admin.has(inherited) &&
        subject.startsWith('role:') &&
        !admin.has(subject)
      ) {
        admin.add(subject);
        grew = true;
      }
    }
  }
  return admin;
}
