import { atLeast, type Finding, type Severity } from '../model/index.js';
import type { ScanSummary } from './summary.js';
import { safeJson } from './safe-text.js';

export interface JsonOptions {
  /** Only with `--min-severity`: findings below it are counted in `summary.hidden`, not listed. */
  minSeverity?: Severity;
  /** Adds `remediation` (one line) and `helpUri` (the rule's page) to each finding. */
  help?: (ruleId: string) => { remediation?: string; helpUri?: string };
}

/** The JSON output of `scan` (and, with `status`, of `diff`). Suppressed findings are counted, not listed. */
export function renderJson(
  findings: readonly Finding[],
  summary: ScanSummary,
  extra: Record<string, unknown> = {},
  options: JsonOptions = {},
): string {
  const active = findings.filter((f) => !f.suppressed);
  const shown = options.minSeverity
    ? active.filter((f) => atLeast(f.severity, options.minSeverity!))
    : active;
  const listed = shown.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine ? { endLine: f.endLine } : {}),
    resource: f.resource
      ? {
          apiVersion: f.resource.apiVersion,
          kind: f.resource.kind,
          namespace: f.resource.namespace ?? null,
          name: f.resource.name,
        }
      : null,
    path: f.path,
    fingerprint: f.fingerprint,
    ...(f.status ? { status: f.status } : {}),
    ...(f.targets ? { targets: f.targets } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
    ...options.help?.(f.ruleId),
  }));
  const hidden = options.minSeverity
    ? { hidden: active.length - shown.length, minSeverity: options.minSeverity }
    : {};
  return (
    safeJson(JSON.stringify({ findings: listed, summary: { ...summary, ...hidden }, ...extra }, null, 2)) +
    '\n'
  );
}
