import type { Finding } from '../model/index.js';
import { annotationsOf, fingerprintOf, resourceKey, type Resource } from '../manifests/index.js';
import { buildFix } from './fix.js';
import { stablePath } from './stable-path.js';
import type { ActiveRule, ReportInput, RuleContext, ScanOptions } from './types.js';

const ENGINE_RULES = {
  ruleError: 'rule-error',
  suppressionWithoutReason: 'suppression-missing-reason',
} as const;

export const IGNORE_ANNOTATION = 'gitops-guard.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'gitops-guard.io/ignore-reason';

/**
 * Runs every active rule on every resource. Pure: resources and settings in, findings out.
 * A rule that throws becomes a `rule-error` finding, never a silent pass. `visible`: what the
 * rules read as `context.resources` when it is more than the judged resources (a diff's context).
 */
export function runRules(
  resources: readonly Resource[],
  rules: readonly ActiveRule[],
  options: ScanOptions,
  bound: RuleTimeBound = {},
  visible: readonly Resource[] = resources,
): Finding[] {
  const findings: Finding[] = [];
  const now = bound.now ?? Date.now;
  const spent = new Map<string, number>();
  const overrun = new Set<string>();
  let previousSource: Resource['source'] | undefined;
  for (const resource of resources) {
    // The documents' line indexes and trees served this document's findings: release them (one document at a time).
    if (previousSource !== resource.source) previousSource?.releaseCaches();
    previousSource = resource.source;
    if (overrun.has(resource.file)) continue;
    const started = now();
    if (bound.maxFileMillis !== undefined && (spent.get(resource.file) ?? 0) > bound.maxFileMillis) {
      overrun.add(resource.file);
      findings.push(timeBoundFinding(resource, bound.maxFileMillis));
      continue;
    }
    // The bound is also checked inside a step, at every finding a rule reports: one resource can
    // hold thousands of containers, and locating each finding in a 5 MB document is not free.
    const deadline =
      bound.maxFileMillis !== undefined
        ? started + bound.maxFileMillis - (spent.get(resource.file) ?? 0)
        : Infinity;
    const suppression = readSuppression(resource, findings);
    for (const active of rules) {
      const { rule } = active;
      if (rule.engineFinding) continue;
      if (rule.pssLevel === 'restricted' && options.profile === 'baseline') continue;
      const produced: Finding[] = [];
      const context: RuleContext<unknown> = {
        params: active.params,
        options,
        resources: visible,
        report: (input) => {
          if (now() > deadline) throw new TimeBoundExceeded();
          const finding = toFinding(resource, active, input);
          if (finding) produced.push(finding);
        },
      };
      try {
        if (now() > deadline) throw new TimeBoundExceeded();
        if (rule.match && !rule.match(resource)) continue;
        rule.check(resource, context);
      } catch (error) {
        produced.length = 0;
        if (error instanceof TimeBoundExceeded) {
          overrun.add(resource.file);
          findings.push(timeBoundFinding(resource, bound.maxFileMillis!, rule.id));
          break;
        }
        produced.push(
          toFinding(
            resource,
            { ...active, rule: { ...rule, id: ENGINE_RULES.ruleError }, severity: 'high' },
            {
              path: [],
              message: `Rule ${rule.id} failed on this resource (${(error as Error)?.message ?? String(error)}); it was not checked.`,
              key: rule.id,
            },
          )!,
        );
      }
      for (const finding of produced) {
        if (suppression?.rules.has(finding.ruleId))
          finding.suppressed = { by: 'annotation', reason: suppression.reason };
        findings.push(finding);
      }
    }
    spent.set(resource.file, (spent.get(resource.file) ?? 0) + now() - started);
  }
  previousSource?.releaseCaches();
  return findings;
}

export interface RuleTimeBound {
  /** Time the rules may spend on one file's resources; the file's remaining resources are then not judged (a finding says so). */
  maxFileMillis?: number;
  now?: () => number;
}

/** Thrown from `report` (and between rules) once a file's time is spent: it ends the step at once. */
class TimeBoundExceeded extends Error {}

function timeBoundFinding(resource: Resource, maxFileMillis: number, during?: string): Finding {
  const message = during
    ? `Checking this file took longer than the ${maxFileMillis} ms bound, in rule ${during} on this resource; this resource (from that rule on) and the ones after it in the file were not checked.`
    : `Checking this file took longer than the ${maxFileMillis} ms bound; this resource and the ones after it in the file were not checked.`;
  return {
    ruleId: ENGINE_RULES.ruleError,
    severity: 'high',
    message,
    file: resource.file,
    line: resource.source.startLine + 1,
    column: 1,
    resource: {
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      namespace: resource.namespace,
      name: resource.name,
    },
    path: '',
    fingerprint: fingerprintOf(ENGINE_RULES.ruleError, resourceKey(resource), 'time-bound'),
  };
}

function toFinding(resource: Resource, active: ActiveRule, input: ReportInput): Finding | undefined {
  if (input.missing && resource.isPatch) return undefined;
  const located = resource.source.locate([...resource.basePath, ...input.path]);
  const path = stablePath(resource.object, input.path);
  const fix = input.fix ? buildFix(resource, input.fix) : undefined;
  return {
    ruleId: active.rule.id,
    // A severity set in the configuration wins over a rule's per-finding severity.
    severity:
      active.severity !== active.rule.severity ? active.severity : (input.severity ?? active.severity),
    message: input.message,
    file: located.file ?? resource.file,
    line: located.line,
    column: located.column,
    ...(located.exact && located.endLine > located.line ? { endLine: located.endLine } : {}),
    resource: {
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      namespace: resource.namespace,
      name: resource.name,
    },
    path,
    fingerprint: fingerprintOf(active.rule.id, resourceKey(resource), path, input.key ?? ''),
    ...(fix ? { fix } : {}),
  };
}

function readSuppression(
  resource: Resource,
  findings: Finding[],
): { rules: Set<string>; reason: string } | undefined {
  const annotations = annotationsOf(resource.object);
  const ignored = annotations[IGNORE_ANNOTATION];
  if (ignored === undefined) return undefined;
  const reason = annotations[IGNORE_REASON_ANNOTATION]?.trim();
  if (!reason) {
    findings.push(
      toFinding(
        resource,
        {
          rule: { id: ENGINE_RULES.suppressionWithoutReason } as ActiveRule['rule'],
          severity: 'medium',
          params: {},
        },
        {
          path: ['metadata', 'annotations', IGNORE_ANNOTATION],
          message: `Suppression of ${ignored} has no ${IGNORE_REASON_ANNOTATION} annotation, so it does not apply. Say why the finding is accepted.`,
        },
      )!,
    );
    return undefined;
  }
  return {
    rules: new Set(
      ignored
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    reason,
  };
}
