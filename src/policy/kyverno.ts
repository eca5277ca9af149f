import type { Rule } from '../engine/index.js';
import { annotationsOf, isObject, podSpecOf, type JsonObject, type PathSegment, type Resource } from '../manifests/index.js';
import type { Finding, Severity } from '../model/index.js';
import { compileCel, toCel, withEvaluationBounds, type CelProgram } from './cel.js';
import type { PolicyContext } from './context.js';
import { locateIn, POLICY_ERROR_SEVERITY, POLICY_RULES, policyFinding, type PolicyLocation } from './findings.js';
import { compareOrdered, validatePattern, type PatternResult } from './kyverno-pattern.js';
import { evaluateValidation, evaluateVariables, type CelValidation } from './validation.js';
import { isEmptySelector, matchesLabelSelector, namespaceLabels, resourceLabels, wildcardMatch } from './match.js';

export function isKyvernoPolicy(r: Resource): boolean {
  return r.group === 'kyverno.io' && (r.kind === 'ClusterPolicy' || r.kind === 'Policy');
}

/** Kinds Kyverno auto-generates Pod rules for (pod-policies.kyverno.io/autogen-controllers). */
const POD_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];

class Unsupported extends Error {}

/** Variables in `{{ }}` that can be resolved from the object offline. */
const VARIABLE = /^request\.(object|oldObject)((?:\.(?:[A-Za-z_$][\w$-]*|"[^"]*")|\[\d+\])*)$|^request\.(operation|namespace|name)$|^request\.kind\.kind$/;

export function failureSeverity(action: unknown): Severity {
  return typeof action === 'string' && action.toLowerCase() === 'enforce' ? 'high' : 'medium';
}

interface Request {
  object: JsonObject;
  oldObject: JsonObject | null;
  operation: string;
  namespace: string;
  name: string;
  kind: string;
}

/** Resolves one `{{ }}` expression; throws Unsupported for anything but plain request paths. */
function resolveVariable(expression: string, request: Request): unknown {
  const text = expression.trim();
  const m = VARIABLE.exec(text);
  if (!m) throw new Unsupported(`the variable {{ ${text} }} needs JMESPath or the cluster`);
  if (m[3]) return request[m[3] as 'operation' | 'namespace' | 'name'];
  if (!m[1]) return request.kind;
  let current: unknown = m[1] === 'object' ? request.object : request.oldObject;
  const steps = m[2]!.match(/\.[A-Za-z_$][\w$-]*|\."[^"]*"|\[\d+\]/g) ?? [];
  for (const step of steps) {
    if (current === null || current === undefined) return null;
    if (step.startsWith('[')) current = Array.isArray(current) ? current[Number(step.slice(1, -1))] : undefined;
    else {
      const key = step.startsWith('."') ? step.slice(2, -1) : step.slice(1);
      current = isObject(current) ? current[key] : undefined;
    }
  }
  return current === undefined ? null : current;
}

/** Replaces `{{ }}` in strings (a string that is one variable takes the variable's value and type). */
export function substitute(value: unknown, request: Request): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const whole = /^\s*\{\{([^{}]*)\}\}\s*$/.exec(value);
    if (whole) return resolveVariable(whole[1]!, request);
    return value.replace(/\{\{([^{}]*)\}\}/g, (_, e: string) => {
      const v = resolveVariable(e, request);
      return v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, request));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, request);
    return out;
  }
  return value;
}

/** Every `{{ }}` expression of a rule part, to reject the unsupported ones when compiling. */
function variablesIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(/\{\{([^{}]*)\}\}/g)) out.push(m[1]!.trim());
  else if (Array.isArray(value)) value.forEach((v) => variablesIn(v, out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      variablesIn(k, out);
      variablesIn(v, out);
    }
  }
  return out;
}

// ---- conditions (deny.conditions, preconditions) ----

const OPERATORS = new Set(['Equals', 'Equal', 'NotEquals', 'NotEqual', 'In', 'AnyIn', 'AllIn', 'NotIn', 'AnyNotIn', 'AllNotIn', 'GreaterThan', 'GreaterThanOrEquals', 'LessThan', 'LessThanOrEquals', 'DurationGreaterThan', 'DurationGreaterThanOrEquals', 'DurationLessThan', 'DurationLessThanOrEquals']);

