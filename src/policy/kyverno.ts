import type { Rule } from '../engine/index.js';
import {
  annotationsOf,
  isObject,
  podSpecOf,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../manifests/index.js';
import type { Finding, Severity } from '../model/index.js';
import { compileCel, toCel, withEvaluationBounds, type CelProgram } from './cel.js';
import { NAMESPACE_OF_RESOURCE, type PolicyContext } from './context.js';
import {
  locateIn,
  POLICY_ERROR_SEVERITY,
  POLICY_RULES,
  policyFinding,
  type PolicyLocation,
} from './findings.js';
import { imagesOf } from './kyverno-images.js';
import { queryJmespath, rootReferences } from './kyverno-jmespath.js';
import { validatePattern } from './kyverno-pattern.js';
import { podSecurityProblem, podSecurityViolations } from './kyverno-pod-security.js';
import {
  checkSyntax,
  evaluateConditions,
  substitute,
  unavailableIn,
  Unsupported,
  VariableError,
  variablesIn,
  type KyvernoData,
} from './kyverno-variables.js';
import { evaluateValidation, evaluateVariables, runCel, type CelValidation } from './validation.js';
import {
  isEmptySelector,
  matchesLabelSelector,
  namespaceLabels,
  resourceLabels,
  wildcardMatch,
} from './match.js';
import { spendTime } from '../model/time-bound.js';

function isKyvernoPolicy(r: Resource): boolean {
  return r.group === 'kyverno.io' && (r.kind === 'ClusterPolicy' || r.kind === 'Policy');
}

/** Kinds Kyverno auto-generates Pod rules for (pod-policies.kyverno.io/autogen-controllers). */
const POD_CONTROLLERS = [
  'DaemonSet',
  'Deployment',
  'Job',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'CronJob',
];

export { evaluateCondition } from './kyverno-variables.js';

function failureSeverity(action: unknown): Severity {
  return typeof action === 'string' && action.toLowerCase() === 'enforce' ? 'high' : 'medium';
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
  if (parts.length === 3)
    return (
      wildcardMatch(parts[0]!, resource.group) &&
      wildcardMatch(parts[1]!, resource.version) &&
      wildcardMatch(parts[2]!, resource.kind)
    );
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
  if (Array.isArray(filter.subjects) || Array.isArray(filter.roles) || Array.isArray(filter.clusterRoles))
    return { unknown: 'it matches on subjects or roles, which only the API server knows' };
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
    for (const [k, v] of Object.entries(res.annotations))
      if (annotations[k] === undefined || !wildcardMatch(String(v), annotations[k]!)) return false;
  }
  try {
    if (!matchesLabelSelector(resourceLabels(r), res.selector)) return false;
  } catch {
    return false;
  }
  if (!isEmptySelector(res.namespaceSelector)) {
    if (!r.namespace)
      return { unknown: 'it has a namespaceSelector and the resource has no namespace in its manifest' };
    const ns = t.namespaces.get(r.namespace);
    if (!ns)
      return {
        unknown: `it has a namespaceSelector and the labels of namespace "${r.namespace}" are not in the repository`,
      };
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
  const decisions = (list: JsonObject[]) =>
    list.map((f) => {
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

export function compileKyvernoPolicies(
  resources: readonly Resource[],
  context: PolicyContext,
): { rules: Rule<unknown>[]; findings: Finding[] } {
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

const UNSUPPORTED_VALIDATE = ['manifests', 'assert'];
/** Keys of a rule and of its validate block that we evaluate or that do not change a verdict; any other key is "not evaluated". */
const RULE_KEYS = new Set([
  'name',
  'match',
  'exclude',
  'preconditions',
  'celPreconditions',
  'context',
  'validate',
  'mutate',
  'generate',
  'verifyImages',
  'skipBackgroundRequests',
  'reportProperties',
]);
const VALIDATE_KEYS = new Set([
  'message',
  'failureAction',
  'failureActionOverrides',
  'allowExistingViolations',
  'pattern',
  'anyPattern',
  'deny',
  'cel',
  'foreach',
  'podSecurity',
  'manifests',
  'assert',
]);
const VALIDATE_KINDS = ['pattern', 'anyPattern', 'deny', 'cel', 'foreach', 'podSecurity'];

/** The `list` expressions of foreach entries, nested ones included (JMESPath without braces). */
function foreachLists(entries: unknown, out: string[] = []): string[] {
  for (const e of Array.isArray(entries) ? entries : []) {
    if (!isObject(e)) continue;
    if (typeof e.list === 'string') out.push(e.list.replace(/^\s*\{\{(.*)\}\}\s*$/s, '$1').trim());
    foreachLists(e.foreach, out);
  }
  return out;
}

/** Context entries of a rule or foreach: only `variable` entries are known offline. */
function contextProblem(entries: unknown, names: Set<string>): string | undefined {
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isObject(entry) || typeof entry.name !== 'string') return 'a context entry has no name';
    if (!isObject(entry.variable)) {
      const source =
        Object.keys(entry)
          .filter((k) => k !== 'name')
          .join(', ') || 'nothing';
      return `its context entry "${entry.name}" reads ${source}, which needs the cluster`;
    }
    names.add(entry.name);
  }
  return undefined;
}

/** Adds a rule's or foreach's `variable` context entries to the data (Kyverno: value, then jmesPath on it, then default). */
function addContext(entries: unknown, data: KyvernoData): void {
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isObject(entry) || !isObject(entry.variable) || typeof entry.name !== 'string') continue;
    const v = entry.variable;
    let value: unknown = v.value !== undefined ? substitute(v.value, data) : undefined;
    if (typeof v.jmesPath === 'string') {
      const path = String(substitute(v.jmesPath, data));
      try {
        value = queryJmespath(path, value !== undefined ? value : data);
      } catch (e) {
        throw new VariableError(`context variable ${entry.name}: ${(e as Error).message}`);
      }
    }
    if ((value === undefined || value === null) && v.default !== undefined)
      value = substitute(v.default, data);
    data[entry.name] = value ?? null;
  }
}

/** Where the elements of a foreach list are, when the list is a plain path of the object or of the enclosing element. */
function listPath(expression: string, parent: PathSegment[] | undefined): PathSegment[] | undefined {
  const m = /^(request\.object|element)((?:\.[A-Za-z_][\w]*)*)$/.exec(expression.trim());
  if (!m) return undefined;
  const steps = m[2] ? m[2].slice(1).split('.') : [];
  if (m[1] === 'element') return parent ? [...parent, ...steps] : undefined;
  return steps;
}

interface ForeachFailure {
  path: PathSegment[];
  detail?: string;
}

/** Runs validate.foreach: any element that fails fails the rule. */
function runForeach(
  entries: unknown,
  data: KyvernoData,
  object: JsonObject,
  depth: number,
  parent: PathSegment[] | undefined,
): ForeachFailure | undefined {
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isObject(entry)) continue;
    const expression = String(entry.list ?? '')
      .replace(/^\s*\{\{(.*)\}\}\s*$/s, '$1')
      .trim();
    let list: unknown;
    try {
      list = queryJmespath(expression, data);
    } catch (e) {
      throw new VariableError(`foreach list ${expression}: ${(e as Error).message}`);
    }
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) throw new VariableError(`foreach list ${expression} is not a list`);
    const at = listPath(expression, parent);
    for (let i = 0; i < list.length; i++) {
      spendTime();
      const element = list[i];
      const d: KyvernoData = {
        ...data,
        element,
        elementIndex: i,
        [`element${depth}`]: element,
        [`elementIndex${depth}`]: i,
      };
      addContext(entry.context, d);
      if (entry.preconditions !== undefined && !evaluateConditions(entry.preconditions, d)) continue;
      const here = at ? [...at, i] : undefined;
      if (isObject(entry.deny)) {
        if (evaluateConditions(entry.deny.conditions, d)) return { path: here ?? [] };
      } else if (entry.pattern !== undefined || Array.isArray(entry.anyPattern)) {
        const onElement = entry.elementScope !== false;
        const target = onElement ? element : object;
        const base = onElement ? here : [];
        const patterns = entry.pattern !== undefined ? [entry.pattern] : (entry.anyPattern as unknown[]);
        const results = patterns.map((p) => validatePattern(target, substitute(p, d)));
        const failed = results.every((r) => r.status === 'fail') ? results[0] : undefined;
        if (failed?.status === 'fail')
          return {
            path: base ? [...base, ...failed.path] : [],
            detail: `${pathText(failed.path)}: ${failed.reason}`,
          };
      } else if (entry.foreach !== undefined) {
        const nested = runForeach(entry.foreach, d, object, depth + 1, here);
        if (nested) return nested;
      }
    }
  }
  return undefined;
}

