import type { Finding } from '../model/index.js';
import { DEFAULT_LIMITS, loadManifestFile, markKustomizePatches, type LoadLimits, type Resource } from '../manifests/index.js';
import { applyExceptions, type ExceptionRule } from './exceptions.js';
import { runRules } from './run-rules.js';
import type { ActiveRule, ScanOptions } from './types.js';

export interface ManifestFile {
  /** Path as the user gave it or relative to the repository root. */
  path: string;
  content: string | Uint8Array;
}

export interface ScanInput {
  files: readonly ManifestFile[];
  rules: readonly ActiveRule[];
  options: ScanOptions;
  exceptions?: readonly ExceptionRule[];
  /** YYYY-MM-DD, for exception expiry (the adapter passes the clock in). */
  today?: string;
  configFile?: string;
  limits?: LoadLimits;
  /** Patch files named by Kustomizations outside `files` (an unchanged kustomization.yaml of a diff). */
  patchFiles?: ReadonlySet<string>;
}

export interface ScanResult {
  findings: Finding[];
  resources: Resource[];
  fileCount: number;
}

/** Load, check and apply exceptions: the whole pure pipeline for a set of files. */
export function scanFiles(input: ScanInput): ScanResult {
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  for (const file of input.files) {
    const loaded = loadManifestFile(file.path, file.content, input.limits ?? DEFAULT_LIMITS);
    resources.push(...loaded.resources);
    findings.push(...loaded.findings);
  }
  markKustomizePatches(resources, input.patchFiles);
  findings.push(...runRules(resources, input.rules, input.options));
  const withExceptions = applyExceptions(findings, input.exceptions ?? [], input.today ?? new Date().toISOString().slice(0, 10), input.configFile ?? '.github/gitops-guard.yml');
  return { findings: sortFindings(withExceptions), resources, fileCount: input.files.length };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId)));
}
