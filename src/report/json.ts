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
  return [...renderJsonChunks(findings, summary, extra, options)].join('');
}

/**
 * `renderJson` in pieces (one per finding), the same text once joined: the CLI writes them as
 * they come, so a report of many findings is never one string in memory.
 */
export function* renderJsonChunks(
  findings: readonly Finding[],
  summary: ScanSummary,
  extra: Record<string, unknown> = {},
  options: JsonOptions = {},
): Generator<string> {
  const active = findings.filter((f) => !f.suppressed);
  const shown = options.minSeverity
    ? active.filter((f) => atLeast(f.severity, options.minSeverity!))
    : active;
  const hidden = options.minSeverity
    ? { hidden: active.length - shown.length, minSeverity: options.minSeverity }
    : {};
  // JSON.stringify(whole, null, 2) piece by piece: each value indented to its depth (strings hold no raw newline).
  const nested = (value: unknown, indent: string) =>
    safeJson(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${indent}`);
  if (shown.length === 0) yield '{\n  "findings": [],\n';
  else {
    yield '{\n  "findings": [\n';
    for (let i = 0; i < shown.length; i++)
      yield `    ${nested(listed(shown[i]!, options), '    ')}${i + 1 < shown.length ? ',' : ''}\n`;
    yield '  ],\n';
  }
  const rest = { summary: { ...summary, ...hidden }, ...extra };
  const tail = Object.entries(rest).filter(([, value]) => value !== undefined && typeof value !== 'function');
  yield tail.map(([key, value]) => `  ${JSON.stringify(key)}: ${nested(value, '  ')}`).join(',\n');
  yield '\n}\n';
}

function listed(f: Finding, options: JsonOptions) {
  return {
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
  };
}
