import type { Finding, ResourceRef } from '../model/index.js';
import type { ActiveRule, ExceptionRule, ScanOptions } from '../engine/index.js';
import type { LoadedFile, Resource } from '../manifests/index.js';
import type { ActiveDelta } from './deltas/types.js';
import type { Redactor } from '../redaction/index.js';

/** One changed file of a change set: either side may be missing (added or deleted files). */
export interface ChangedFile {
  /** Path on head (for a deleted file, its path on base). */
  path: string;
  /** Path on base when the file was renamed. */
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  base?: string | Uint8Array;
  head?: string | Uint8Array;
  /** The unified-diff hunks of the file when known (GitHub's `patch`). */
  patch?: string;
}

export interface DiffInput {
  files: readonly ChangedFile[];
  rules: readonly ActiveRule[];
  options: ScanOptions;
  exceptions?: readonly ExceptionRule[];
  today?: string;
  configFile?: string;
  /** Risky deltas to look for, with their severities (default: every delta at its default severity). */
  deltas?: readonly ActiveDelta[];
  /** Files the change does not touch (the same on both sides): their Kustomizations say which changed files are patches. */
  unchanged?: readonly { path: string; content: string | Uint8Array }[];
  /** Loads a file (default: parses it); the judgement passes the loads it already made, so no text is parsed twice. */
  load?: (path: string, content: string | Uint8Array) => LoadedFile;
  /**
   * Unchanged resources (the same on both sides) that the rules read, and among them the dependents:
   * judged on both sides by the rules that declare dependencies, reported only when their findings
   * change (docs/diff.md). `because`: why, for the message (`ClusterRole x changed`).
   */
  context?: {
    resources: readonly Resource[];
    dependents: ReadonlyArray<{ resource: Resource; because(ruleId: string): string }>;
  };
}

export interface ResourceChange {
  change: 'added' | 'removed' | 'modified';
  resource: ResourceRef;
  /** File on head (on base for removed resources). */
  file: string;
  /** File on base when the resource moved between files. */
  previousFile?: string;
  /** Compact summary of what changed: `spec.replicas: 2 -> 3`, `+ spec.template.spec.containers[name=sidecar]`. */
  summary: string[];
  /** The rendered targets whose output changed this way; absent for files judged as they are. */
  targets?: string[];
}

/** Lines of a head file that the change touched, and the lines a review comment may anchor to. */
export interface ChangedLines {
  /** Lines added or modified on head (the `+` lines). */
  added: number[];
  /** Every head line inside a hunk (added and context lines): where GitHub accepts RIGHT-side comments. */
  commentable: number[];
}

export interface DiffResult {
  /** Head findings with status introduced or existing, plus base findings with status fixed (their file/line are base's). */
  findings: Finding[];
  resources: ResourceChange[];
  changedLines: Record<string, ChangedLines>;
  baseResources: Resource[];
  headResources: Resource[];
  /** Masks the secrets of both sides: findings added after the diff (policies, repository checks) pass through it too. */
  redactor: Redactor;
}
