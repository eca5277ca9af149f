import { resolveConfig, type PolicyPack } from '../config/resolve.js';
import { splitDeltaSettings } from '../diff/deltas/settings.js';
import type { Rule } from '../engine/index.js';
import { resolveRepositoryConfig } from '../repo-checks/config.js';
import type { ResolvedSettings } from './types.js';

const DEFAULT_CONFIG_FILE = '.github/gitops-guard.yml';

export interface SettingsInput {
  /** The configuration as parsed from YAML (undefined: none). Always the BASE side's. */
  raw: unknown;
  rules: readonly Rule<unknown>[];
  packs: readonly PolicyPack[];
  configFile?: string;
  today: string;
}

/**
 * Configuration + packs + risky-delta settings + repository-check settings, for the pull-request
 * review, the push check and the CLI alike. An invalid configuration is never half-applied: the
 * errors come back with the built-in safe defaults.
 */
export function resolveSettings(input: SettingsInput): ResolvedSettings {
  // `rules.<delta-id>` (docs/diff.md) configures the risky-change rules of the diff, not the scan rules.
  const split = splitDeltaSettings(input.raw);
  const resolved = resolveConfig(input.rules, input.packs, split.raw);
  const errors = [...resolved.errors, ...split.errors];
  const chosen = errors.length ? resolveConfig(input.rules, input.packs, undefined) : resolved;
  const config = chosen.config;
  return {
    errors,
    settings: {
      config,
      rules: chosen.rules,
      catalogue: input.rules,
      options: chosen.options,
      threshold: chosen.severityThreshold,
      failOn: config.review?.failOn ?? 'introduced',
      advisory: config.review?.advisory ?? false,
      deltas: errors.length ? splitDeltaSettings(undefined).deltas : split.deltas,
      repository: resolveRepositoryConfig(config.repository),
      configFile: input.configFile ?? DEFAULT_CONFIG_FILE,
      today: input.today,
    },
  };
}