function compileKyvernoRule(
  policy: Resource,
  spec: JsonObject,
  raw: JsonObject,
  index: number,
  context: PolicyContext,
  findings: Finding[],
): Rule<unknown> | undefined {
  const ruleName = typeof raw.name === 'string' ? raw.name : `rule-${index}`;
  const id = `kyverno/${policy.name}/${ruleName}`;
  const label = `Kyverno ${policy.kind} ${policy.name}, rule ${ruleName}`;
  const base: PathSegment[] = ['spec', 'rules', index];
  const notEvaluated = (because: string, path: PathSegment[] = ['name']) => {
    findings.push(
      policyFinding(
        POLICY_RULES.notEvaluated,
        'info',
        `${label}: not evaluated, because ${because}.`,
        locateIn(policy, [...base, ...path]),
      ),
    );
    return undefined;
  };
  if (raw.verifyImages)
    return notEvaluated('verifyImages needs the registries and signatures', ['verifyImages']);
  if (!isObject(raw.validate)) return undefined; // mutate and generate rules do not validate
  const validate = raw.validate;
  const unknownKey =
    Object.keys(raw).find((k) => !RULE_KEYS.has(k)) ??
    Object.keys(validate).find((k) => !VALIDATE_KEYS.has(k));
  if (unknownKey)
    return notEvaluated(
      `it uses ${JSON.stringify(unknownKey)}, which we do not evaluate`,
      raw[unknownKey] !== undefined ? [unknownKey] : ['validate', unknownKey],
    );
  // Kyverno's `images` is computed from the resource's containers, offline.
  const contextNames = new Set<string>(['images']);
  const contextIssue = contextProblem(raw.context, contextNames);
  if (contextIssue) return notEvaluated(contextIssue, ['context']);
  for (const key of UNSUPPORTED_VALIDATE)
    if (validate[key] !== undefined)
      return notEvaluated(`validate.${key} is not supported offline yet`, ['validate', key]);
  const kinds = VALIDATE_KINDS.filter((k) => validate[k] !== undefined);
  if (kinds.length === 0)
    return notEvaluated('its validate block has no pattern, anyPattern, deny, foreach, podSecurity or cel', [
      'validate',
    ]);
  const kind = kinds[0]!;
  const foreachContexts = (entries: unknown): string | undefined => {
    for (const e of Array.isArray(entries) ? entries : []) {
      if (!isObject(e)) continue;
      const issue = contextProblem(e.context, contextNames) ?? foreachContexts(e.foreach);
      if (issue) return issue;
    }
    return undefined;
  };
  const foreachIssue = foreachContexts(validate.foreach);
  if (foreachIssue) return notEvaluated(foreachIssue, ['validate', 'foreach']);
  if (kind === 'podSecurity') {
    const problem = podSecurityProblem(validate.podSecurity);
    if (problem) return notEvaluated(problem, ['validate', 'podSecurity']);
  }
  const expressions = [
    ...variablesIn([
      validate.pattern,
      validate.anyPattern,
      validate.deny,
      validate.foreach,
      raw.preconditions,
      validate.message,
      raw.context,
    ]),
    ...foreachLists(validate.foreach),
  ];
  for (const expression of expressions) {
    let reason: string | undefined;
    try {
      checkSyntax(expression);
      reason = unavailableIn(expression, contextNames);
    } catch (e) {
      findings.push(
        policyFinding(
          POLICY_RULES.error,
          POLICY_ERROR_SEVERITY,
          `${label}: the variable {{ ${expression} }} is not valid JMESPath: ${(e as Error).message.split('\n')[0]}. The rule was not evaluated.`,
          locateIn(policy, [...base, 'validate']),
        ),
      );
      return undefined;
    }
    if (reason) return notEvaluated(reason, ['validate']);
  }
  const usesImages = expressions.some((e) => rootReferences(e).some((r) => r[0] === 'images'));
  const cel = kind === 'cel' && isObject(validate.cel) ? validate.cel : undefined;
  const celValidations: CelValidation[] = [];
  const celVariables: { name: string; program: CelProgram; at: PolicyLocation }[] = [];
  let broken = false;
  const compileAt = (text: unknown, path: PathSegment[]): CelProgram | undefined => {
    const source = String(text ?? '');
    if (/\bauthorizer\b|\brequest\.userInfo\b/.test(source)) {
      notEvaluated(
        'a CEL expression uses the authorizer or request.userInfo, which need the API server',
        path,
      );
      broken = true;
      return undefined;
    }
    const c = compileCel(source);
    if ('error' in c) {
      findings.push(
        policyFinding(
          POLICY_RULES.error,
          POLICY_ERROR_SEVERITY,
          `${label}: the CEL expression does not compile: ${c.error.message}. The rule was not evaluated.`,
          locateIn(policy, [...base, ...path]),
        ),
      );
      broken = true;
      return undefined;
    }
    return c.program;
  };
  const celPreconditions: { name: string; program: CelProgram; at: PolicyLocation }[] = [];
  (Array.isArray(raw.celPreconditions) ? raw.celPreconditions : []).forEach((c, i) => {
    const program = isObject(c) ? compileAt(c.expression, ['celPreconditions', i, 'expression']) : undefined;
    if (program && isObject(c))
      celPreconditions.push({
        name: String(c.name ?? i),
        program,
        at: locateIn(policy, [...base, 'celPreconditions', i, 'expression']),
      });
  });
  if (broken) return undefined;
  if (cel) {
    if (cel.paramKind || cel.paramRef)
      return notEvaluated('validate.cel uses params, which live in the cluster', ['validate', 'cel']);
    const celExpressions = Array.isArray(cel.expressions) ? cel.expressions : [];
    (Array.isArray(cel.variables) ? cel.variables : []).forEach((v, i) => {
      if (!isObject(v)) return;
      const program = compileAt(v.expression, ['validate', 'cel', 'variables', i, 'expression']);
      if (program)
        celVariables.push({
          name: String(v.name),
          program,
          at: locateIn(policy, [...base, 'validate', 'cel', 'variables', i, 'expression']),
        });
    });
    celExpressions.forEach((e, i) => {
      if (!isObject(e)) return;
      const path = ['validate', 'cel', 'expressions', i, 'expression'];
      const program = compileAt(e.expression, path);
      const messageProgram =
        e.messageExpression !== undefined
          ? compileAt(e.messageExpression, ['validate', 'cel', 'expressions', i, 'messageExpression'])
          : undefined;
      if (program)
        celValidations.push({
          program,
          text: String(e.expression),
          messageProgram,
          message: typeof e.message === 'string' ? e.message : undefined,
          at: locateIn(policy, [...base, ...path]),
        });
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
    dependsOn: [NAMESPACE_OF_RESOURCE],
    match: (resource) => !resource.isPatch && !isKyvernoPolicy(resource),
    check: (resource, ctx) =>
      withEvaluationBounds(() => {
        if (policy.kind === 'Policy' && policyNamespace !== resource.namespace) return;
        const oldObject = context.oldObjectOf(resource);
        const operation = oldObject ? 'UPDATE' : 'CREATE';
        const namespaces = context.namespaces(ctx.resources);
        const views: {
          object: JsonObject;
          oldObject: JsonObject | null;
          kind: { group: string; version: string; kind: string };
          map: (p: PathSegment[]) => PathSegment[];
        }[] = [];
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
            const object: JsonObject = {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { ...pod.metadata, ...(resource.namespace ? { namespace: resource.namespace } : {}) },
              spec: pod.spec,
            };
            const oldPod = oldObject ? podSpecOfObject(resource, oldObject) : null;
            views.push({
              object,
              oldObject: oldPod,
              kind: { group: '', version: 'v1', kind: 'Pod' },
              map: (p) =>
                p[0] === 'spec'
                  ? [...pod.path, ...p.slice(1)]
                  : p[0] === 'metadata'
                    ? [...pod.metadataPath, ...p.slice(1)]
                    : p,
            });
          }
        }
        for (const view of views) {
          const data: KyvernoData = {
            request: {
              operation,
              object: view.object,
              oldObject: view.oldObject,
              namespace: resource.namespace ?? '',
              name: resource.name,
              kind: { group: view.kind.group, version: view.kind.version, kind: view.kind.kind },
              dryRun: false,
            },
          };
          if (usesImages) data.images = imagesOf(resource);
          const fail = (path: PathSegment[], detail?: string) => {
            let text = message;
            try {
              if (text) text = String(substitute(text, data));
            } catch {
              // keep the raw message
            }
            ctx.report({
              path: view.map(path),
              message: `${text ?? `validation error: rule ${ruleName} failed`}${detail ? ` (${detail})` : ''}`,
              key: id,
            });
          };
          const celVars = (): Record<string, unknown> => ({
            object: toCel(view.object),
            oldObject: toCel(view.oldObject),
            request: toCel({
              operation,
              namespace: resource.namespace ?? '',
              name: resource.name,
              kind: view.kind,
            }),
            namespaceObject:
              resource.namespace && namespaces.get(resource.namespace)
                ? toCel(namespaces.get(resource.namespace)!.object)
                : null,
            params: null,
            authorizer: null,
            variables: {},
          });
          if (celPreconditions.length) {
            const vars = celVars();
            const holds = celPreconditions.every((c) => {
              const r = runCel(c.program, vars);
              if ('value' in r && typeof r.value === 'boolean') return r.value;
              context.runtime.record(
                `${id}:celPrecondition:${c.name}`,
                label,
                c.at,
                resource,
                'error' in r ? r.error : 'the precondition did not return a bool',
              );
              return false;
            });
            if (!holds) continue;
          }
          try {
            addContext(raw.context, data);
            if (raw.preconditions !== undefined && !evaluateConditions(raw.preconditions, data)) continue;
            if (kind === 'pattern') {
              const r = validatePattern(view.object, substitute(validate.pattern, data));
              if (r.status === 'fail') fail(r.path, `${pathText(r.path)}: ${r.reason}`);
            } else if (kind === 'anyPattern') {
              const results = (Array.isArray(validate.anyPattern) ? validate.anyPattern : []).map((p) =>
                validatePattern(view.object, substitute(p, data)),
              );
              if (!results.some((r) => r.status !== 'fail')) fail([], 'no pattern of anyPattern matches');
            } else if (kind === 'deny') {
              if (evaluateConditions((validate.deny as JsonObject).conditions, data)) fail([]);
            } else if (kind === 'foreach') {
              const failure = runForeach(validate.foreach, data, view.object, 0, []);
              if (failure) fail(failure.path, failure.detail);
            } else if (kind === 'podSecurity') {
              // Our Pod Security rules read pod controllers themselves, at the template's lines.
              for (const v of podSecurityViolations(validate.podSecurity as JsonObject, resource)) {
                ctx.report({
                  path: v.input.path,
                  message: `${message ? `${message} ` : ''}${v.control}: ${v.input.message}`,
                  key: `${id}:${v.control}:${JSON.stringify(v.input.path)}:${v.input.key ?? ''}`,
                });
              }
              break;
            } else if (cel) {
              const vars = celVars();
              const variableError = evaluateVariables(celVariables, vars);
              if (variableError) {
                context.runtime.record(
                  `${id}:var:${variableError.failed.name}`,
                  label,
                  variableError.failed.at,
                  resource,
                  variableError.error,
                );
                continue;
              }
              celValidations.forEach((v, i) => {
                const outcome = evaluateValidation(
                  v,
                  vars,
                  message ?? `validation error: rule ${ruleName} failed`,
                );
                if (outcome.status === 'error')
                  context.runtime.record(`${id}:cel:${i}`, label, v.at, resource, outcome.error);
                else if (outcome.status === 'fail')
                  ctx.report({ path: [], message: outcome.message, key: `${id}:${i}` });
              });
            }
          } catch (e) {
            if (e instanceof Unsupported)
              context.runtime.notEvaluated(`${id}:unsupported`, label, ruleAt, resource, e.message);
            else if (e instanceof VariableError)
              context.runtime.record(`${id}:variables`, label, ruleAt, resource, e.message);
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
