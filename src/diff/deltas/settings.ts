import { parseConfig, type ConfigError } from '../../config/resolve.js';
import type { Severity } from '../../model/index.js';
import { deltaRules } from './all.js';
import type { ActiveDelta } from './types.js';

/**
 * `rules.<delta-id>` settings belong to the diff, not to the scan configuration (which rejects
 * unknown rule ids): returns the raw configuration without them, and the deltas they configure
 * (`off`, a severity, or `{ enabled, severity }`; deltas not mentioned run at their default severity).
 * Invalid delta settings are `errors` naming the key, as the configuration schema names them; the
 * deltas are then those of an empty configuration (every delta at its default severity).
 */
export function splitDeltaSettings(raw: unknown): {
  raw: unknown;
  deltas: ActiveDelta[];
  errors: ConfigError[];
} {
  const config = raw as { rules?: Record<string, unknown> } | undefined;
  const ids = new Set(deltaRules.map((r) => r.id));
  const settings =
    config && typeof config === 'object' && config.rules && typeof config.rules === 'object'
      ? config.rules
      : {};
  const rest = Object.fromEntries(Object.entries(settings).filter(([id]) => !ids.has(id)));
  const own = Object.fromEntries(Object.entries(settings).filter(([id]) => ids.has(id)));
  const { errors } = parseConfig(Object.keys(own).length ? { rules: own } : undefined);
  const deltas: ActiveDelta[] = [];
  for (const rule of deltaRules) {
    const setting = errors.length ? undefined : settings[rule.id];
    const object =
      typeof setting === 'object' && setting !== null
        ? (setting as { enabled?: boolean; severity?: Severity })
        : undefined;
    if (setting === 'off' || setting === false || object?.enabled === false) continue;
    deltas.push({
      rule,
      severity: (typeof setting === 'string' ? (setting as Severity) : object?.severity) ?? rule.severity,
    });
  }
  const outRaw =
    config && typeof config === 'object' && config.rules && typeof config.rules === 'object'
      ? { ...config, rules: rest }
      : raw;
  return { raw: outRaw, deltas, errors };
}
