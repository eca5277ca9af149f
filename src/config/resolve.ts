import { globMatch } from '../model/index.js';
import * as z from 'zod';
import type { Severity } from '../model/index.js';
import {
  defaultParams,
  DEFAULT_SCAN_OPTIONS,
  parsePssVersion,
  type ActiveRule,
  type Rule,
  type ScanOptions,
} from '../engine/index.js';
import { configSchema, type Config, type RuleSetting } from './schema.js';

/** A configuration problem, with the exact key that is wrong (`rules.pss-privileged.severity`). */
export interface ConfigError {
  key: string;
  message: string;
}

/** A policy pack (policies/<name>.yml): selects and parameterises rules. */
export interface PolicyPack {
  name: string;
  description?: string;
  extends?: string[];
  /** Globs of rule ids turned on (rules that are on by default only). */
  include?: string[];
  /** Rule categories turned on (rules that are on by default only). */
  categories?: string[];
  rules?: Record<string, RuleSetting>;
}

export const packSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  extends: z.array(z.string()).optional(),
  include: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
  rules: z.record(z.string(), z.unknown()).optional(),
});

const DEFAULT_PACKS = ['recommended'];

export interface ResolvedConfig {
  config: Config;
  rules: ActiveRule[];
  options: ScanOptions;
  severityThreshold: Severity;
  errors: ConfigError[];
}

/** Validates raw configuration (already parsed from YAML). On errors, returns them and safe defaults. */
export function parseConfig(raw: unknown): { config: Config; errors: ConfigError[] } {
  if (raw === undefined || raw === null) return { config: {}, errors: [] };
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, errors: [] };
  return { config: {}, errors: result.error.issues.flatMap((issue) => toConfigErrors(issue, [])) };
}

function toConfigErrors(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ConfigError[] {
  const path = [...prefix, ...issue.path];
  const base = path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return [
      {
        key: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '),
        message: `unknown key${keys.length > 1 ? 's' : ''}`,
      },
    ];
  }
  if (issue.code === 'invalid_union') {
    // A union (a rule setting: `off`, a severity or an object): name the key inside the value when
    // one alternative got that far (`rules.x.severity`), else say which values are allowed.
    const branches = (issue as { errors: z.core.$ZodIssue[][] }).errors;
    const inner = branches.find(
      (b) => b.length > 0 && b.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys'),
    );
    if (inner) return inner.flatMap((i) => toConfigErrors(i, path));
    const allowed = branches
      .flat()
      .flatMap((i) =>
        i.code === 'invalid_value'
          ? (i as { values: unknown[] }).values.map((v) => JSON.stringify(v))
          : i.code === 'invalid_type'
            ? [article((i as { expected: string }).expected)]
            : [],
      );
    if (allowed.length)
      return [
        { key: base || '(root)', message: `Invalid option: expected ${[...new Set(allowed)].join(', ')}` },
      ];
  }
  return [{ key: base || '(root)', message: issue.message }];
}

const article = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/**
 * Turns configuration and packs into the rules of a run. Pure: packs are data the adapter
 * read from `policies/`. Every problem is a ConfigError naming the key; the run still gets
 * safe defaults for whatever was wrong.
 */
export function resolveConfig(
  allRules: readonly Rule<unknown>[],
  packs: readonly PolicyPack[],
  raw: unknown,
): ResolvedConfig {
  const parsed = parseConfig(raw);
  const errors = [...parsed.errors];
  const config = parsed.config;
  const byId = new Map(allRules.map((r) => [r.id, r]));
  const packsByName = new Map(packs.map((p) => [p.name, p]));
  const settings = new Map<
    string,
    { enabled: boolean; severity?: Severity; params?: Record<string, unknown> }
  >();

  const applySetting = (id: string, setting: RuleSetting, key: string) => {
    if (!byId.has(id)) {
      errors.push({ key, message: `unknown rule "${id}"` });
      return;
    }
    const current = settings.get(id) ?? { enabled: true };
    if (setting === 'off' || setting === false) settings.set(id, { ...current, enabled: false });
    else if (typeof setting === 'string') settings.set(id, { ...current, enabled: true, severity: setting });
    else
      settings.set(id, {
        enabled: setting.enabled ?? true,
        severity: setting.severity ?? current.severity,
        params: { ...current.params, ...setting.params },
      });
  };

  const applyPack = (name: string, key: string, seen: Set<string>) => {
    const pack = packsByName.get(name);
    if (!pack) {
      errors.push({
        key,
        message: `unknown policy pack "${name}" (known: ${[...packsByName.keys()].sort().join(', ')})`,
      });
      return;
    }
    if (seen.has(name)) return;
    seen.add(name);
    for (const parent of pack.extends ?? []) applyPack(parent, `${key} (extends ${parent})`, seen);
    for (const glob of pack.include ?? []) {
      for (const rule of allRules)
        if (rule.enabledByDefault !== false && globMatch(rule.id, glob))
          settings.set(rule.id, { ...settings.get(rule.id), enabled: true });
    }
    for (const category of pack.categories ?? []) {
      for (const rule of allRules)
        if (rule.enabledByDefault !== false && rule.category === category)
          settings.set(rule.id, { ...settings.get(rule.id), enabled: true });
    }
    for (const [id, setting] of Object.entries(pack.rules ?? {}) as [string, RuleSetting][])
      applySetting(id, setting, `packs.${name}.rules.${id}`);
  };

  (config.packs ?? DEFAULT_PACKS).forEach((name, i) => applyPack(name, `packs.${i}`, new Set()));
  for (const [id, setting] of Object.entries(config.rules ?? {})) applySetting(id, setting, `rules.${id}`);

  const rules: ActiveRule[] = [];
  for (const rule of allRules) {
    const setting = settings.get(rule.id);
    if (!rule.engineFinding && !setting?.enabled) continue;
    let params = defaultParams(rule);
    if (setting?.params && rule.parameters) {
      const result = rule.parameters.safeParse(setting.params);
      if (result.success) params = result.data;
      else
        for (const issue of result.error.issues)
          errors.push({
            key: `rules.${rule.id}.params${issue.path.length ? '.' + issue.path.join('.') : ''}`,
            message: issue.message,
          });
    } else if (setting?.params && Object.keys(setting.params).length > 0 && !rule.parameters) {
      errors.push({ key: `rules.${rule.id}.params`, message: 'this rule takes no parameters' });
    }
    rules.push({ rule, severity: setting?.severity ?? rule.severity, params });
  }

  const options: ScanOptions = {
    ...DEFAULT_SCAN_OPTIONS,
    profile: config.profile ?? DEFAULT_SCAN_OPTIONS.profile,
    pssVersion: (config.pssVersion && parsePssVersion(config.pssVersion)) || DEFAULT_SCAN_OPTIONS.pssVersion,
    production: {
      namespaces: config.production?.namespaces ?? [],
      paths: config.production?.paths ?? [],
      clusters: config.production?.clusters ?? [],
    },
  };
  return { config, rules, options, severityThreshold: config.severityThreshold ?? 'high', errors };
}
