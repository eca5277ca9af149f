import { load as loadYaml } from 'js-yaml';
import type { Finding, Severity } from '../model/index.js';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, stablePath } from '../engine/index.js';
import {
  annotationsOf,
  fingerprintOf,
  isObject,
  resourceKey,
  SourceDocument,
  type Resource,
} from '../manifests/index.js';
import type { ChangedFile } from './types.js';

export const SUPPRESSION_ADDED_RULE = 'suppression-added';

/** The rules a resource's `gitops-guard.io/ignore` annotation suppresses (only with a reason, as the engine applies it). */
export function suppressedRules(resource: Resource | undefined): Set<string> {
  if (!resource) return new Set();
  const annotations = annotationsOf(resource.object);
  const ignored = annotations[IGNORE_ANNOTATION];
  if (ignored === undefined || !annotations[IGNORE_REASON_ANNOTATION]?.trim()) return new Set();
  return new Set(
    ignored
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/**
 * A suppression the change itself adds does not suppress the change's findings: whoever writes
 * the change could otherwise wave its own violations through. For every head resource whose
 * annotation suppresses a rule its base version did not, the findings of that rule count again,
 * and a `suppression-added` finding (introduced) names the suppression; once it is on the base
 * branch it applies like any other. Mutates `findings` (status-annotated head findings).
 */
export function applyNewSuppressions(
  findings: Finding[],
  pairs: readonly { base?: Resource; head?: Resource }[],
  severity: Severity,
): Finding[] {
  const added: Finding[] = [];
  for (const { base, head } of pairs) {
    if (!head) continue;
    const onBase = suppressedRules(base);
    const fresh = [...suppressedRules(head)].filter((rule) => !onBase.has(rule));
    if (fresh.length === 0) continue;
    const key = resourceKey(head);
    for (const finding of findings) {
      if (finding.status === 'fixed' || finding.suppressed?.by !== 'annotation' || finding.file !== head.file)
        continue;
      if (!finding.resource || resourceKey(finding.resource) !== key || !fresh.includes(finding.ruleId))
        continue;
      delete finding.suppressed;
    }
    const path = ['metadata', 'annotations', IGNORE_ANNOTATION];
    const located = head.source.locate([...head.basePath, ...path]);
    added.push({
      ruleId: SUPPRESSION_ADDED_RULE,
      severity,
      message: `This change adds a suppression of ${fresh.join(', ')} (${IGNORE_ANNOTATION}); a suppression applies only once it is on the base branch, so until then the findings it covers count.`,
      file: head.file,
      line: located.line,
      column: located.column,
      resource: { apiVersion: head.apiVersion, kind: head.kind, namespace: head.namespace, name: head.name },
      path: stablePath(head.object, path),
      fingerprint: fingerprintOf(SUPPRESSION_ADDED_RULE, key, fresh.sort().join(',')),
      status: 'introduced',
    });
  }
  return added;
}

/**
 * Exceptions the change adds to the configuration file. The configuration is read from the base
 * branch, so they do not apply yet; each is said as a `suppression-added` finding on its line.
 */
export function newConfigExceptions(
  files: readonly ChangedFile[],
  configFile: string,
  severity: Severity,
): Finding[] {
  const file = files.find((f) => f.path === configFile);
  if (!file || file.head === undefined) return [];
  const headText = asText(file.head);
  const before = new Set(
    exceptionsOf(file.base === undefined ? '' : asText(file.base)).map((e) => JSON.stringify(e)),
  );
  const source = new SourceDocument(headText, 0);
  const out: Finding[] = [];
  exceptionsOf(headText).forEach((exception, index) => {
    if (before.has(JSON.stringify(exception))) return;
    const located = source.locate(['exceptions', index]);
    const rule = isObject(exception) && typeof exception.rule === 'string' ? exception.rule : '?';
    out.push({
      ruleId: SUPPRESSION_ADDED_RULE,
      severity,
      message: `This change adds an exception for ${rule} to the configuration; the configuration is read from the base branch, so it applies only once it is merged.`,
      file: configFile,
      line: located.line,
      column: located.column,
      path: `exceptions[${index}]`,
      fingerprint: fingerprintOf(SUPPRESSION_ADDED_RULE, configFile, JSON.stringify(exception)),
      status: 'introduced',
    });
  });
  return out;
}

function exceptionsOf(text: string): unknown[] {
  try {
    const value = loadYaml(text);
    return isObject(value) && Array.isArray(value.exceptions) ? value.exceptions : [];
  } catch {
    return []; // an unreadable configuration is reported where it is read
  }
}

function asText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
}
