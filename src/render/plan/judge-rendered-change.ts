import type { ActiveRule, ScanOptions } from '../../engine/index.js';
import {
  compareResources,
  statusByFingerprint,
  type ActiveDelta,
  type ResourceChange,
} from '../../diff/index.js';
import { resourceKey, type Resource } from '../../manifests/index.js';
import type { Finding } from '../../model/index.js';
import type { RepoView } from './closure.js';
import { narrowIntroduced, type NarrowingResult } from './helm-narrowing.js';
import { judgeRendered, mergeAcrossTargets, type RenderedTargetOutput } from './judge-rendered.js';
import {
  discoverTargets,
  repositoryResources,
  targetIdentity,
  type RenderTarget,
  type TargetSettings,
} from './targets.js';

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

/** A changed path as both gatherers list it. */
export interface PathChange {
  path: string;
  previousPath?: string;
}

/** The targets to render on each side: those a change affects on either side, on both sides (matched by targetIdentity). */
export interface ChangeRenderPlan {
  base: RenderTarget[];
  head: RenderTarget[];
  /** The resources each side's targets were discovered from (Flux, Argo CD, ConfigMaps). */
  resources: { base: Resource[]; head: Resource[] };
}

/**
 * Which targets a change makes us render, from the kustomization files alone (nothing is rendered):
 * the targets of base and of head whose closure holds a changed path. A target affected on one side
 * is rendered on the other side too when it exists there, so its findings get a status. Pure; the
 * gatherers call it to know which files to read, the judgement to know what to render.
 */
export function planChangeRendering(
  sides: { base: RepoView; head: RepoView },
  changes: readonly PathChange[],
  settings: TargetSettings = {},
): ChangeRenderPlan {
  const changed = changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path]));
  const resources = { base: repositoryResources(sides.base), head: repositoryResources(sides.head) };
  if (changed.length === 0) return { base: [], head: [], resources };
  const baseTargets = discoverTargets(sides.base, resources.base, settings);
  const headTargets = discoverTargets(sides.head, resources.head, settings);
  const identities = new Set(
    [...affectedTargets(baseTargets, changed), ...affectedTargets(headTargets, changed)].map(targetIdentity),
  );
  // A HelmRelease inside a Kustomize target is rendered from that target's output: either affected, both are.
  const all = [...baseTargets, ...headTargets];
  const identityOf = new Map(all.map((t) => [t.label, targetIdentity(t)]));
  const releases = all.filter((t) => t.within);
  for (const t of releases)
    if (identities.has(targetIdentity(t))) for (const k of t.within!) identities.add(identityOf.get(k) ?? k);
  for (const t of releases)
    if (t.within!.some((k) => identities.has(identityOf.get(k) ?? k))) identities.add(targetIdentity(t));
  return {
    base: baseTargets.filter((t) => identities.has(targetIdentity(t))),
    head: headTargets.filter((t) => identities.has(targetIdentity(t))),
    resources,
  };
}

/** Every repository file the planned targets of one side read (what a gatherer must fetch to render them). */
export function closureFiles(targets: readonly RenderTarget[]): Set<string> {
  const files = new Set<string>();
  for (const t of targets) for (const f of t.closure.files) files.add(f);
  return files;
}

/**
 * Files a gatherer reads before planning: kustomization files, and YAML that may define a target
 * (Flux Kustomizations and GitRepositories, HelmReleases, Argo CD Applications) or hold Flux
 * substitution variables. A HelmRelease a change does not touch may still be rendered, from a Kustomize
 * target the change affects: its chart is then part of what is read.
 */
export const TARGET_DEFINITION_PATTERN =
  'kustomize\\.toolkit\\.fluxcd\\.io|source\\.toolkit\\.fluxcd\\.io|helm\\.toolkit\\.fluxcd\\.io|argoproj\\.io|kind: *ConfigMap';

