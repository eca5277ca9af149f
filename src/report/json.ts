import type { Finding } from '../model/index.js';
import type { ScanSummary } from './summary.js';
import { safeJson } from './safe-text.js';

/** The JSON output of `scan` (and, with `status`, of `diff`). Suppressed findings are counted, not listed. */
export function renderJson(findings: readonly Finding[], summary: ScanSummary, extra: Record<string, unknown> = {}): string {
  const listed = findings.filter((f) => !f.suppressed).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine ? { endLine: f.endLine } : {}),
    resource: f.resource ? { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace ?? null, name: f.resource.name } : null,
    path: f.path,
    fingerprint: f.fingerprint,
    ...(f.status ? { status: f.status } : {}),
    ...(f.targets ? { targets: f.targets } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  }));
  return safeJson(JSON.stringify({ findings: listed, summary, ...extra }, null, 2)) + '\n';
}
