import type { Severity } from '../../model/index.js';
import type { Rule, RuleMeta } from '../../engine/index.js';
import type { PathSegment, Resource } from '../../manifests/index.js';

export interface DeltaReport {
  /** Path inside the object of the side the finding sits on. */
  path: PathSegment[];
  message: string;
  /** Which version the finding points at (default: head when the resource exists there, else base). */
  on?: 'head' | 'base';
  /** Extra identity when one delta reports several findings on the same path. */
  key?: string;
  severity?: Severity;
}

export interface DeltaContext {
  report(input: DeltaReport): void;
}

/**
 * A risky delta: a change that is not a violation by itself (each version may pass every rule)
 * but weakens security. Rule-like, so the docs and the rule catalogue can list it; `check` is a
 * no-op and `engineFinding` is set, because it never runs on one version alone.
 */
export interface DeltaRule extends Rule<unknown> {
  engineFinding: true;
  /** Which resources the delta looks at; it runs when either version matches. */
  match: (resource: Resource) => boolean;
  /** Compares the base and head versions of one resource (either may be missing). */
  compare(base: Resource | undefined, head: Resource | undefined, context: DeltaContext): void;
}

/** A delta as configured for a run. */
export interface ActiveDelta {
  rule: DeltaRule;
  severity: Severity;
}

export function defineDelta(
  meta: Omit<RuleMeta, 'engineFinding'> & Pick<DeltaRule, 'match' | 'compare'>,
): DeltaRule {
  return { ...meta, engineFinding: true, check: () => undefined };
}
