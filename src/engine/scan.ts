import type { Finding } from '../model/index.js';
import {
  DEFAULT_LIMITS,
  loadManifestFile,
  markKustomizePatches,
  type FileContent,
  type LoadedFile,
  type LoadLimits,
  type Resource,
} from '../manifests/index.js';
import { Redactor, redactFindings } from '../redaction/index.js';
import { applyExceptions, type ExceptionRule } from './exceptions.js';
import { runRules } from './run-rules.js';
import type { ActiveRule, ScanOptions } from './types.js';

export interface ManifestFile {
  /** Path as the user gave it or relative to the repository root. */
  path: string;
  content: FileContent;
  /** The file already loaded from `content` (the CLI parses policy files first): not parsed again. */
  loaded?: LoadedFile;
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
  /** Masks the secret values of these resources: every output of the scan passes through it. */
  redactor: Redactor;
}

/** Load, check and apply exceptions: the whole pure pipeline for a set of files. */
export function scanFiles(input: ScanInput): ScanResult {
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  const limits = input.limits ?? DEFAULT_LIMITS;
  const configured = new Map(
    input.rules.filter((r) => r.severity !== r.rule.severity).map((r) => [r.rule.id, r.severity]),
  );
  for (const file of input.files) {
    const loaded = file.loaded ?? loadManifestFile(file.path, file.content, limits);
    resources.push(...loaded.resources);
    // A file that could hide a resource fails at its rule's configured level (high by default); notes stay notes.
    for (const finding of loaded.findings)
      findings.push(
        finding.severity === 'info'
          ? finding
          : { ...finding, severity: configured.get(finding.ruleId) ?? finding.severity },
      );
  }
  markKustomizePatches(resources, input.patchFiles);
  findings.push(...runRules(resources, input.rules, input.options, { maxFileMillis: limits.maxFileMillis }));
  const withExceptions = applyExceptions(
    findings,
    input.exceptions ?? [],
    input.today ?? new Date().toISOString().slice(0, 10),
    input.configFile ?? '.github/gitops-guard.yml',
  );
  const redactor = Redactor.forResources(resources);
  return {
    findings: sortFindings(redactFindings(withExceptions, redactor)),
    resources,
    fileCount: input.files.length,
    redactor,
  };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
