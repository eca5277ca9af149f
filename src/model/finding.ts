/** Shared plain-data types. Imports nothing, so every layer may use them. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Replace lines startLine..endLine (1-based, inclusive) of the file with `newText` (no trailing newline). */
interface LineEdit {
  startLine: number;
  endLine: number;
  newText: string;
}

export interface Fix {
  description: string;
  edits: LineEdit[];
}

export type FindingStatus = 'introduced' | 'existing' | 'fixed';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  /** 1-based line of the offending field, or of its nearest existing parent. */
  line: number;
  /** 1-based column. */
  column: number;
  endLine?: number;
  resource?: ResourceRef;
  /** Path inside the resource, list items named by their `name` where they have one: `spec.containers[name=app].image`. */
  path: string;
  /** Stable across pushes and line moves: rule + resource identity + path. */
  fingerprint: string;
  fix?: Fix;
  status?: FindingStatus;
  /** The rendered targets this finding was found in (`clusters/prod (Flux Kustomization flux-system/apps)`); absent for files judged as they are. */
  targets?: string[];
  /** Set when an exception or annotation suppressed the finding (kept for reporting, never counted). */
  suppressed?: { by: 'annotation' | 'exception'; reason: string };
}