function scalarEquals(pattern: unknown, value: unknown): boolean {
  if (typeof pattern === 'string' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) return wildcardMatch(pattern, String(value));
  if ((typeof pattern === 'number' || typeof pattern === 'boolean') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) return String(pattern) === String(value);
  return JSON.stringify(pattern) === JSON.stringify(value);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // a plain string
    }
  }
  return value === null || value === undefined ? [] : [value];
}

export function evaluateCondition(key: unknown, operator: string, value: unknown): boolean {
  const inValues = (k: unknown) => asList(value).some((v) => scalarEquals(v, k));
  const keys = asList(key);
  switch (operator) {
    case 'Equals':
    case 'Equal':
      return Array.isArray(key) || isObject(key) ? JSON.stringify(key) === JSON.stringify(value) : scalarEquals(value, key);
    case 'NotEquals':
    case 'NotEqual':
      return !evaluateCondition(key, 'Equals', value);
    case 'In':
    case 'AllIn':
      return Array.isArray(key) ? keys.length > 0 && keys.every(inValues) : inValues(key);
    case 'AnyIn':
      return keys.some(inValues);
    case 'NotIn':
      return !evaluateCondition(key, 'In', value);
    case 'AnyNotIn':
      return keys.some((k) => !inValues(k));
    case 'AllNotIn':
      return keys.every((k) => !inValues(k));
    default: {
      if (key === null || key === undefined || value === null || value === undefined) return false;
      const c = compareOrdered(String(key), String(value));
      if (c === undefined) return false;
      const op = operator.replace(/^Duration/, '');
      return op === 'GreaterThan' ? c > 0 : op === 'GreaterThanOrEquals' ? c >= 0 : op === 'LessThan' ? c < 0 : c <= 0;
    }
  }
}

/** `{any: [...], all: [...]}` or a plain list (all). Throws Unsupported for unknown operators. */
export function evaluateConditions(conditions: unknown, request: Request): boolean {
  const check = (list: unknown) =>
    (Array.isArray(list) ? list : []).map((c) => {
      if (!isObject(c)) throw new Unsupported('a condition is not a map');
      const operator = String(c.operator ?? '');
      if (!OPERATORS.has(operator)) throw new Unsupported(`the condition operator ${JSON.stringify(operator)} is not supported`);
      return evaluateCondition(substitute(c.key, request), operator, substitute(c.value, request));
    });
  if (Array.isArray(conditions)) return check(conditions).every(Boolean);
  if (!isObject(conditions)) return true;
  const any = Array.isArray(conditions.any) && conditions.any.length ? check(conditions.any).some(Boolean) : true;
  const all = Array.isArray(conditions.all) && conditions.all.length ? check(conditions.all).every(Boolean) : true;
  return any && all;
}

// ---- match / exclude ----

function kindMatches(selector: string, resource: { group: string; version: string; kind: string }): boolean {
  const parts = selector.split('/');
  if (parts.length === 1) return wildcardMatch(parts[0]!, resource.kind);
  if (parts.length === 2) {
    // Kind/subresource (Pod/exec) never matches a manifest; else version/Kind.
    if (/^[A-Z*]/.test(parts[0]!) && /^[a-z]/.test(parts[1]!)) return false;
    return wildcardMatch(parts[0]!, resource.version) && wildcardMatch(parts[1]!, resource.kind);
  }
  if (parts.length === 3) return wildcardMatch(parts[0]!, resource.group) && wildcardMatch(parts[1]!, resource.version) && wildcardMatch(parts[2]!, resource.kind);
  return false;
}

type Decision = boolean | { unknown: string };

interface MatchTarget {
  resource: Resource;
  /** The kind the rule sees (Pod for auto-generated pod-controller rules). */
  view: { group: string; version: string; kind: string };
  operation: string;
  namespaces: Map<string, Resource>;
}