export interface RenderedChange {
  /** Findings of the rendered targets with their status (introduced / existing / fixed), risky deltas included; one per source line. */
  findings: Finding[];
  /** Resources each rendered target deploys differently, with the targets named. */
  resources: ResourceChange[];
  /** Repository files judged as rendered (on either side): not to be judged as files. */
  renderedFiles: Set<string>;
  baseResources: Resource[];
  headResources: Resource[];
}

/**
 * The semantic diff of rendered targets: each target's findings on head against the same
 * target's on base, by fingerprint (introduced / existing / fixed), its rendered resources
 * matched by identity (what changed, risky deltas), then one finding per source line naming
 * its targets. Base findings point into base files, head findings into head files. Pure: the
 * caller renders the affected targets on both sides, and, for Helm targets with introduced
 * findings, the narrowing renders (helm-narrowing.ts) that move each to the changed value causing it.
 */
export function judgeRenderedChange(
  base: { outputs: readonly RenderedTargetOutput[]; read: (path: string) => string | undefined },
  head: { outputs: readonly RenderedTargetOutput[]; read: (path: string) => string | undefined },
  rules: readonly ActiveRule[],
  options: ScanOptions,
  deltas: readonly ActiveDelta[] = [],
  narrowing: ReadonlyMap<string, NarrowingResult> = new Map(),
): RenderedChange {
  const baseJudged = judgeRendered(base.outputs, base.read, rules, options, false);
  const headJudged = judgeRendered(head.outputs, head.read, rules, options, false);
  // The same target on both sides is what deploys it (targetIdentity), so a changed `spec.path` compares old and new output.
  const identities = new Set([...base.outputs, ...head.outputs].map((o) => targetIdentity(o.target)));
  const findings: Finding[] = [];
  const resources = new Map<string, ResourceChange>();
  for (const identity of identities) {
    const baseOutput = base.outputs.find((o) => targetIdentity(o.target) === identity);
    const headOutput = head.outputs.find((o) => targetIdentity(o.target) === identity);
    const label = (headOutput ?? baseOutput)!.target.label;
    const of = (list: Finding[], output: RenderedTargetOutput | undefined) =>
      output ? list.filter((f) => f.targets?.includes(output.target.label)) : [];
    const baseResources = baseOutput && baseJudged.resourcesByTarget.get(baseOutput.target.label);
    const headResources = headOutput && headJudged.resourcesByTarget.get(headOutput.target.label);
    // A head that did not render fixes nothing: only its failure is reported (introduced), never base's findings as fixed.
    const headFailed = headResources === undefined && headOutput !== undefined;
    const statused = statusByFingerprint(
      headFailed ? [] : of(baseJudged.findings, baseOutput),
      of(headJudged.findings, headOutput),
    );
    const narrowed = headOutput && narrowing.get(headOutput.target.label);
    findings.push(
      ...(narrowed
        ? narrowIntroduced(statused, narrowed, (probe) => {
            const judged = judgeRendered([probe], head.read, rules, options, false);
            if (!judged.resourcesByTarget.has(probe.target.label)) return undefined;
            return new Set(judged.findings.map((f) => f.fingerprint));
          })
        : statused),
    );
    // A side that did not render has no resources: comparing would report everything as added or removed.
    const baseRendered = baseResources !== undefined || baseOutput === undefined;
    const headRendered = headResources !== undefined || headOutput === undefined;
    if (!baseRendered || !headRendered) continue;
    const compared = compareResources(baseResources ?? [], headResources ?? [], deltas);
    for (const f of compared.deltaFindings) findings.push({ ...f, targets: [label] });
    for (const change of compared.resources) {
      const key = `${change.change}\u0000${resourceKey(change.resource)}\u0000${change.file}\u0000${change.summary.join('\n')}`;
      const seen = resources.get(key);
      if (seen) seen.targets = [...(seen.targets ?? []), label];
      else resources.set(key, { ...change, targets: [label] });
    }
  }
  return {
    findings: mergeAcrossTargets(findings),
    resources: [...resources.values()],
    renderedFiles: new Set([...baseJudged.renderedFiles, ...headJudged.renderedFiles]),
    baseResources: baseJudged.resources,
    headResources: headJudged.resources,
  };
}
