import { globMatch } from '../model/index.js';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Rule, RuleCategory } from '../engine/index.js';
import { isObject, type PathSegment, type Resource } from '../manifests/index.js';
import { SEVERITIES, type Finding, type Severity } from '../model/index.js';
import { compileCel, toCel, withEvaluationBounds, type CelProgram } from './cel.js';
import { NAMESPACE_OF_RESOURCE, type PolicyContext } from './context.js';
import { POLICY_ERROR_SEVERITY, POLICY_RULES, policyFinding, type PolicyLocation } from './findings.js';
import { evaluateValidation, type CelValidation } from './validation.js';
import {
  matchesLabelSelector,
  namespaceOfResource,
  parseFieldPath,
  resourceLabels,
  stringList,
  wildcardMatch,
} from './match.js';

/** A custom rule file as the adapter read it. */
export interface PolicyFile {
  path: string;
  content: string | Uint8Array;
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const RULE_KEYS = new Set([
  'id',
  'title',
  'severity',
  'category',
  'description',
  'remediation',
  'match',
  'validations',
  'params',
  'enabled',
]);
const MATCH_KEYS = new Set([
  'apiGroups',
  'kinds',
  'namespaces',
  'excludeNamespaces',
  'names',
  'labelSelector',
  'paths',
  'excludePaths',
]);
const VALIDATION_KEYS = new Set([
  'expression',
  'message',
  'messageExpression',
  'reason',
  'fieldPath',
  'reportPath',
]);

interface CompiledValidation extends CelValidation {
  reportPath: PathSegment[];
}

/** Compiles the custom CEL rules of one file. Never throws: every problem is a finding on the file and line. */
export function compileCustomRuleFile(
  file: PolicyFile,
  context: PolicyContext,
  reservedIds: ReadonlySet<string>,
  seenIds: Map<string, string>,
): { rules: Rule<unknown>[]; findings: Finding[] } {
  const rules: Rule<unknown>[] = [];
  const findings: Finding[] = [];
  const text = typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
  const lines = new LineCounter();
  const error = (message: string, line: number, column = 1, key = '') =>
    findings.push(
      policyFinding(
        POLICY_RULES.error,
        POLICY_ERROR_SEVERITY,
        message,
        { file: file.path, line, column },
        key,
      ),
    );
  let documents: Document[];
  try {
    documents = parseAllDocuments(text, {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: false,
    }) as Document[];
    if (!Array.isArray(documents)) documents = [];
  } catch (e) {
    error(`Custom rule file does not parse: ${(e as Error).message.split('\n')[0]}`, 1);
    return { rules, findings };
  }
  for (const doc of documents) {
    if (doc.errors.length) {
      const first = doc.errors[0]!;
      const pos = lines.linePos(first.pos[0]);
      error(`Custom rule file does not parse: ${first.message.split('\n')[0]}`, pos.line, pos.col);
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const locate = (path: PathSegment[]): PolicyLocation => {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        const range = (node as { range?: [number, number] } | undefined)?.range;
        if (range) {
          const pos = lines.linePos(range[0]);
          return { file: file.path, line: pos.line, column: pos.col };
        }
      }
      return { file: file.path, line: 1, column: 1 };
    };
    if (isObject(value) && Array.isArray(value.rules) && value.id === undefined) {
      if (!isSeq(doc.get('rules', true))) continue;
      value.rules.forEach((rule, i) => compileOne(rule, ['rules', i]));
    } else if (isMap(doc.contents)) {
      compileOne(value, []);
    } else {
      const at = locate([]);
      error(
        'A custom rule file holds rules as YAML maps (one per document) or a `rules:` list.',
        at.line,
        at.column,
      );
    }

    function compileOne(raw: unknown, base: PathSegment[]): void {
      const at = (...path: PathSegment[]) => locate([...base, ...path]);
      const problem = (message: string, path: PathSegment[] = []) => {
        const where = at(...path);
        error(message, where.line, where.column, `${base.join('.')}:${path.join('.')}:${message}`);
      };
      if (!isObject(raw))
        return problem('A custom rule must be a map with id, title, severity, match and validations.');
      const id = raw.id;
      if (typeof id !== 'string' || !RULE_ID.test(id))
        return problem(
          `Custom rule id ${JSON.stringify(id ?? null)} is not kebab-case (lowercase letters, digits and single dashes); the rule was not loaded.`,
          raw.id === undefined ? [] : ['id'],
        );
      if (reservedIds.has(id))
        return problem(
          `Custom rule id "${id}" is the id of a built-in rule; choose another id. The rule was not loaded.`,
          ['id'],
        );
      const previous = seenIds.get(id);
      if (previous)
        return problem(`Custom rule id "${id}" is already defined in ${previous}; the rule was not loaded.`, [
          'id',
        ]);
      for (const key of Object.keys(raw))
        if (!RULE_KEYS.has(key))
          return problem(
            `Custom rule ${id}: unknown key "${key}" (known: ${[...RULE_KEYS].join(', ')}); the rule was not loaded.`,
            [key],
          );
      const severity = raw.severity ?? 'medium';
      if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity))
        return problem(
          `Custom rule ${id}: severity must be one of ${SEVERITIES.join(', ')}; the rule was not loaded.`,
          ['severity'],
        );
      if (raw.enabled === false) return;
      const match = raw.match ?? {};
      if (!isObject(match)) return problem(`Custom rule ${id}: match must be a map.`, ['match']);
      for (const key of Object.keys(match))
        if (!MATCH_KEYS.has(key))
          return problem(
            `Custom rule ${id}: unknown match key "${key}" (known: ${[...MATCH_KEYS].join(', ')}); the rule was not loaded.`,
            ['match', key],
          );
      for (const key of [
        'apiGroups',
        'kinds',
        'namespaces',
        'excludeNamespaces',
        'names',
        'paths',
        'excludePaths',
      ]) {
        if (
          match[key] !== undefined &&
          (!Array.isArray(match[key]) || (match[key] as unknown[]).some((v) => typeof v !== 'string'))
        )
          return problem(`Custom rule ${id}: match.${key} must be a list of strings.`, ['match', key]);
      }
      try {
        matchesLabelSelector({}, match.labelSelector);
      } catch (e) {
        return problem(`Custom rule ${id}: match.labelSelector: ${(e as Error).message}.`, [
          'match',
          'labelSelector',
        ]);
      }
      if (!Array.isArray(raw.validations) || raw.validations.length === 0)
        return problem(`Custom rule ${id}: validations must be a non-empty list of {expression, message}.`, [
          'validations',
        ]);
      const validations: CompiledValidation[] = [];
      let broken = false;
      raw.validations.forEach((v, i) => {
        if (!isObject(v))
          return problem(`Custom rule ${id}: validations[${i}] must be a map with an expression.`, [
            'validations',
            i,
          ]);
        for (const key of Object.keys(v))
          if (!VALIDATION_KEYS.has(key))
            return problem(
              `Custom rule ${id}: validations[${i}] has an unknown key "${key}" (known: ${[...VALIDATION_KEYS].join(', ')}).`,
              ['validations', i, key],
            );
        const compiled = compileCel(String(v.expression ?? ''));
        if ('error' in compiled) {
          broken = true;
          return problem(
            `Custom rule ${id}: validations[${i}].expression does not compile: ${compiled.error.message}. The rule was not loaded.`,
            ['validations', i, 'expression'],
          );
        }
        let messageProgram: CelProgram | undefined;
        if (v.messageExpression !== undefined) {
          const m = compileCel(String(v.messageExpression));
          if ('error' in m) {
            broken = true;
            return problem(
              `Custom rule ${id}: validations[${i}].messageExpression does not compile: ${m.error.message}. The rule was not loaded.`,
              ['validations', i, 'messageExpression'],
            );
          }
          messageProgram = m.program;
        }
        const pathText = v.reportPath ?? v.fieldPath;
        const reportPath = typeof pathText === 'string' ? parseFieldPath(pathText) : [];
        if (!reportPath) {
          broken = true;
          return problem(
            `Custom rule ${id}: validations[${i}].${v.reportPath !== undefined ? 'reportPath' : 'fieldPath'} ${JSON.stringify(pathText)} is not a field path like spec.template.spec.containers[0].image.`,
            ['validations', i, v.reportPath !== undefined ? 'reportPath' : 'fieldPath'],
          );
        }
        if (v.message === undefined && v.messageExpression === undefined) {
          broken = true;
          return problem(`Custom rule ${id}: validations[${i}] needs a message or a messageExpression.`, [
            'validations',
            i,
          ]);
        }
        validations.push({
          program: compiled.program,
          text: String(v.expression),
          message: typeof v.message === 'string' ? v.message : undefined,
          messageProgram,
          reason: typeof v.reason === 'string' ? v.reason : undefined,
          reportPath,
          at: at('validations', i, 'expression'),
        });
      });
      if (broken || validations.length !== raw.validations.length) return;
      seenIds.set(id, file.path);
      const params = toCel(raw.params ?? null);
      const m = {
        apiGroups: stringList(match.apiGroups),
        kinds: stringList(match.kinds),
        namespaces: stringList(match.namespaces),
        excludeNamespaces: stringList(match.excludeNamespaces),
        names: stringList(match.names),
        paths: stringList(match.paths),
        excludePaths: stringList(match.excludePaths),
        labelSelector: match.labelSelector,
      };
      rules.push({
        id,
        title: typeof raw.title === 'string' ? raw.title : id,
        severity: severity as Severity,
        category: (typeof raw.category === 'string' ? raw.category : 'policy') as RuleCategory,
        description: typeof raw.description === 'string' ? raw.description : `Custom rule from ${file.path}.`,
        remediation: typeof raw.remediation === 'string' ? raw.remediation : 'See the rule description.',
        references: { links: [file.path] },
        dependsOn: [NAMESPACE_OF_RESOURCE],
        match: (resource) => matchCustom(m, resource),
        check(resource, ctx) {
          const object = toCel(resource.object);
          const oldObject = toCel(context.oldObjectOf(resource));
          const namespace = resource.namespace
            ? context.namespaces(ctx.resources).get(resource.namespace)
            : undefined;
          const variables = {
            object,
            oldObject,
            params,
            request: null,
            namespaceObject: namespace ? toCel(namespace.object) : null,
            variables: {},
            authorizer: null,
          };
          withEvaluationBounds(() =>
            validations.forEach((v, i) => {
              const outcome = evaluateValidation(v, variables, `failed expression: ${i}`);
              if (outcome.status === 'error')
                context.runtime.record(
                  `${file.path}:${id}:${i}`,
                  `Custom rule ${id}`,
                  v.at,
                  resource,
                  outcome.error,
                );
              else if (outcome.status === 'fail')
                ctx.report({ path: v.reportPath, message: outcome.message, key: String(i) });
            }),
          );
        },
      });
    }
  }
  return { rules, findings };
}

interface CustomMatch {
  apiGroups?: string[];
  kinds?: string[];
  namespaces?: string[];
  excludeNamespaces?: string[];
  names?: string[];
  paths?: string[];
  excludePaths?: string[];
  labelSelector?: unknown;
}

function matchCustom(m: CustomMatch, resource: Resource): boolean {
  if (resource.isPatch) return false;
  if (m.apiGroups?.length && !m.apiGroups.some((g) => g === '*' || g === resource.group)) return false;
  if (m.kinds?.length && !m.kinds.some((k) => wildcardMatch(k, resource.kind))) return false;
  const ns = namespaceOfResource(resource);
  if (m.namespaces?.length && !m.namespaces.some((n) => wildcardMatch(n, ns))) return false;
  if (m.excludeNamespaces?.some((n) => wildcardMatch(n, ns))) return false;
  if (m.names?.length && !m.names.some((n) => wildcardMatch(n, resource.name))) return false;
  const file = resource.file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (m.paths?.length && !m.paths.some((g) => globMatch(file, g, { dot: true }))) return false;
  if (m.excludePaths?.some((g) => globMatch(file, g, { dot: true }))) return false;
  return matchesLabelSelector(resourceLabels(resource), m.labelSelector);
}