function resourceFilterMatches(filter: JsonObject, t: MatchTarget): Decision {
  if (Array.isArray(filter.subjects) || Array.isArray(filter.roles) || Array.isArray(filter.clusterRoles)) return { unknown: 'it matches on subjects or roles, which only the API server knows' };
  const res = isObject(filter.resources) ? filter.resources : {};
  const r = t.resource;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const kinds = strings(res.kinds);
  if (kinds.length && !kinds.some((k) => kindMatches(k, t.view))) return false;
  const names = [...strings(res.names), ...(typeof res.name === 'string' ? [res.name] : [])];
  if (names.length && !names.some((n) => wildcardMatch(n, r.name))) return false;
  const namespaces = strings(res.namespaces);
  if (namespaces.length && !namespaces.some((n) => wildcardMatch(n, r.namespace ?? ''))) return false;
  const operations = strings(res.operations);
  if (operations.length && !operations.includes(t.operation)) return false;
  if (isObject(res.annotations)) {
    const annotations = annotationsOf(r.object);
    for (const [k, v] of Object.entries(res.annotations)) if (annotations[k] === undefined || !wildcardMatch(String(v), annotations[k]!)) return false;
  }
  try {
    if (!matchesLabelSelector(resourceLabels(r), res.selector)) return false;
  } catch {
    return false;
  }
  if (!isEmptySelector(res.namespaceSelector)) {
    if (!r.namespace) return { unknown: 'it has a namespaceSelector and the resource has no namespace in its manifest' };
    const ns = t.namespaces.get(r.namespace);
    if (!ns) return { unknown: `it has a namespaceSelector and the labels of namespace "${r.namespace}" are not in the repository` };
    try {
      if (!matchesLabelSelector(namespaceLabels(ns), res.namespaceSelector)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function blockMatches(block: unknown, t: MatchTarget, isExclude: boolean): Decision {
  if (!isObject(block)) return !isExclude;
  const filters = (list: unknown) => (Array.isArray(list) ? list.filter(isObject) : []);
  const decisions = (list: JsonObject[]) => list.map((f) => {
    const d = resourceFilterMatches(f, t);
    // Excludes on who makes the request (subjects, roles) are not known offline: they do not exclude.
    return isExclude && typeof d === 'object' ? false : d;
  });
  const unknown = (ds: Decision[]) => ds.find((d): d is { unknown: string } => typeof d === 'object');
  const any = filters(block.any);
  const all = filters(block.all);
  const legacy = isObject(block.resources) || Array.isArray(block.subjects) ? [block] : [];
  if (any.length) {
    const ds = decisions(any);
    return ds.some((d) => d === true) ? true : (unknown(ds) ?? false);
  }
  const ds = decisions(all.length ? all : legacy);
  if (ds.length === 0 || ds.some((d) => d === false)) return false;
  return unknown(ds) ?? true;
}

// ---- compile ----

export function compileKyvernoPolicies(resources: readonly Resource[], context: PolicyContext): { rules: Rule<unknown>[]; findings: Finding[] } {
  const rules: Rule<unknown>[] = [];
  const findings: Finding[] = [];
  for (const policy of resources) {
    if (!isKyvernoPolicy(policy) || policy.isPatch) continue;
    const spec = isObject(policy.object.spec) ? policy.object.spec : {};
    const ruleList = Array.isArray(spec.rules) ? spec.rules : [];
    ruleList.forEach((raw, index) => {
      if (!isObject(raw)) return;
      const compiled = compileKyvernoRule(policy, spec, raw, index, context, findings);
      if (compiled) rules.push(compiled);
    });
  }
  return { rules, findings };
}

const UNSUPPORTED_VALIDATE = ['foreach', 'podSecurity', 'manifests', 'assert'];

function compileKyvernoRule(policy: Resource, spec: JsonObject, raw: JsonObject, index: number, context: PolicyContext, findings: Finding[]): Rule<unknown> | undefined {
  const ruleName = typeof raw.name === 'string' ? raw.name : `rule-${index}`;
  const id = `kyverno/${policy.name}/${ruleName}`;
  const label = `Kyverno ${policy.kind} ${policy.name}, rule ${ruleName}`;
  const base: PathSegment[] = ['spec', 'rules', index];
  const notEvaluated = (because: string, path: PathSegment[] = ['name']) => {
    findings.push(policyFinding(POLICY_RULES.notEvaluated, 'info', `${label}: not evaluated, because ${because}.`, locateIn(policy, [...base, ...path])));
    return undefined;
  };
  if (raw.verifyImages) return notEvaluated('verifyImages needs the registries and signatures', ['verifyImages']);
  if (!isObject(raw.validate)) return undefined; // mutate and generate rules do not validate
  const validate = raw.validate;
  if (raw.context) return notEvaluated('it uses context (API calls, ConfigMaps, image registries), which needs the cluster', ['context']);
  for (const key of UNSUPPORTED_VALIDATE) if (validate[key] !== undefined) return notEvaluated(`validate.${key} is not supported offline yet`, ['validate', key]);
  const hasPattern = validate.pattern !== undefined;
  const hasAny = Array.isArray(validate.anyPattern);
  const deny = isObject(validate.deny) ? validate.deny : undefined;
  const cel = isObject(validate.cel) ? validate.cel : undefined;
  if (!hasPattern && !hasAny && !deny && !cel) return notEvaluated('its validate block has no pattern, anyPattern, deny or cel', ['validate']);
  for (const variable of variablesIn([validate.pattern, validate.anyPattern, deny, raw.preconditions, validate.message])) {
    if (!VARIABLE.test(variable)) return notEvaluated(`the variable {{ ${variable} }} needs JMESPath functions or the cluster`, ['validate']);
  }
  const celValidations: CelValidation[] = [];
  const celVariables: { name: string; program: CelProgram; at: PolicyLocation }[] = [];
  if (cel) {
    if (cel.paramKind || cel.paramRef) return notEvaluated('validate.cel uses params, which live in the cluster', ['validate', 'cel']);
    const expressions = Array.isArray(cel.expressions) ? cel.expressions : [];
    let broken = false;
    const compileAt = (text: unknown, path: PathSegment[]): CelProgram | undefined => {
      const source = String(text ?? '');
      if (/\bauthorizer\b|\brequest\.userInfo\b/.test(source)) {
        notEvaluated('a CEL expression uses the authorizer or request.userInfo, which need the API server', path);
        broken = true;
        return undefined;
      }
      const c = compileCel(source);
      if ('error' in c) {
        findings.push(policyFinding(POLICY_RULES.error, POLICY_ERROR_SEVERITY, `${label}: the CEL expression does not compile: ${c.error.message}. The rule was not evaluated.`, locateIn(policy, [...base, ...path])));
        broken = true;
        return undefined;
      }
      return c.program;
    };
    (Array.isArray(cel.variables) ? cel.variables : []).forEach((v, i) => {
      if (!isObject(v)) return;
      const program = compileAt(v.expression, ['validate', 'cel', 'variables', i, 'expression']);
      if (program) celVariables.push({ name: String(v.name), program, at: locateIn(policy, [...base, 'validate', 'cel', 'variables', i, 'expression']) });
    });
    expressions.forEach((e, i) => {
      if (!isObject(e)) return;
      const path = ['validate', 'cel', 'expressions', i, 'expression'];
      const program = compileAt(e.expression, path);
      const messageProgram = e.messageExpression !== undefined ? compileAt(e.messageExpression, ['validate', 'cel', 'expressions', i, 'messageExpression']) : undefined;
      if (program) celValidations.push({ program, text: String(e.expression), messageProgram, message: typeof e.message === 'string' ? e.message : undefined, at: locateIn(policy, [...base, ...path]) });
    });
    if (broken) return undefined;
  }
  const severity = failureSeverity(validate.failureAction ?? spec.validationFailureAction);
  const autogen = autogenControllers(policy);
  const policyNamespace = policy.kind === 'Policy' ? policy.namespace : undefined;
  const ruleAt = locateIn(policy, [...base, 'name']);
  const message = typeof validate.message === 'string' ? validate.message : undefined;

  return {
    id,
    title: `Kyverno ${policy.kind} ${policy.name}: ${ruleName}`,
    severity,
    category: 'policy',
    description: `Rule ${ruleName} of the repository's Kyverno ${policy.kind} ${policy.name} (${policy.file}), evaluated on the pull request.${policy.kind === 'Policy' ? ` A namespaced Policy applies only in its namespace (${policy.namespace ?? 'unset'}).` : ''}`,
    remediation: "Change the resource so that it passes the policy's rule.",
    references: { links: [policy.file] },
    match: (resource) => !resource.isPatch && !isKyvernoPolicy(resource),
    check: (resource, ctx) => withEvaluationBounds(() => {
      if (policy.kind === 'Policy' && policyNamespace !== resource.namespace) return;
      const oldObject = context.oldObjectOf(resource);
      const operation = oldObject ? 'UPDATE' : 'CREATE';
      const namespaces = context.namespaces(ctx.resources);
      const views: { object: JsonObject; oldObject: JsonObject | null; kind: { group: string; version: string; kind: string }; map: (p: PathSegment[]) => PathSegment[] }[] = [];
      const target = (view: MatchTarget['view']): Decision => {
        const t: MatchTarget = { resource, view, operation, namespaces };
        const m = blockMatches(raw.match, t, false);
        if (m !== true) return m;
        const ex = raw.exclude === undefined ? false : blockMatches(raw.exclude, t, true);
        return ex === true ? false : true;
      };
      const direct = target(resource);
      if (typeof direct === 'object') {
        context.runtime.notEvaluated(`${id}:match`, label, ruleAt, resource, direct.unknown);
        return;
      }
      if (direct) views.push({ object: resource.object, oldObject, kind: resource, map: (p) => p });
      else if (autogen.includes(resource.kind)) {
        const pod = podSpecOf(resource);
        if (pod && target({ group: '', version: 'v1', kind: 'Pod' }) === true) {
          const object: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, ...(resource.namespace ? { namespace: resource.namespace } : {}) }, spec: pod.spec };
          const oldPod = oldObject ? podSpecOfObject(resource, oldObject) : null;
          views.push({
            object,
            oldObject: oldPod,
            kind: { group: '', version: 'v1', kind: 'Pod' },
            map: (p) => (p[0] === 'spec' ? [...pod.path, ...p.slice(1)] : p[0] === 'metadata' ? [...pod.metadataPath, ...p.slice(1)] : p),
          });
        }
      }
      for (const view of views) {
        const request: Request = { object: view.object, oldObject: view.oldObject, operation, namespace: resource.namespace ?? '', name: resource.name, kind: view.kind.kind };
        const fail = (path: PathSegment[], detail?: string) => {
          let text = message;
          try {
            if (text) text = String(substitute(text, request));
          } catch {
            // keep the raw message
          }
          ctx.report({ path: view.map(path), message: `${text ?? `validation error: rule ${ruleName} failed`}${detail ? ` (${detail})` : ''}`, key: id });
        };
        try {
          if (raw.preconditions !== undefined && !evaluateConditions(raw.preconditions, request)) continue;
          if (hasPattern) {
            const r: PatternResult = validatePattern(view.object, substitute(validate.pattern, request));
            if (r.status === 'fail') fail(r.path, `${pathText(r.path)}: ${r.reason}`);
          } else if (hasAny) {
            const results = (validate.anyPattern as unknown[]).map((p) => validatePattern(view.object, substitute(p, request)));
            if (!results.some((r) => r.status !== 'fail')) fail([], 'no pattern of anyPattern matches');
          } else if (deny) {
            if (evaluateConditions(deny.conditions, request)) fail([]);
          } else if (cel) {
            const vars: Record<string, unknown> = {
              object: toCel(view.object),
              oldObject: toCel(view.oldObject),
              request: toCel({ operation, namespace: resource.namespace ?? '', name: resource.name, kind: view.kind }),
              namespaceObject: resource.namespace && namespaces.get(resource.namespace) ? toCel(namespaces.get(resource.namespace)!.object) : null,
              params: null,
              authorizer: null,
              variables: {},
            };
            const variableError = evaluateVariables(celVariables, vars);
            if (variableError) {
              context.runtime.record(`${id}:var:${variableError.failed.name}`, label, variableError.failed.at, resource, variableError.error);
              continue;
            }
            celValidations.forEach((v, i) => {
              const outcome = evaluateValidation(v, vars, message ?? `validation error: rule ${ruleName} failed`);
              if (outcome.status === 'error') context.runtime.record(`${id}:cel:${i}`, label, v.at, resource, outcome.error);
              else if (outcome.status === 'fail') ctx.report({ path: [], message: outcome.message, key: `${id}:${i}` });
            });
          }
        } catch (e) {
          if (e instanceof Unsupported) context.runtime.notEvaluated(`${id}:unsupported`, label, ruleAt, resource, e.message);
          else throw e;
        }
      }
    }),
  };
}

function pathText(path: PathSegment[]): string {
  return '/' + path.join('/') + (path.length ? '/' : '');
}

function autogenControllers(policy: Resource): string[] {
  const annotation = annotationsOf(policy.object)['pod-policies.kyverno.io/autogen-controllers'];
  if (annotation === undefined) return POD_CONTROLLERS;
  if (annotation.trim().toLowerCase() === 'none') return [];
  return annotation.split(',').map((s) => s.trim());
}

function podSpecOfObject(resource: Resource, object: JsonObject): JsonObject | null {
  const pod = podSpecOf({ ...resource, object });
  return pod ? { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata, spec: pod.spec } : null;
}
