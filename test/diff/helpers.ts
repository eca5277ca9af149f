import { DEFAULT_SCAN_OPTIONS, type ActiveRule } from '../../src/engine/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { diffChange, type ChangedFile, type DiffResult } from '../../src/diff/index.js';

/** Every built-in rule at its default severity (what a default run uses, plus rules off by default). */
const allRules: ActiveRule[] = builtinRules.map((rule) => ({
  rule,
  severity: rule.severity,
  params: rule.parameters ? rule.parameters.parse({}) : {},
}));

/** Diffs two sets of files given as `{ path: text }` (a path missing on one side is added or removed). */
export function diffTexts(
  base: Record<string, string>,
  head: Record<string, string>,
  extra: Partial<Parameters<typeof diffChange>[0]> = {},
): DiffResult {
  const files: ChangedFile[] = [];
  for (const path of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const b = base[path];
    const h = head[path];
    files.push({
      path,
      status: b === undefined ? 'added' : h === undefined ? 'removed' : 'modified',
      ...(b !== undefined ? { base: b } : {}),
      ...(h !== undefined ? { head: h } : {}),
    });
  }
  return diffChange({ files, rules: allRules, options: DEFAULT_SCAN_OPTIONS, today: '2025-01-01', ...extra });
}

export function byStatus(result: DiffResult, status: 'introduced' | 'existing' | 'fixed') {
  return result.findings.filter((f) => f.status === status);
}

export function deployment(
  name: string,
  containers: Array<Record<string, unknown>>,
  extra: { namespace?: string; podSecurityContext?: Record<string, unknown> } = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: extra.namespace ?? 'team' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(extra.podSecurityContext ? { securityContext: extra.podSecurityContext } : {}),
          containers,
        },
      },
    },
  };
}
