import { load as loadYaml } from 'js-yaml';
import { posix } from 'node:path';
import {
  fingerprintOf,
  resourceKey,
  isObject,
  loadManifestFile,
  SourceDocument,
  type Located,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';
import { runRules, type ActiveRule, type ScanOptions } from '../../engine/index.js';
import type { Finding } from '../../model/index.js';
import { helmSourceOf, HelmMapper } from './helm-mapping.js';
import { postRenderMappingTarget, takeHelmSource } from './helm-post-render.js';
import { isKustomizationFile, type SourceRef } from './kustomization.js';
import { REMOTE_COPY_DIR, remoteCopyDir, remoteCopyPath } from './remote-base.js';
import { TargetMapper } from './mapping.js';
import { substituteVariables } from './substitute.js';
import type { RenderTarget, UnrenderedSource } from './targets.js';

export const RENDER_RULES = {
  failed: 'render-failed',
  refused: 'render-refused',
  limit: 'render-limit',
  unavailable: 'render-unavailable',
  note: 'render-note',
} as const;

/** What the runner gives back for one target: kustomize's output, or why there is none. */
export interface RenderedTargetOutput {
  target: RenderTarget;
  output?: string;
  /** Helm targets: the render with marked string values (helm-mapping.ts). */
  mappingOutput?: string;
  failure?: {
    kind: 'failed' | 'refused' | 'limit' | 'unavailable';
    message: string;
    file?: string;
    at?: SourceRef;
  };
}

export interface RenderedJudgement {
  findings: Finding[];
  resources: Resource[];
  /** Repository files judged as rendered (their findings come from the targets): not to be judged raw. */
  renderedFiles: Set<string>;
  /** Each rendered target's resources, by target label. */
  resourcesByTarget: Map<string, Resource[]>;
}

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** A rendered resource's document: positions are answered by the mapper, in the repository's files. */
class MappedSource extends SourceDocument {
  constructor(
    base: SourceDocument,
    private readonly map: (path: readonly PathSegment[]) => Located,
  ) {
    super(base.text, base.startLine);
  }
  override locate(path: readonly PathSegment[]): Located {
    return this.map(path);
  }
}

/**
 * Judges every rendered target: rules run on the rendered resources, each finding is placed on
 * the repository line that set the field and names its targets; one line causing the same
 * finding in several targets is one finding naming them all. Pure.
 */
export function judgeRendered(
  outputs: readonly RenderedTargetOutput[],
  read: (path: string) => string | undefined,
  rules: readonly ActiveRule[],
  options: ScanOptions,
  merge = true,
): RenderedJudgement {
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  const renderedFiles = new Set<string>();
  const resourcesByTarget = new Map<string, Resource[]>();
  for (const { target, output, mappingOutput, failure } of outputs) {
    for (const n of target.helm?.notes ?? [])
      findings.push(
        fileFinding(
          RENDER_RULES.note,
          'info',
          `${n.message} (in ${target.label})`,
          n.file,
          n.at,
          target.label,
        ),
      );
    for (const p of target.closure.problems) {
      if (p.kind === 'unsupported')
        findings.push(
          fileFinding(
            RENDER_RULES.note,
            'info',
            `${p.message} (in ${target.label})`,
            p.file,
            p.at,
            target.label,
          ),
        );
    }
    if (failure || output === undefined) {
      if (failure?.kind === 'unavailable') {
        const at = failure.at ?? target.helm?.pull?.at;
        findings.push(
          fileFinding(
            RENDER_RULES.note,
            'info',
            `Not rendered, because ${failure.message} (in ${target.label})`,
            failure.file ?? target.dir,
            at,
            target.label,
          ),
        );
        continue;
      }
      const rule =
        failure?.kind === 'limit'
          ? RENDER_RULES.limit
          : failure?.kind === 'refused'
            ? RENDER_RULES.refused
            : RENDER_RULES.failed;
      const problem = target.closure.problems.find((p) => p.file === failure?.file && p.at);
      findings.push(
        fileFinding(
          rule,
          'high',
          `${target.label} was not rendered, so what it deploys was not evaluated: ${failure?.message ?? 'no output'}`,
          failure?.file ?? target.dir,
          failure?.at ?? problem?.at,
          target.label,
        ),
      );
      continue;
    }
    if (target.helm) {
      const judged = judgeHelmOutput(target, output, mappingOutput, read, rules, options);
      findings.push(...judged.findings);
      resources.push(...judged.resources);
      resourcesByTarget.set(target.label, judged.resources);
      for (const f of judged.renderedFiles) renderedFiles.add(f);
      continue;
    }
    for (const f of target.closure.files)
      if (!isKustomizationFile(f) && f !== target.by.resource?.file) renderedFiles.add(f);
    const rendered = kustomizeResources(target, output, read);
    findings.push(...rendered.findings);
    const targetResources = rendered.resources;
    resources.push(...targetResources);
    resourcesByTarget.set(target.label, targetResources);
    for (const f of runRules(targetResources, rules, options)) {
      delete f.fix; // a fix edits the rendered text, not the repository
      f.targets = [target.label];
      findings.push(f);
    }
  }
  return {
    findings: merge ? mergeAcrossTargets(findings) : findings,
    resources,
    renderedFiles,
    resourcesByTarget,
  };
}

/** A generated resource's kustomization, and the file a resource came from (kustomize's origin annotation). */
export interface RenderedOrigin {
  originFile?: string;
  generatedBy?: string;
}

/**
 * The resources of a rendered Kustomize target (Flux's postBuild substitution applied), each
 * field located by the TargetMapper at the repository line that set it; `origins` says which
 * file (or generator's kustomization) each came from. Pure.
 */
export function kustomizeResources(
  target: RenderTarget,
  output: string,
  read: (path: string) => string | undefined,
): { resources: Resource[]; findings: Finding[]; origins: Map<Resource, RenderedOrigin> } {
  let text = output;
  const findings: Finding[] = [];
  if (target.transforms.substitute) {
    const result = substituteVariables(
      text,
      target.transforms.substitute.vars,
      target.transforms.substitute.notes.length > 0,
    );
    text = result.text;
    const notes = [
      ...target.transforms.substitute.notes,
      ...(result.unresolved.length
        ? [`variables left as they are: ${result.unresolved.map((v) => '${' + v + '}').join(', ')}`]
        : []),
    ];
    if (notes.length && target.by.resource)
      findings.push(
        fileFinding(
          RENDER_RULES.note,
          'info',
          `postBuild substitution of ${target.label} is partly unknown offline: ${notes.join('; ')}.`,
          target.by.resource.file,
          {
            source: target.by.resource.source,
            path: [...target.by.resource.basePath, 'spec', 'postBuild'],
          },
          target.label,
        ),
      );
  }
  const mapper = new TargetMapper(target, read);
  const loaded = loadManifestFile(`${target.dir || '.'} (rendered)`, text, undefined, undefined, {
    wholeSchemas: true,
  });
  const targetResources: Resource[] = [];
  const origins = new Map<Resource, RenderedOrigin>();
  for (const r of loaded.resources) {
    const origin = takeOrigin(r);
    const originFile =
      origin?.path !== undefined ? posix.normalize(posix.join(target.dir || '.', origin.path)) : undefined;
    const generatedBy =
      origin?.configuredIn !== undefined
        ? posix.normalize(posix.join(target.dir || '.', origin.configuredIn))
        : undefined;
    // A resource of a remote base: its file is not in the repository, so it is placed on the entry naming the base.
    const remote = originFile?.includes(`${REMOTE_COPY_DIR}/`)
      ? (target.closure.remotes.find((x) => {
          const copy = remoteCopyPath(x.base, x.file);
          return originFile === copy || originFile.startsWith(`${copy}/`);
        }) ?? target.closure.remotes.find((x) => originFile.startsWith(`${remoteCopyDir(x.base)}/`)))
      : undefined;
    const file = remote ? remote.file : originFile;
    const mapped: Resource = {
      ...r,
      file: file ?? generatedBy ?? target.dir,
      isPatch: false,
      source: new MappedSource(r.source, (path) => mapper.locate(r, file, generatedBy, path, remote?.at)),
    };
    targetResources.push(mapped);
    origins.set(mapped, {
      ...(file && !remote ? { originFile: file } : {}),
      ...(generatedBy ? { generatedBy } : {}),
    });
  }
  return { resources: targetResources, findings, origins };
}

/** Judges one rendered Helm target: each resource's fields located by the HelmMapper (a values line, else the template line). */
function judgeHelmOutput(
  target: RenderTarget,
  output: string,
  mappingOutput: string | undefined,
  read: (path: string) => string | undefined,
  rules: readonly ActiveRule[],
  options: ScanOptions,
): Omit<RenderedJudgement, 'resourcesByTarget'> {
  const plan = target.helm!;
  // What Helm renders from: templates, crds and subcharts of the chart and its local dependencies (not other files of a chart at the root).
  const chartParts = [plan.chartDir, ...plan.localDependencies.map((d) => d.from)].flatMap((dir) =>
    ['templates/', 'crds/', 'charts/'].map((sub) => (dir ? `${dir}/${sub}` : sub)),
  );
  const renderedFiles = new Set(
    plan.remote ? [] : [...target.closure.files].filter((f) => chartParts.some((p) => f.startsWith(p))),
  );
  const mapper = new HelmMapper(plan, (p) => target.closure.files.has(p), read, mappingOutput);
  // A field a post-renderer patch (or images entry) set points at that line of the HelmRelease.
  const postMapper = plan.postRenderers?.length
    ? new TargetMapper(postRenderMappingTarget(target), read)
    : undefined;
  const seen = new Map<string, number>();
  const resources: Resource[] = [];
  for (const r of loadManifestFile(`${target.dir || '.'} (rendered)`, output, undefined, undefined, {
    wholeSchemas: true,
  }).resources) {
    const taken = postMapper ? takeHelmSource(r) : undefined;
    const source = taken ? taken.source : helmSourceOf(r.source.text);
    const index = taken ? taken.index : (seen.get(source ?? '') ?? 0);
    if (!taken) seen.set(source ?? '', index + 1);
    const locate = (path: readonly PathSegment[]): Located => {
      const post = postMapper?.locate(r, undefined, undefined, path);
      if (post && (post.via === 'patch' || post.via === 'images')) return post;
      return mapper.locate(r, source, index, path);
    };
    resources.push({
      ...r,
      file: mapper.templateFile(source),
      isPatch: false,
      source: new MappedSource(r.source, locate),
    });
  }
  const findings: Finding[] = [];
  for (const f of runRules(resources, rules, options)) {
    // A fix is kept only when it changes the one value on the values line that set the field.
    if (f.fix && !isValueSwap(f, read)) delete f.fix;
    f.targets = [target.label];
    findings.push(f);
  }
  return { findings, resources, renderedFiles };
}

/** A fix that replaces one plain scalar on the finding's own line (`privileged: true` -> `false`), nothing else. */
function isValueSwap(f: Finding, read: (path: string) => string | undefined): boolean {
  const edit = f.fix?.edits.length === 1 ? f.fix.edits[0] : undefined;
  if (!edit || edit.startLine !== f.line || edit.endLine !== f.line) return false;
  const original = read(f.file)?.split('\n')[f.line - 1]?.replace(/\r$/, '');
  if (original === undefined || edit.newText.includes('\n')) return false;
  let head = 0;
  while (head < original.length && original[head] === edit.newText[head]) head++;
  let tail = 0;
  while (
    tail < original.length - head &&
    tail < edit.newText.length - head &&
    original[original.length - 1 - tail] === edit.newText[edit.newText.length - 1 - tail]
  )
    tail++;
  const before = original.slice(head, original.length - tail);
  const after = edit.newText.slice(head, edit.newText.length - tail);
  // The changed part is one scalar token after `key:` (the common prefix may have eaten part of it).
  const token = /^[\w"'.-]$/;
  let keyEnd = head;
  while (keyEnd > 0 && token.test(original[keyEnd - 1]!)) keyEnd--;
  const keyPart = original.slice(0, keyEnd).trimEnd();
  return keyPart.endsWith(':') && /^[\w"'.-]*$/.test(before) && /^[\w"'.-]+$/.test(after);
}

/** One note per Flux / Argo CD source that deploys what is not in this repository: never silent. */
export function unrenderedSourceFindings(sources: readonly UnrenderedSource[]): Finding[] {
  return sources.map(({ resource, path, message }) => {
    const at = resource.source.locate(path);
    return {
      ruleId: RENDER_RULES.note,
      severity: 'info',
      message,
      file: resource.file,
      line: at.line,
      column: at.column,
      resource: {
        apiVersion: resource.apiVersion,
        kind: resource.kind,
        ...(resource.namespace ? { namespace: resource.namespace } : {}),
        name: resource.name,
      },
      path: path.slice(resource.basePath.length).join('.'),
      fingerprint: fingerprintOf(RENDER_RULES.note, resourceKey(resource), path.join('.')),
    };
  });
}

/** Reads and removes kustomize's origin annotation (it is ours, not the user's). */
function takeOrigin(r: Resource): { path?: string; configuredIn?: string } | undefined {
  const metadata = r.object.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return undefined;
  const raw = metadata.annotations[ORIGIN_ANNOTATION];
  delete metadata.annotations[ORIGIN_ANNOTATION];
  if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  if (typeof raw !== 'string') return undefined;
  try {
    const value = loadYaml(raw);
    if (!isObject(value)) return undefined;
    return {
      ...(typeof value.path === 'string' ? { path: value.path } : {}),
      ...(typeof value.configuredIn === 'string' ? { configuredIn: value.configuredIn } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * One finding per source line, rule and message, naming every target it was found in (the same
 * line may give different fingerprints in two targets: a target namespace or a name prefix changes
 * the resource's identity). The first target's fingerprint, in label order, stays.
 */
export function mergeAcrossTargets(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  const ordered = [...findings].sort((a, b) =>
    (a.targets?.[0] ?? '') < (b.targets?.[0] ?? '')
      ? -1
      : (a.targets?.[0] ?? '') > (b.targets?.[0] ?? '')
        ? 1
        : 0,
  );
  for (const f of ordered) {
    const key = `${f.ruleId}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.message}\u0000${f.status ?? ''}`;
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, f);
    else existing.targets = [...new Set([...(existing.targets ?? []), ...(f.targets ?? [])])];
  }
  // Every output (text, JSON, SARIF, markdown, check run, review comment) names the targets.
  for (const f of byKey.values())
    if (f.targets?.length && !f.message.includes(' (in '))
      f.message = `${f.message} (in ${f.targets.join('; ')})`;
  return [...byKey.values()];
}

function fileFinding(
  ruleId: string,
  severity: Finding['severity'],
  message: string,
  file: string,
  at: { source: SourceDocument; path: PathSegment[] } | undefined,
  target: string,
): Finding {
  const located = at ? at.source.locate(at.path) : { line: 1, column: 1 };
  return {
    ruleId,
    severity,
    message,
    file,
    line: located.line,
    column: located.column,
    path: '',
    fingerprint: fingerprintOf(ruleId, file, target, message.replace(/\d+/g, '').slice(0, 200)),
    targets: [target],
  };
}
