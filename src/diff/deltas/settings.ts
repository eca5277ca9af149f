import type { Severity } from '../../model/index.js';
import { deltaRules } from './index.js';
import type { ActiveDelta } from './types.js';

/**
 * `rules.<delta-id>` settings belong to the diff, not to the scan configuration (which rejects
 * unknown rule ids): returns the raw configuration without them, and the deltas they configure
 * (`off`, a severity, or `{ enabled, severity }`; deltas not mentioned run at their default severity).
 */
export function splitDeltaSettings(raw: unknown): { raw: unknown; deltas: ActiveDelta[] } {
  const config = raw as { rules?: Record<string, unknown> } | undefined;
  const ids = new Set(deltaRules.map((r) => r.id));
  const settings = config && typeof config === 'object' && config.rules && typeof config.rules === 'object' ? config.rules : {};
  const rest = Object.fromEntries(Object.entries(settings).filter(([id]) => !ids.has(id)));
  const deltas: ActiveDelta[] = [];
  for (const rule of deltaRules) {
    const setting = settings[rule.id];
    const object = typeof setting === 'object' && setting !== null ? (setting as { enabled?: boolean; severity?: Severity }) : undefined;
    if (setting === 'off' || object?.enabled === false) continue;
    deltas.push({ rule, severity: (typeof setting === 'string' ? (setting as Severity) : object?.severity) ?? rule.severity });
  }
  const outRaw = config && typeof config === 'object' && config.rules && typeof config.rules === 'object' ? { ...config, rules: rest } : raw;
  return { raw: outRaw, deltas };
}
