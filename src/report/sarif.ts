import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, ReportingDescriptor, Result } from 'sarif';
import type { Rule } from '../engine/index.js';
import { atLeast, type Finding, type Severity } from '../model/index.js';
import { ruleDocUrl } from './rule-links.js';
import { markdownText, safeJson } from './safe-text.js';

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export interface SarifOptions {
  version: string;
  /** Every rule of the catalogue, for help text; findings of unknown rules get a minimal entry. */
  rules: readonly Rule<unknown>[];
  /** Folder that relative URIs are relative to (code scanning wants paths from the repository root: the git top level). */
  root?: string;
  /** Folder the findings' relative paths are relative to (where the command runs; default `root`). */
  cwd?: string;
}

/** GitHub code scanning shows at most this many results of one run (the rest are dropped). */
export const GITHUB_SARIF_RESULT_LIMIT = 5000;

/** SARIF 2.1.0 for GitHub code-scanning upload. */
export function renderSarif(findings: readonly Finding[], options: SarifOptions): string {
  const listed = findings.filter((f) => !f.suppressed);
  const ruleById = new Map(options.rules.map((r) => [r.id, r]));
  const usedIds = [...new Set(listed.map((f) => f.ruleId))].sort();
  const worst = new Map<string, Severity>();
  for (const f of listed)
    if (!worst.has(f.ruleId) || atLeast(f.severity, worst.get(f.ruleId)!)) worst.set(f.ruleId, f.severity);
  const descriptors: ReportingDescriptor[] = usedIds.map((id) =>
    descriptor(id, ruleById.get(id), worst.get(id)!),
  );
  const index = new Map(usedIds.map((id, i) => [id, i]));
  const results: Result[] = listed.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file, options.root, options.cwd ?? options.root),
          region: { startLine: f.line, startColumn: f.column, ...(f.endLine ? { endLine: f.endLine } : {}) },
        },
        ...(f.resource
          ? {
              logicalLocations: [
                {
                  name: f.resource.name,
                  fullyQualifiedName: `${f.resource.kind}/${f.resource.namespace ? f.resource.namespace + '/' : ''}${f.resource.name}${f.path ? ':' + f.path : ''}`,
                  kind: 'resource',
                },
              ],
            }
          : {}),
      },
    ],
    partialFingerprints: { 'gitopsGuard/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      ...(f.status ? { status: f.status } : {}),
      ...(f.targets ? { targets: f.targets } : {}),
    },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops-guard',
            version: options.version,
            informationUri: 'https://github.com/gitops-guard/gitops-guard',
            rules: descriptors,
          },
        },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return safeJson(JSON.stringify(log, null, 2)) + '\n';
}

/**
 * A rule's descriptor. Every referenced rule has a full description and help (GitHub's ingestion
 * rule GH2012). `security-severity` (what makes a result a security alert) follows the most
 * severe result of the rule in this run, and is left out when that is `info`: notes (a skipped
 * template, a policy not evaluated) are not security alerts.
 */
function descriptor(id: string, rule: Rule<unknown> | undefined, severity: Severity): ReportingDescriptor {
  const security = severity === 'info' ? {} : { 'security-severity': SECURITY_SEVERITY[severity] };
  if (!rule) {
    const text = `Finding ${id} of gitops-guard (a rule without catalogue metadata).`;
    return {
      id,
      name: id,
      shortDescription: { text: id },
      fullDescription: { text },
      help: { text, markdown: text },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: severity === 'info' ? ['kubernetes'] : ['security', 'kubernetes'], ...security },
    };
  }
  const refs = Object.entries(rule.references)
    .filter(([k, v]) => k !== 'links' && v?.length)
    .map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`);
  // Custom rules and admission policies are written in the repository: their texts are escaped like
  // any repository text (no HTML, links, mentions or markup of their own); ours read the same.
  const markdown = [
    markdownText(rule.description),
    `**Remediation:** ${markdownText(rule.remediation)}`,
    ...(refs.length ? [`**Equivalent checks:** ${markdownText(refs.join('; '))}`] : []),
  ].join('\n\n');
  const helpUri = ruleDocUrl(id);
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nRemediation: ${rule.remediation}`, markdown },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...(severity === 'info' ? [] : ['security']), 'kubernetes', rule.category],
      ...security,
      precision: 'high',
      references: rule.references,
    },
  };
}

function artifactLocation(file: string, root: string | undefined, cwd: string | undefined): ArtifactLocation {
  let path = file;
  if (isAbsolute(path) || (root && cwd && cwd !== root)) {
    const full = cwd ? resolve(cwd, path) : path;
    const rel = root ? relative(root, full) : '';
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(full).href };
    path = rel;
  }
  return {
    uri: path
      .split(sep)
      .join('/')
      .replace(/\\/g, '/')
      .replace(/^\.\//, '')
      .split('/')
      .map(encodeURIComponent)
      .join('/'),
    uriBaseId: '%SRCROOT%',
  };
}
