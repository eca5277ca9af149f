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
import { Redactor, redactFinding, redactFindings } from '../redaction/index.js';
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
  /**
   * Resources outside `files` that the rules read but do not judge (a diff's unchanged context,
   * docs/diff.md), and among them the dependents: judged by the rules that declare `dependsOn` only.
   */
  context?: { resources: readonly Resource[]; dependents: readonly Resource[] };
}

export interface ScanResult {
  findings: Finding[];
  /** Findings on `context.dependents` (kept apart: a diff reports only those that change). */
  dependentFindings: Finding[];
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
  // Each file's time bound covers its loading, its secrets and its rules (src/model/time-bound.ts).
  const spent = new Map<string, number>();
  for (const file of input.files) {
    const started = Date.now();
    const loaded = file.loaded ?? loadManifestFile(file.path, file.content, limits);
    spent.set(loaded.file, (spent.get(loaded.file) ?? 0) + Date.now() - started);
    for (const resource of loaded.resources) resources.push(resource); // a List can hold 200,000 items: no spread
    // A file that could hide a resource fails at its rule's configured level (high by default); notes stay notes.
    for (const finding of loaded.findings)
      findings.push(
        finding.severity === 'info'
          ? finding
          : { ...finding, severity: configured.get(finding.ruleId) ?? finding.severity },
      );
  }
  const context = input.context;
  // One list for both runs: the rules' indexes over it are built once.
  const visible = context ? [...resources, ...context.resources] : resources;
  // The context's patch files too: a pod of an unchanged patch judged again is still a partial resource.
  markKustomizePatches(visible, input.patchFiles);
  // Secrets first: a file whose secrets are not all known has its findings' texts withheld.
  const redactor = Redactor.forResources(context ? [...resources, ...context.dependents] : resources, {
    maxFileMillis: limits.maxFileMillis,
    spent,
  });
  const bound = {
    maxFileMillis: limits.maxFileMillis,
    spent,
    redact: (finding: Finding) => redactFinding(finding, redactor),
  };
  for (const finding of runRules(resources, input.rules, input.options, bound, visible))
    findings.push(finding);
  const dependentFindings = context?.dependents.length
    ? runRules(
        context.dependents,
        input.rules.filter((r) => r.rule.dependsOn !== undefined),
        input.options,
        bound,
        visible,
      )
    : [];
  // Exceptions mark the findings they cover in place; the dependents' findings are then set apart again.
  const withExceptions = applyExceptions(
    [...findings, ...dependentFindings],
    input.exceptions ?? [],
    input.today ?? new Date().toISOString().slice(0, 10),
    input.configFile ?? '.github/gitops-guard.yml',
  );
  const ofDependents = new Set(dependentFindings);
  return {
    findings: sortFindings(
      redactFindings(
        withExceptions.filter((f) => !ofDependents.has(f)),
        redactor,
      ),
    ),
    dependentFindings: sortFindings(redactFindings(dependentFindings, redactor)),
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
