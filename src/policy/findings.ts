import type { Finding, Severity } from '../model/index.js';
import {
  describeResource,
  fingerprintOf,
  resourceKey,
  type PathSegment,
  type Resource,
} from '../manifests/index.js';

/** Rule ids of findings about the policies themselves. */
export const POLICY_RULES = {
  /** A rule file that does not parse, an expression that does not compile or fails at run time. */
  error: 'policy-error',
  /** A policy or a part of one that cannot be evaluated offline. */
  notEvaluated: 'policy-not-evaluated',
} as const;

export const POLICY_ERROR_SEVERITY: Severity = 'medium';

/** Where a policy problem is: a line of a policy file, or a path inside a policy resource. */
export interface PolicyLocation {
  file: string;
  line: number;
  column: number;
  resource?: Resource;
  path?: PathSegment[];
}

export function locateIn(resource: Resource, path: PathSegment[]): PolicyLocation {
  const located = resource.source.locate([...resource.basePath, ...path]);
  return { file: located.file ?? resource.file, line: located.line, column: located.column, resource, path };
}

export function policyFinding(
  ruleId: string,
  severity: Severity,
  message: string,
  at: PolicyLocation,
  key = '',
): Finding {
  const r = at.resource;
  const path = (at.path ?? []).map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
  return {
    ruleId,
    severity,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    ...(r
      ? { resource: { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name } }
      : {}),
    path,
    fingerprint: fingerprintOf(ruleId, r ? resourceKey(r) : at.file, path, key || message),
  };
}

/**
 * Runtime errors of policy expressions, collected while the engine runs the rules and
 * reported once per expression (on the policy's file and line) after the run.
 */
export class RuntimeErrors {
  private readonly byKey = new Map<
    string,
    {
      at: PolicyLocation;
      policy: string;
      error: string;
      first: Resource;
      count: number;
      notEvaluated: boolean;
    }
  >();

  /** An expression failed on a resource (a `policy-error`). */
  record(key: string, policy: string, at: PolicyLocation, resource: Resource, error: string): void {
    this.add(key, policy, at, resource, error, false);
  }

  /** A policy could not be evaluated on a resource (a `policy-not-evaluated`); `reason` follows "because". */
  notEvaluated(key: string, policy: string, at: PolicyLocation, resource: Resource, reason: string): void {
    this.add(`ne:${key}`, policy, at, resource, reason, true);
  }

  private add(
    key: string,
    policy: string,
    at: PolicyLocation,
    resource: Resource,
    error: string,
    notEvaluated: boolean,
  ): void {
    const entry = this.byKey.get(key);
    if (entry) entry.count++;
    else this.byKey.set(key, { at, policy, error, first: resource, count: 1, notEvaluated });
  }

  findings(): Finding[] {
    return [...this.byKey.entries()].map(([key, e]) => {
      const on = `${describeResource(e.first)} (${e.first.file})${e.count > 1 ? ` and ${e.count - 1} more resource${e.count > 2 ? 's' : ''}` : ''}`;
      return e.notEvaluated
        ? policyFinding(
            POLICY_RULES.notEvaluated,
            'info',
            `${e.policy}: not evaluated on ${on}, because ${e.error}.`,
            e.at,
            key,
          )
        : policyFinding(
            POLICY_RULES.error,
            POLICY_ERROR_SEVERITY,
            `${e.policy}: the expression failed on ${on}: ${e.error}. Those resources were not checked by this expression.`,
            e.at,
            key,
          );
    });
  }

  clear(): void {
    this.byKey.clear();
  }
}
