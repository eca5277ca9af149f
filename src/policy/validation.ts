import { celErrorMessage, fromCel, type CelProgram } from './cel.js';
import type { PolicyLocation } from './findings.js';

/**
 * One evaluation of CEL `validations`, shared by custom rules, ValidatingAdmissionPolicies and
 * Kyverno `cel` rules. It fails closed: an expression that throws, exceeds its bounds or
 * returns anything but a bool is an error (the caller reports a `policy-error` on the
 * expression's file and line), never a pass.
 */
export interface CelValidation {
  program: CelProgram;
  /** The expression's text, for the default message. */
  text: string;
  message?: string;
  messageProgram?: CelProgram;
  reason?: string;
  at: PolicyLocation;
}

export type ValidationOutcome =
  { status: 'pass' } | { status: 'fail'; message: string } | { status: 'error'; error: string };

/** Runs one expression; an exception becomes an error message. */
export function runCel(
  program: CelProgram,
  vars: Record<string, unknown>,
): { value: unknown } | { error: string } {
  try {
    return { value: program(vars) };
  } catch (e) {
    return { error: celErrorMessage(e) };
  }
}

/** The CEL type of a result, for the error message. */
function celTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object')
    return value instanceof Map || value.constructor === Object ? 'map' : value.constructor.name;
  return typeof value;
}

/** Evaluates one validation: its expression must return a bool; a false one yields its message. */
export function evaluateValidation(
  v: CelValidation,
  vars: Record<string, unknown>,
  defaultMessage = `failed expression: ${v.text.trim()}`,
): ValidationOutcome {
  const result = runCel(v.program, vars);
  if ('error' in result) return { status: 'error', error: result.error };
  if (result.value === true) return { status: 'pass' };
  if (result.value !== false) {
    const shown = JSON.stringify(fromCel(result.value)) ?? String(result.value);
    const type = celTypeOf(result.value);
    const value = type === 'null' ? '' : ` ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
    return { status: 'error', error: `the expression returned ${type}${value}, not a bool` };
  }
  let message = v.message ?? defaultMessage;
  if (v.messageProgram) {
    // As the API server: a messageExpression that fails or is not one non-empty line falls back to `message`.
    const m = runCel(v.messageProgram, vars);
    if ('value' in m && typeof m.value === 'string' && m.value.trim() && !m.value.includes('\n'))
      message = m.value;
  }
  return { status: 'fail', message: message + (v.reason ? ` (${v.reason})` : '') };
}

/**
 * Evaluates `variables` in order into `vars.variables` (each may use the ones before it);
 * the first failure stops and is returned with the variable that failed.
 */
export function evaluateVariables<V extends { name: string; program: CelProgram }>(
  variables: readonly V[],
  vars: Record<string, unknown>,
): { failed: V; error: string } | undefined {
  const computed: Record<string, unknown> = {};
  vars.variables = computed;
  for (const v of variables) {
    const r = runCel(v.program, vars);
    if ('error' in r) return { failed: v, error: r.error };
    computed[v.name] = r.value;
  }
  return undefined;
}
