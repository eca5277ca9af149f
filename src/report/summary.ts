import { SEVERITIES, atLeast, type Finding, type Severity } from '../model/index.js';

export interface ScanSummary {
  files: number;
  resources: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  /** Findings at or above the threshold (what decides the exit code). */
  failing: number;
  threshold: Severity;
}

export function summarize(
  findings: readonly Finding[],
  files: number,
  resources: number,
  threshold: Severity,
): ScanSummary {
  const active = findings.filter((f) => !f.suppressed);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active) bySeverity[f.severity]++;
  return {
    files,
    resources,
    findings: active.length,
    bySeverity,
    suppressed: findings.length - active.length,
    failing: active.filter((f) => atLeast(f.severity, threshold)).length,
    threshold,
  };
}
