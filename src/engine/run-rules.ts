import type { Finding } from '../model/index.js';
import { checkTimeBound, TimeBoundExceeded, withTimeBound } from '../model/time-bound.js';
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
  const redact = bound.redact ?? ((finding: Finding) => finding);
  const now = bound.now ?? Date.now;
  const spent = new Map<string, number>(bound.spent ?? []);
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
      findings.push(redact(timeBoundFinding(resource, bound.maxFileMillis)));
      continue;
    }
    // Each rule runs under the file's time bound (src/model/time-bound.ts): the locator, the
    // shared walkers and every report check it, so a step stops soon after the file's time is
    // spent, however large the resource.
    const deadline =
      bound.maxFileMillis !== undefined
        ? started + bound.maxFileMillis - (spent.get(resource.file) ?? 0)
        : Infinity;
    const suppression = readSuppression(resource, findings, redact);
    // Suppressed and redacted as it is made, inside the step's bound (not in a pass over every finding afterwards).
    const finish = (finding: Finding): Finding => {
      if (suppression?.rules.has(finding.ruleId))
        finding.suppressed = { by: 'annotation', reason: suppression.reason };
      return redact(finding);
    };
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
          checkTimeBound();
          const finding = toFinding(resource, active, input);
          if (finding) produced.push(finish(finding));
        },
      };
      const step = () => {
        if (rule.match && !rule.match(resource)) return;
        rule.check(resource, context);
      };
      try {
        if (deadline === Infinity) step();
        else withTimeBound(deadline, step, now);
      } catch (error) {
        produced.length = 0;
        if (error instanceof TimeBoundExceeded && deadline !== Infinity) {
          overrun.add(resource.file);
          findings.push(redact(timeBoundFinding(resource, bound.maxFileMillis!, rule.id)));
          break;
        }
        if (error instanceof TimeBoundExceeded) throw error; // an outer bound (the caller's) is spent
        produced.push(
          finish(
            toFinding(
              resource,
              { ...active, rule: { ...rule, id: ENGINE_RULES.ruleError }, severity: 'high' },
              {
                path: [],
                message: `Rule ${rule.id} failed on this resource (${(error as Error)?.message ?? String(error)}); it was not checked.`,
                key: rule.id,
              },
            )!,
          ),
        );
      }
      for (const finding of produced) findings.push(finding);
    }
    spent.set(resource.file, (spent.get(resource.file) ?? 0) + now() - started);
  }
  previousSource?.releaseCaches();
  return findings;
}

export interface RuleTimeBound {
  /** Time the rules may spend on one file's resources; the file's remaining resources are then not judged (a finding says so). */
  maxFileMillis?: number;
  /** Applied to each finding as it is made, inside the step's bound (the scan's redaction). */
  redact?: (finding: Finding) => Finding;
  /** Time each file has spent already (loading it, collecting its secrets): counted against the bound. */
  spent?: ReadonlyMap<string, number>;
  now?: () => number;
}

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
  redact: (finding: Finding) => Finding,
): { rules: Set<string>; reason: string } | undefined {
  const annotations = annotationsOf(resource.object);
  const ignored = annotations[IGNORE_ANNOTATION];
  if (ignored === undefined) return undefined;
  const reason = annotations[IGNORE_REASON_ANNOTATION]?.trim();
  if (!reason) {
    findings.push(
      redact(
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
      ),
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
