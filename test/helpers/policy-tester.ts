import { DEFAULT_SCAN_OPTIONS, runRules } from '../../src/engine/index.js';
import { loadManifestFile, type Resource } from '../../src/manifests/index.js';
import type { Finding } from '../../src/model/index.js';
import { compileRepositoryPolicies, type PolicyOptions } from '../../src/policy/index.js';

function load(files: Record<string, string>): Resource[] {
  return Object.entries(files).flatMap(([path, text]) => loadManifestFile(path, text).resources);
}

/** Compiles policies from `base` (and custom rule files), runs them on `head`; returns all findings. */
export function evaluate(
  base: Record<string, string>,
  head: Record<string, string> = base,
  options: PolicyOptions = {},
): { findings: Finding[]; policyFindings: Finding[]; ruleIds: string[] } {
  const baseResources = load(base);
  const headResources = head === base ? baseResources : load(head);
  const compiled = compileRepositoryPolicies(baseResources, options);
  const findings = runRules(headResources, compiled.active, DEFAULT_SCAN_OPTIONS);
  return {
    findings,
    policyFindings: [...compiled.findings, ...compiled.runtimeFindings()],
    ruleIds: compiled.rules.map((r) => r.id),
  };
}

export const summary = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.message}`;
