import { applyExceptions, type ActiveRule } from '../engine/index.js';
import { fingerprintOf } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import { statusByFingerprint } from '../diff/index.js';
import {
  RENDER_RULES,
  unrenderedSourceFindings,
  type RenderedTargetOutput,
} from '../render/plan/judge-rendered.js';
import {
  judgeRenderedChange,
  planChangeRendering,
  type RenderedChange,
} from '../render/plan/judge-rendered-change.js';
import {
  DEFAULT_NARROWING_RENDERS,
  planValueProbes,
  type NarrowingResult,
} from '../render/plan/helm-narrowing.js';
import { helmTargetsInRendered, renderWithReleases } from '../render/plan/helm-in-kustomize.js';
import { targetIdentity, unrenderedSources, type RenderTarget } from '../render/plan/targets.js';
import type { ChangeSnapshot, RendererPort, Settings } from './types.js';

/**
 * What the change deploys differently: the targets it affects (their build closures hold a changed
 * path, computed without rendering), rendered on base and on head through the renderer port, then
 * compared by identity per target. Undefined when nothing is rendered (rendering off, or no target
 * affected): every changed file is then judged as it is.
 */
export async function judgeRenderedTargets(
  snapshot: ChangeSnapshot,
  settings: Settings,
  rules: readonly ActiveRule[],
  renderer: RendererPort | undefined,
): Promise<RenderedChange | undefined> {
  const sides = snapshot.rendering;
  if (!sides || settings.config.render?.enabled === false) return undefined;
  const targetSettings = settings.config.render ?? {};
  const plan = planChangeRendering(sides, snapshot.changedPaths, targetSettings);
  // Flux and Argo CD sources in the changed files that deploy what is not here: a note each, with its status.
  const changed = new Set(
    snapshot.changedPaths.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])),
  );
  const notes = (side: typeof sides.base, resources: typeof plan.resources.base) =>
    unrenderedSourceFindings(
      unrenderedSources(side, resources, targetSettings).filter((u) => changed.has(u.resource.file)),
    );
  const sourceNotes = statusByFingerprint(
    notes(sides.base, plan.resources.base),
    notes(sides.head, plan.resources.head),
  );
  const nothingRendered = (findings: Finding[]): RenderedChange => ({
    findings,
    resources: [],
    renderedFiles: new Set(),
    baseResources: [],
    headResources: [],
  });
  const first = plan.head[0] ?? plan.base[0];
  if (!first) return sourceNotes.length ? nothingRendered(sourceNotes) : undefined;
  if (!renderer || 'unavailable' in renderer)
    return nothingRendered([unavailableFinding(first, renderer?.unavailable), ...sourceNotes]);
  const renderOrFailure = (target: RenderTarget, files: typeof sides.base): Promise<RenderedTargetOutput> =>
    renderer.render(target, files).catch((error: unknown) => ({
      target,
      failure: { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
    }));
  // HelmReleases inside Kustomize targets are rendered from each target's output (helm-in-kustomize.ts).
  const renderSide = (
    targets: readonly RenderTarget[],
    files: typeof sides.base,
    resources: typeof plan.resources.base,
  ) =>
    renderWithReleases(
      targets,
      (target) => renderOrFailure(target, files),
      (kustomize, output) => helmTargetsInRendered(kustomize, output, files, resources, targetSettings),
    );
  const [baseOutputs, headOutputs] = await Promise.all([
    renderSide(plan.base, sides.base, plan.resources.base),
    renderSide(plan.head, sides.head, plan.resources.head),
  ]);
  const judge = (narrowing?: ReadonlyMap<string, NarrowingResult>) =>
    judgeRenderedChange(
      { outputs: baseOutputs, read: (p) => sides.base.read(p) },
      { outputs: headOutputs, read: (p) => sides.head.read(p) },
      rules,
      settings.options,
      settings.deltas,
      narrowing,
    );
  let judged = judge();
  // A Helm target with introduced findings: render again with each changed value reverted (bounded), then judge once more.
  const introducedIn = new Set(
    judged.findings.filter((f) => f.status === 'introduced' && f.resource).flatMap((f) => f.targets ?? []),
  );
  const bound = settings.config.render?.helm?.narrowingRenders ?? DEFAULT_NARROWING_RENDERS;
  const narrowing = new Map<string, NarrowingResult>();
  await Promise.all(
    headOutputs.map(async (head) => {
      const base = baseOutputs.find((o) => targetIdentity(o.target) === targetIdentity(head.target));
      if (!head.target.helm || !introducedIn.has(head.target.label) || head.output === undefined) return;
      if (!base || base.output === undefined || base.failure || head.failure) return;
      const plan = planValueProbes(base.target, head.target, bound);
      if ('tooMany' in plan) {
        narrowing.set(head.target.label, plan);
        return;
      }
      const probes = await Promise.all(
        plan.probes.map(async (probe) => ({
          probe,
          output: await renderOrFailure(probe.target, sides.head),
        })),
      );
      narrowing.set(head.target.label, { probes });
    }),
  );
  if (narrowing.size) judged = judge(narrowing);
  return {
    ...judged,
    findings: applyExceptions(
      [...judged.findings, ...sourceNotes],
      settings.config.exceptions ?? [],
      settings.today,
      settings.configFile,
    ),
  };
}

function unavailableFinding(target: RenderTarget, why: string | undefined): Finding {
  const file = target.by.resource?.file ?? target.dir;
  return {
    ruleId: RENDER_RULES.unavailable,
    severity: 'info',
    message: `${why ?? 'No renderer was given'}: the Kustomize targets this change affects were not rendered, and the changed files were judged as they are (see docs/rendering.md).`,
    file,
    line: 1,
    column: 1,
    path: '',
    fingerprint: fingerprintOf(RENDER_RULES.unavailable, 'change'),
    status: 'introduced',
  };
}
