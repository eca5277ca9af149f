import type { Rule } from '../engine/index.js';
import {
  getIn,
  isObject,
  splitApiVersion,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../manifests/index.js';
import { severityRank, type Finding, type Severity } from '../model/index.js';
import { compileCel, toCel, withEvaluationBounds, type CelProgram } from './cel.js';
import { NAMESPACE_OF_RESOURCE, type PolicyContext } from './context.js';
import {
  locateIn,
  POLICY_ERROR_SEVERITY,
  POLICY_RULES,
  policyFinding,
  type PolicyLocation,
} from './findings.js';
import { evaluateValidation, evaluateVariables, runCel, type CelValidation } from './validation.js';
import {
  isEmptySelector,
  matchesLabelSelector,
  namespaceLabels,
  parseFieldPath,
  resourceLabels,
  resourceNameOf,
} from './match.js';

const GROUP = 'admissionregistration.k8s.io';

export function isVap(r: Resource): boolean {
  return r.group === GROUP && r.kind === 'ValidatingAdmissionPolicy';
}

function isVapBinding(r: Resource): boolean {
  return r.group === GROUP && r.kind === 'ValidatingAdmissionPolicyBinding';
}

const ACTION_SEVERITY: Record<string, Severity> = { Deny: 'high', Warn: 'medium', Audit: 'info' };

/** Kinds that are cluster-scoped (the rest is treated as namespaced). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'APIService',
  'ClusterPolicy',
  'ClusterIssuer',
  'GatewayClass',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'ClusterRoleBindingList',
]);

interface Compiled {
  program: CelProgram;
  at: PolicyLocation;
  text: string;
}

interface CompiledValidation extends CelValidation {
  fieldPath: PathSegment[];
}

interface Binding {
  resource: Resource;
  severity: Severity;
  actions: string[];
  paramRef?: JsonObject;
  matchResources?: JsonObject;
}

/**
 * Compiles the repository's ValidatingAdmissionPolicies (with their bindings) into rules that
 * evaluate each resource as the API server would. Everything that cannot be evaluated offline
 * is a `policy-not-evaluated` finding on the policy.
 */
export function compileVaps(
  resources: readonly Resource[],
  context: PolicyContext,
): { rules: Rule<unknown>[]; findings: Finding[] } {
  const rules: Rule<unknown>[] = [];
  const findings: Finding[] = [];
  const policies = resources.filter((r) => isVap(r) && !r.isPatch);
  const bindings = resources.filter((r) => isVapBinding(r) && !r.isPatch);
  const policyNames = new Set(policies.map((p) => p.name));
  for (const b of bindings) {
    const name = getIn(b.object, ['spec', 'policyName']);
    if (typeof name === 'string' && !policyNames.has(name)) {
      findings.push(
        policyFinding(
          POLICY_RULES.notEvaluated,
          'info',
          `ValidatingAdmissionPolicyBinding ${b.name}: not evaluated, because its policy "${name}" is not in the repository.`,
          locateIn(b, ['spec', 'policyName']),
        ),
      );
    }
  }
  for (const policy of policies) {
    const compiled = compileVap(
      policy,
      bindings.filter((b) => getIn(b.object, ['spec', 'policyName']) === policy.name),
      context,
      findings,
    );
    if (compiled) rules.push(compiled);
  }
  return { rules, findings };
}

function compileVap(
  policy: Resource,
  bindingResources: Resource[],
  context: PolicyContext,
  findings: Finding[],
): Rule<unknown> | undefined {
  const id = `vap/${policy.name}`;
  const label = `ValidatingAdmissionPolicy ${policy.name}`;
  const notEvaluated = (because: string, path: PathSegment[]) =>
    findings.push(
      policyFinding(
        POLICY_RULES.notEvaluated,
        'info',
        `${label}: not evaluated, because ${because}.`,
        locateIn(policy, path),
      ),
    );
  const error = (message: string, path: PathSegment[]) =>
    findings.push(
      policyFinding(
        POLICY_RULES.error,
        POLICY_ERROR_SEVERITY,
        `${label}: ${message}`,
        locateIn(policy, path),
      ),
    );
  const spec = isObject(policy.object.spec) ? policy.object.spec : {};
  if (bindingResources.length === 0) {
    notEvaluated(
      'no ValidatingAdmissionPolicyBinding in the repository binds it (a policy without a binding has no effect)',
      ['metadata', 'name'],
    );
    return undefined;
  }
  const usesUnavailable = (text: string) =>
    /\bauthorizer\b/.test(text)
      ? 'it uses the authorizer, which needs the cluster'
      : /\brequest\.userInfo\b/.test(text)
        ? 'it uses request.userInfo, which only the API server knows'
        : undefined;
  let broken = false;
  const compile = (text: unknown, path: PathSegment[]): CelProgram | undefined => {
    const source = String(text ?? '');
    const unavailable = usesUnavailable(source);
    if (unavailable) {
      notEvaluated(unavailable, path);
      broken = true;
      return undefined;
    }
    const c = compileCel(source);
    if ('error' in c) {
      error(
        `${path.slice(1).join('.')} does not compile: ${c.error.message}. The policy was not evaluated.`,
        path,
      );
      broken = true;
      return undefined;
    }
    return c.program;
  };
  const list = (key: string) => (Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []);
  const matchConditions: (Compiled & { name: string })[] = [];
  list('matchConditions').forEach((c, i) => {
    const path = ['spec', 'matchConditions', i, 'expression'];
    const program = isObject(c) ? compile(c.expression, path) : undefined;
    if (program && isObject(c))
      matchConditions.push({
        program,
        at: locateIn(policy, path),
        text: String(c.expression),
        name: String(c.name ?? i),
      });
  });
  const variables: (Compiled & { name: string })[] = [];
  list('variables').forEach((v, i) => {
    const path = ['spec', 'variables', i, 'expression'];
    const program = isObject(v) ? compile(v.expression, path) : undefined;
    if (program && isObject(v))
      variables.push({
        program,
        at: locateIn(policy, path),
        text: String(v.expression),
        name: String(v.name ?? i),
      });
  });
  const validations: CompiledValidation[] = [];
  list('validations').forEach((v, i) => {
    if (!isObject(v)) return;
    const path = ['spec', 'validations', i, 'expression'];
    const program = compile(v.expression, path);
    const messageProgram =
      v.messageExpression !== undefined
        ? compile(v.messageExpression, ['spec', 'validations', i, 'messageExpression'])
        : undefined;
    const fieldPath = typeof v.fieldPath === 'string' ? (parseFieldPath(v.fieldPath) ?? []) : [];
    if (program)
      validations.push({
        program,
        messageProgram,
        at: locateIn(policy, path),
        text: String(v.expression),
        message: typeof v.message === 'string' ? v.message : undefined,
        reason: typeof v.reason === 'string' ? v.reason : undefined,
        fieldPath,
      });
  });
  if (broken) return undefined;
  if (validations.length === 0) {
    notEvaluated('it has no validations (auditAnnotations alone produce no findings)', ['spec']);
    return undefined;
  }
  const paramKind = isObject(spec.paramKind) ? spec.paramKind : undefined;
  const bindings: Binding[] = [];
  for (const b of bindingResources) {
    const bspec = isObject(b.object.spec) ? b.object.spec : {};
    const actions = Array.isArray(bspec.validationActions) ? bspec.validationActions.map(String) : [];
    const known = actions.filter((a) => ACTION_SEVERITY[a]);
    if (known.length === 0) {
      findings.push(
        policyFinding(
          POLICY_RULES.error,
          POLICY_ERROR_SEVERITY,
          `ValidatingAdmissionPolicyBinding ${b.name}: validationActions must hold Deny, Warn or Audit; the binding was not evaluated.`,
          locateIn(b, ['spec', 'validationActions']),
        ),
      );
      continue;
    }
    const severity = known
      .map((a) => ACTION_SEVERITY[a]!)
      .sort((x, y) => severityRank(y) - severityRank(x))[0]!;
    const paramRef = isObject(bspec.paramRef) ? bspec.paramRef : undefined;
    if (paramKind && !paramRef) {
      findings.push(
        policyFinding(
          POLICY_RULES.notEvaluated,
          'info',
          `ValidatingAdmissionPolicyBinding ${b.name}: not evaluated, because the policy ${policy.name} has a paramKind and the binding no paramRef.`,
          locateIn(b, ['spec']),
        ),
      );
      continue;
    }
    bindings.push({
      resource: b,
      severity,
      actions: known,
      paramRef: paramKind ? paramRef : undefined,
      matchResources: isObject(bspec.matchResources) ? bspec.matchResources : undefined,
    });
  }
  if (bindings.length === 0) return undefined;
  const worst = bindings.map((b) => b.severity).sort((x, y) => severityRank(y) - severityRank(x))[0]!;
  const constraints = isObject(spec.matchConstraints) ? spec.matchConstraints : {};
  const failurePolicyIgnore = spec.failurePolicy === 'Ignore';
  const policyAt = locateIn(policy, ['metadata', 'name']);

  return {
    id,
    title: `ValidatingAdmissionPolicy ${policy.name}`,
    severity: worst,
    category: 'policy',
    description: `The repository's ValidatingAdmissionPolicy ${policy.name} (${policy.file}), evaluated on the pull request as the API server would evaluate it.`,
    remediation: "Change the resource so that it passes the policy's validations.",
    references: { links: [policy.file] },
    dependsOn: [NAMESPACE_OF_RESOURCE],
    // A streaming scan keeps the params' kind as context too (dependsOn does not name it).
    lookups: paramKind ? [String(paramKind.kind ?? '')] : undefined,
    match: (resource) => !resource.isPatch,
    check: (resource, ctx) =>
      withEvaluationBounds(() => {
        const oldObject = context.oldObjectOf(resource);
        const operation = oldObject ? 'UPDATE' : 'CREATE';
        const namespaces = context.namespaces(ctx.resources);
        const nsMatch = (selector: unknown, key: string): boolean | undefined =>
          matchNamespace(selector, resource, namespaces, (because) =>
            context.runtime.notEvaluated(`${id}:${key}`, label, policyAt, resource, because),
          );
        const constraintMatch = matchResourcesBlock(
          constraints,
          resource,
          operation,
          nsMatch,
          'constraints',
          true,
        );
        if (constraintMatch !== true) return;
        const results = new Map<number, { severity: Severity; message: string; path: PathSegment[] }>();
        const namespace = resource.namespace ? namespaces.get(resource.namespace) : undefined;
        const base: Record<string, unknown> = {
          object: toCel(resource.object),
          oldObject: toCel(oldObject),
          request: toCel(requestOf(resource, operation)),
          namespaceObject: namespace ? toCel(namespace.object) : null,
          authorizer: null,
        };
        for (const binding of bindings) {
          if (
            binding.matchResources &&
            matchResourcesBlock(
              binding.matchResources,
              resource,
              operation,
              nsMatch,
              `binding:${binding.resource.name}`,
              false,
            ) !== true
          )
            continue;
          let paramSets: unknown[] = [null];
          if (binding.paramRef && paramKind) {
            const found = findParams(paramKind, binding.paramRef, resource, (group, kind) =>
              context.paramCandidates(ctx.resources, group, kind),
            );
            if (found.length === 0) {
              const action = binding.paramRef.parameterNotFoundAction;
              context.runtime.notEvaluated(
                `${id}:params:${binding.resource.name}`,
                label,
                locateIn(binding.resource, ['spec', 'paramRef']),
                resource,
                `its params (${String(paramKind.kind)} ${describeRef(binding.paramRef)}) are not in the repository${action === 'Deny' ? ' (parameterNotFoundAction Deny: the API server denies the request when they are missing in the cluster too)' : ''}`,
              );
              continue;
            }
            paramSets = found.map((p) => toCel(p.object));
          }
          for (const params of paramSets) {
            const vars: Record<string, unknown> = { ...base, params, variables: {} };
            // An error is the API server's failurePolicy: Fail rejects the request; Ignore admits it, unjudged.
            const failed = (key: string, at: PolicyLocation, error: string) => {
              if (failurePolicyIgnore)
                context.runtime.notEvaluated(
                  `${id}:${key}`,
                  label,
                  at,
                  resource,
                  `an expression failed (${error}) and the policy's failurePolicy is Ignore`,
                );
              else context.runtime.record(`${id}:${key}`, label, at, resource, error);
            };
            const conditionsHold = matchConditions.every((c) => {
              const r = runCel(c.program, vars);
              if ('value' in r && typeof r.value === 'boolean') return r.value;
              failed(
                `mc:${c.name}`,
                c.at,
                'error' in r ? r.error : 'the match condition did not return a bool',
              );
              return false;
            });
            if (!conditionsHold) continue;
            const variableError = evaluateVariables(variables, vars);
            if (variableError) {
              failed(`var:${variableError.failed.name}`, variableError.failed.at, variableError.error);
              continue;
            }
            validations.forEach((v, i) => {
              const outcome = evaluateValidation(v, vars);
              if (outcome.status === 'error') failed(`v:${i}`, v.at, outcome.error);
              if (outcome.status !== 'fail') return;
              const previous = results.get(i);
              if (!previous || severityRank(binding.severity) > severityRank(previous.severity)) {
                results.set(i, { severity: binding.severity, message: outcome.message, path: v.fieldPath });
              }
            });
          }
        }
        for (const [i, r] of results)
          ctx.report({ path: r.path, message: r.message, severity: r.severity, key: String(i) });
      }),
  };
}

function describeRef(ref: JsonObject): string {
  if (typeof ref.name === 'string')
    return `${typeof ref.namespace === 'string' ? `${ref.namespace}/` : ''}${ref.name}`;
  return 'selected by label';
}

function requestOf(resource: Resource, operation: string): JsonObject {
  return {
    operation,
    kind: { group: resource.group, version: resource.version, kind: resource.kind },
    resource: { group: resource.group, version: resource.version, resource: resourceNameOf(resource.kind) },
    name: resource.name,
    namespace: resource.namespace ?? '',
    dryRun: false,
  };
}

function findParams(
  paramKind: JsonObject,
  ref: JsonObject,
  resource: Resource,
  candidatesOf: (group: string, kind: string) => Resource[],
): Resource[] {
  const { group } = splitApiVersion(String(paramKind.apiVersion ?? ''));
  const kind = String(paramKind.kind ?? '');
  const seen = new Set<string>();
  return candidatesOf(group, kind).filter((p) => {
    if (p.kind !== kind || p.group !== group || p.isPatch) return false;
    if (typeof ref.namespace === 'string') {
      if (p.namespace !== ref.namespace) return false;
    } else if (
      p.namespace !== undefined &&
      resource.namespace !== undefined &&
      p.namespace !== resource.namespace
    )
      return false;
    if (typeof ref.name === 'string' && p.name !== ref.name) return false;
    if (ref.name === undefined) {
      try {
        if (!matchesLabelSelector(resourceLabels(p), ref.selector ?? {})) return false;
      } catch {
        return false;
      }
    }
    const key = `${p.namespace}/${p.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * namespaceSelector: true/false when decidable from the repository's Namespace manifests,
 * undefined (and a not-evaluated note) when the namespace's labels are not in the repository.
 */
function matchNamespace(
  selector: unknown,
  resource: Resource,
  namespaces: Map<string, Resource>,
  note: (because: string) => void,
): boolean | undefined {
  if (isEmptySelector(selector)) return true;
  let labels: Record<string, string> | undefined;
  if (resource.kind === 'Namespace' && resource.group === '') labels = namespaceLabels(resource);
  else if (!resource.namespace && CLUSTER_SCOPED.has(resource.kind))
    return true; // cluster-scoped objects always match
  else if (!resource.namespace) {
    note('the resource has no namespace in its manifest, so its namespace labels are unknown');
    return undefined;
  } else {
    const ns = namespaces.get(resource.namespace);
    if (!ns) {
      note(
        `the labels of namespace "${resource.namespace}" are not in the repository (no Namespace manifest), and the policy has a namespaceSelector`,
      );
      return undefined;
    }
    labels = namespaceLabels(ns);
  }
  try {
    return matchesLabelSelector(labels, selector);
  } catch {
    return false;
  }
}

/** matchConstraints / matchResources. `requireRules`: a policy's constraints must list resourceRules to match anything. */
function matchResourcesBlock(
  block: JsonObject,
  resource: Resource,
  operation: string,
  nsMatch: (selector: unknown, key: string) => boolean | undefined,
  key: string,
  requireRules: boolean,
): boolean | undefined {
  const rules = Array.isArray(block.resourceRules) ? block.resourceRules : undefined;
  if (rules ? !rules.some((r) => ruleMatches(r, resource, operation)) : requireRules) return false;
  if (
    Array.isArray(block.excludeResourceRules) &&
    block.excludeResourceRules.some((r) => ruleMatches(r, resource, operation))
  )
    return false;
  try {
    if (!matchesLabelSelector(resourceLabels(resource), block.objectSelector ?? {})) return false;
  } catch {
    return false;
  }
  return nsMatch(block.namespaceSelector, key);
}

function ruleMatches(rule: unknown, resource: Resource, operation: string): boolean {
  if (!isObject(rule)) return false;
  const has = (list: unknown, value: string) =>
    Array.isArray(list) && list.some((v) => v === '*' || v === value);
  if (!has(rule.apiGroups, resource.group)) return false;
  if (!has(rule.apiVersions, resource.version)) return false;
  if (!has(rule.operations, operation)) return false;
  const name = resourceNameOf(resource.kind);
  if (!(Array.isArray(rule.resources) && rule.resources.some((r) => r === '*' || r === name || r === '*/*')))
    return false;
  if (
    Array.isArray(rule.resourceNames) &&
    rule.resourceNames.length &&
    !rule.resourceNames.includes(resource.name)
  )
    return false;
  const scope = rule.scope ?? '*';
  const clusterScoped = CLUSTER_SCOPED.has(resource.kind);
  if (scope === 'Cluster' && !clusterScoped) return false;
  if (scope === 'Namespaced' && clusterScoped) return false;
  return true;
}
