import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { packSchema, type PolicyPack } from '../config/resolve.js';

export const CONFIG_NAMES = ['.github/gitops-guard.yml', '.github/gitops-guard.yaml'];

/** Finds the configuration of the repository that holds `start`: walks up to the folder with `.git`. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface RawConfig {
  file?: string;
  raw: unknown;
  /** A YAML syntax error in the configuration file. */
  error?: string;
}

export function readConfigFile(file: string | undefined): RawConfig {
  if (!file) return { raw: undefined };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, raw: undefined, error: (error as Error).message.split('\n')[0] };
  }
  return parseConfigText(text, file);
}

/** Parses the configuration as YAML 1.2 (`on`/`off` stay strings), the same for `scan` and `diff` (which reads it from the base ref). */
export function parseConfigText(text: string, file: string): RawConfig {
  try {
    return { file, raw: parse(text, { version: '1.2', uniqueKeys: true }) };
  } catch (error) {
    return { file, raw: undefined, error: (error as Error).message.split('\n')[0] };
  }
}

/** The built-in packs shipped in `policies/`. */
export function builtinPacksDir(): string {
  return fileURLToPath(new URL('../../policies/', import.meta.url));
}

export function loadPacks(dir: string): { packs: PolicyPack[]; errors: string[] } {
  const packs: PolicyPack[] = [];
  const errors: string[] = [];
  if (!existsSync(dir)) return { packs, errors };
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    try {
      const result = packSchema.safeParse(parse(readFileSync(join(dir, name), 'utf8')));
      if (result.success) packs.push(result.data as PolicyPack);
      else
        errors.push(
          `${name}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { packs, errors };
}
