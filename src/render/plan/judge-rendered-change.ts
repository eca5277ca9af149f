import type { ActiveRule, ScanOptions } from '../../engine/index.js';
import { statusByFingerprint } from '../../diff/finding-status.js';
import type { Finding } from '../../model/index.js';
import { judgeRendered, mergeAcrossTargets, type RenderedTargetOutput } from './judge-rendered.js';
import type { RenderTarget } from './targets.js';

/** The targets a change affects: a changed path is in the target's build closure (or is the Flux / Argo CD file defining it). */
export function affectedTargets(
  targets: readonly RenderTarget[],
  changedPaths: Iterable<string>,
): RenderTarget[] {
  const changed = new Set(changedPaths);
  return targets.filter(
    (t) =>
      [...t.closure.files].some((f) => changed.has(f)) || (t.by.resource && changed.has(t.by.resource.file)),
  );
}

/**
 * The semantic diff of rendered targets: each target's findings on head against the same
 * target's on base, by fingerprint (introduced / existing / fixed), then one finding per
 * source line naming its targets. Base findings point into base files, head findings into
 * head files. Pure: the caller renders the affected targets on both sides.
 */
export function judgeRenderedChange(
  base: { outputs: readonly RenderedTargetOutput[]; read: (path: string) => string | undefined },
  head: { outputs: readonly RenderedTargetOutput[]; read: (path: string) => string | undefined },
  rules: readonly ActiveRule[],
  options: ScanOptions,
): { findings: Finding[]; renderedFiles: Set<string> } {
  const baseJudged = judgeRendered(base.outputs, base.read, rules, options, false);
  const headJudged = judgeRendered(head.outputs, head.read, rules, options, false);
  const labels = new Set([...base.outputs, ...head.outputs].map((o) => o.target.label));
  const findings: Finding[] = [];
  for (const label of labels) {
    const of = (list: Finding[]) => list.filter((f) => f.targets?.includes(label));
    findings.push(...statusByFingerprint(of(baseJudged.findings), of(headJudged.findings)));
  }
  return {
    findings: mergeAcrossTargets(findings),
    renderedFiles: new Set([...baseJudged.renderedFiles, ...headJudged.renderedFiles]),
  };
}
