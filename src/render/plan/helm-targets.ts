import {
  describeResource,
  isObject,
  kustomizePatchFiles,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';
import { resolveInRepo, type BuildClosure, type ClosureProblem, type RepoView } from './closure.js';
import {
  CHART_FILE,
  chartDirs,
  filesUnder,
  fluxReleaseName,
  isSubchart,
  readChart,
  type ChartInfo,
  type HelmPlan,
} from './helm-chart.js';
import {
  parseSetPath,
  resourceLayer,
  setIn,
  textLayer,
  typedSetValue,
  type ValuesLayer,
} from './helm-values.js';
import { opensBlockScalar, readPatches, type SourceRef } from './kustomization.js';
import type { RenderTarget, TargetSettings } from './targets.js';
import { argoApplicationSpec, argoSources } from './argo-sources.js';
import { argoChartRepository, httpRepositoryAllowed, ociChartAllowed, trimSlashes } from './chart-source.js';

/** Which Flux sources and Argo CD repoURLs are this repository (decided by discoverTargets). */
export interface SourceOwnership {
  /** A Flux `sourceRef` (GitRepository) seen from `namespace`. */
  isOurGitRepository(ref: JsonObject, namespace: string | undefined): boolean;
  isOurUrl(url: unknown): boolean;
}

export interface HelmSettings {
  /** `render.helm.kubeVersion`: passed as `--kube-version`. */
  kubeVersion?: string;
  /** `render.helm.repositories`: chart repository URLs that may be pulled (none by default). */
  repositories?: readonly string[];
}

const FLUX_HELM_GROUP = 'helm.toolkit.fluxcd.io';
const FLUX_SOURCE_GROUP = 'source.toolkit.fluxcd.io';

/**
 * The Helm targets of a repository: each chart in the repository with the values of each
 * consumer here (Flux HelmReleases whose chart is a path in this repository, Argo CD
 * Application / ApplicationSet sources with a chart path), every chart nobody consumes once
 * with its default values, and one not-rendered target per release of a remote chart.
 */
export function discoverHelmTargets(
  repo: RepoView,
  resources: readonly Resource[],
  settings: TargetSettings & { helm?: HelmSettings },
  ours: SourceOwnership,
): RenderTarget[] {
  const charts = chartDirs(repo);
  const chartInfo = new Map<string, ChartInfo>();
  const chartAt = (dir: string) => {
    if (!chartInfo.has(dir)) chartInfo.set(dir, readChart(dir, repo));
    return chartInfo.get(dir)!;
  };
  const consumed = new Set<string>();
  const targets: RenderTarget[] = [];
  const helm = settings.helm ?? {};
  // A HelmRelease in a kustomization's patch file is a partial release, not a consumer.
  const patchFiles = kustomizePatchFiles(resources);
  for (const r of resources) {
    if (r.kind === 'HelmRelease' && r.group === FLUX_HELM_GROUP && !patchFiles.has(r.file)) {
      const target = fluxTarget(r, repo, resources, ours, helm, chartAt, charts);
      if (target) {
        targets.push(target);
        if (target.helm && !target.helm.pull && !target.helm.remote) consumed.add(target.helm.chartDir);
      }
    }
    if ((r.kind === 'Application' || r.kind === 'ApplicationSet') && r.group === 'argoproj.io') {
      for (const target of argoTargets(r, repo, ours, helm, chartAt)) {
        targets.push(target);
        if (target.helm && !target.helm.pull && !target.helm.remote) consumed.add(target.helm.chartDir);
      }
    }
  }
  for (const dir of charts) {
    if (consumed.has(dir) || isSubchart(dir, charts)) continue;
    const chart = chartAt(dir);
    targets.push(
      helmTarget(
        repo,
        chart,
        `chart ${dir || '.'} (default values)`,
        { kind: 'chart' },
        {
          releaseName: 'release-name',
          namespace: 'default',
          layers: [],
          includeCrds: true,
          kubeVersion: helm.kubeVersion,
          notes: [],
          extraFiles: [],
        },
      ),
    );
  }
  return targets;
}

/** Prefix of a plan note that means the chart was not rendered at all (a remote chart). */
export const NOT_RENDERED = 'Not rendered, because';

interface ConsumerValues {
  releaseName: string;
  namespace: string;
  layers: ValuesLayer[];
  includeCrds: boolean;
  kubeVersion?: string;
  notes: HelmPlan['notes'];
  extraFiles: string[];
  remote?: string;
  /** Where the consumer names its remote chart: the note points there. */
  remoteAt?: SourceRef;
  pull?: HelmPlan['pull'];
  postRenderers?: HelmPlan['postRenderers'];
}

function helmTarget(
  repo: RepoView,
  chart: ChartInfo,
  label: string,
  by: RenderTarget['by'],
  values: ConsumerValues,
): RenderTarget {
  const inRepo = !values.remote && !values.pull;
  const files = new Set<string>([...(inRepo ? filesUnder(repo, chart.dir) : []), ...values.extraFiles]);
  for (const dep of chart.localDependencies) for (const f of filesUnder(repo, dep.from)) files.add(f);
  if (by.resource) files.add(by.resource.file);
  const closure: BuildClosure = {
    root: chart.dir,
    files,
    kustomizations: new Map(),
    generated: false,
    generatedResources: [],
    problems: values.remote ? [] : [...chart.problems],
    remotes: [],
  };
  if (values.remote && by.resource)
    values.notes.push({
      message: values.remote,
      file: by.resource.file,
      ...(values.remoteAt ? { at: values.remoteAt } : {}),
    });
  const defaultsFile = chart.dir ? `${chart.dir}/values.yaml` : 'values.yaml';
  const defaultsText = inRepo ? repo.read(defaultsFile) : undefined;
  const defaults =
    defaultsText !== undefined
      ? textLayer(defaultsFile, defaultsText, 0, `values.yaml of chart ${chart.dir || '.'}`)
      : undefined;
  const helm: HelmPlan = {
    chartDir: chart.dir,
    chartName: chart.name,
    releaseName: values.releaseName,
    namespace: values.namespace,
    ...(defaults && 'layer' in defaults ? { defaults: defaults.layer } : {}),
    layers: values.layers,
    includeCrds: values.includeCrds,
    ...(values.kubeVersion ? { kubeVersion: values.kubeVersion } : {}),
    localDependencies: chart.localDependencies,
    notes: values.notes,
    ...(values.remote ? { remote: values.remote } : {}),
    ...(values.pull ? { pull: values.pull } : {}),
    ...(values.postRenderers?.length ? { postRenderers: values.postRenderers } : {}),
  };
  return {
    dir: chart.dir,
    label,
    by,
    transforms: {
      patches: [],
      images: [],
      components: [],
      labels: {},
      annotations: {},
      loadRestrictionsNone: false,
    },
    closure,
    helm,
  };
}

function atOf(r: Resource, ...path: PathSegment[]): SourceRef {
  return { file: r.file, source: r.source, path: [...r.basePath, ...path] };
}

/** A YAML block written as a string value (`values: |`, a ConfigMap's `values.yaml: |`): a layer pointing inside it. */
export function embeddedLayer(
  r: Resource,
  path: PathSegment[],
  text: string,
  label: string,
): { layer: ValuesLayer } | { error: string } {
  const located = r.source.locate([...r.basePath, ...path]);
  const block = opensBlockScalar(r.source.lineText(located.line) ?? '');
  return textLayer(r.file, text, block ? located.line : located.line - 1, label, false);
}

/**
 * A layer for a valuesFrom holder found among a Kustomize target's rendered resources (a generated
 * ConfigMap, a patched one): undefined to read it as a repository file.
 */
export type HolderLayer = (
  holder: Resource,
  key: string,
  label: string,
) => { layer: ValuesLayer; file: string } | undefined;

/** The Helm targets of HelmReleases given apart from the repository's files (a Kustomize target's rendered ones). */
export function helmTargetsOfReleases(
  releases: readonly Resource[],
  repo: RepoView,
  resources: readonly Resource[],
  settings: TargetSettings & { helm?: HelmSettings },
  ours: SourceOwnership,
  holderLayer?: HolderLayer,
): RenderTarget[] {
  const charts = chartDirs(repo);
  const chartInfo = new Map<string, ChartInfo>();
  const chartAt = (dir: string) => {
    if (!chartInfo.has(dir)) chartInfo.set(dir, readChart(dir, repo));
    return chartInfo.get(dir)!;
  };
  return releases.flatMap((r) => {
    const t = fluxTarget(r, repo, resources, ours, settings.helm ?? {}, chartAt, charts, holderLayer);
    return t ? [t] : [];
  });
}

function fluxTarget(
  r: Resource,
  repo: RepoView,
  resources: readonly Resource[],
  ours: SourceOwnership,
  helm: HelmSettings,
  chartAt: (dir: string) => ChartInfo,
  charts: readonly string[],
  holderLayer?: HolderLayer,
): RenderTarget | undefined {
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const name = describeResource(r).replace(/^\S+ /, '');
  const via = `HelmRelease ${name}`;
  const notes: HelmPlan['notes'] = [];
  const extraFiles: string[] = [];
  // Where the chart comes from: chart.spec (a source and a chart path or name), or chartRef (a HelmChart or an OCIRepository).
  let chartPath: string | undefined;
  let valuesFiles: unknown;
  let valuesFilesAt: SourceRef | undefined;
  let remote: string | undefined;
  let pull: HelmPlan['pull'];
  const chartSpec = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
  const sourceLabel = (ref: JsonObject) =>
    `${String(ref.kind)} ${String(ref.namespace ?? r.namespace ?? '')}/${String(ref.name)}`.replace(
      ' /',
      ' ',
    );
  const fromSource = (sourceRef: JsonObject, chart: unknown, holder: Resource) => {
    if (sourceRef.kind === 'GitRepository') {
      if (!ours.isOurGitRepository(sourceRef, holder.namespace)) {
        remote = `${NOT_RENDERED} its chart comes from ${sourceLabel(sourceRef)}, which is not this repository.`;
        return;
      }
      chartPath = typeof chart === 'string' ? resolveInRepo('', chart) : undefined;
      if (chartPath === undefined)
        remote = `${NOT_RENDERED} its chart path ${String(chart)} leaves the repository.`;
      return;
    }
    const repoResource = resources.find(
      (x) => x.kind === sourceRef.kind && x.group === FLUX_SOURCE_GROUP && x.name === sourceRef.name,
    );
    const repoSpec = isObject(repoResource?.object.spec) ? repoResource.object.spec : {};
    const url = repoSpec.url;
    const version = typeof chartSpec?.version === 'string' ? chartSpec.version : undefined;
    const at = atOf(r, 'spec', 'chart');
    if (sourceRef.kind === 'HelmRepository' && typeof url === 'string' && typeof chart === 'string') {
      if (repoSpec.type === 'oci') {
        const oci = ociChartAllowed(`${trimSlashes(url)}/${chart}`, helm.repositories);
        if (oci) {
          pull = { repository: url, chart, ...(version ? { version } : {}), at, oci };
          return;
        }
      } else if (httpRepositoryAllowed(url, helm.repositories)) {
        pull = { repository: url, chart, ...(version ? { version } : {}), at };
        return;
      }
    }
    remote = `${NOT_RENDERED} its chart ${String(chart ?? '')} comes from ${sourceLabel(sourceRef)}${typeof url === 'string' ? ` (${url})` : ''}, which is not in render.helm.repositories (chart repositories are only pulled when the base configuration allows them).`;
  };
  if (chartSpec) {
    const sourceRef = isObject(chartSpec.sourceRef) ? chartSpec.sourceRef : {};
    fromSource(sourceRef, chartSpec.chart, r);
    valuesFiles = chartSpec.valuesFiles;
    valuesFilesAt = atOf(r, 'spec', 'chart', 'spec', 'valuesFiles');
  } else if (isObject(spec.chartRef)) {
    const ref = spec.chartRef;
    // chartRef's namespace defaults to the HelmRelease's own.
    const chartRefTarget = (kind: string) => {
      const ns = typeof ref.namespace === 'string' ? ref.namespace : r.namespace;
      return resources.find(
        (x) =>
          x.kind === kind &&
          x.group === FLUX_SOURCE_GROUP &&
          x.name === ref.name &&
          (x.namespace ?? ns) === ns,
      );
    };
    if (ref.kind === 'HelmChart') {
      const helmChart = chartRefTarget('HelmChart');
      const hcSpec = isObject(helmChart?.object.spec) ? helmChart.object.spec : undefined;
      if (!helmChart || !hcSpec)
        remote = `${NOT_RENDERED} its HelmChart ${String(ref.name)} is not in the repository.`;
      else {
        fromSource(isObject(hcSpec.sourceRef) ? hcSpec.sourceRef : {}, hcSpec.chart, helmChart);
        valuesFiles = hcSpec.valuesFiles;
        valuesFilesAt = atOf(helmChart, 'spec', 'valuesFiles');
        extraFiles.push(helmChart.file);
      }
    } else if (ref.kind === 'OCIRepository') {
      const source = chartRefTarget('OCIRepository');
      const ociSpec = isObject(source?.object.spec) ? source.object.spec : undefined;
      const url = typeof ociSpec?.url === 'string' ? ociSpec.url : undefined;
      const oci = url ? ociChartAllowed(url, helm.repositories) : undefined;
      if (!source || !ociSpec || !url)
        remote = `${NOT_RENDERED} its OCIRepository ${String(ref.name)} is not in the repository.`;
      else if (!oci)
        remote = `${NOT_RENDERED} its chart comes from ${sourceLabel(ref)} (${url}), which is not in render.helm.repositories (OCI registries are only pulled when the base configuration allows them).`;
      else {
        // Flux: digest wins over semver, semver over tag; no ref means the `latest` tag.
        const pin = isObject(ociSpec.ref) ? ociSpec.ref : {};
        const digest = typeof pin.digest === 'string' && pin.digest ? pin.digest : undefined;
        const range = typeof pin.semver === 'string' && pin.semver ? pin.semver : undefined;
        const tag = typeof pin.tag === 'string' && pin.tag ? pin.tag : 'latest';
        pull = {
          repository: url,
          chart: oci.repository.split('/').pop()!,
          ...(digest ? {} : range ? { version: range } : {}),
          at: atOf(r, 'spec', 'chartRef'),
          oci: { ...oci, ...(digest ? { digest } : range ? {} : { tag }) },
        };
        extraFiles.push(source.file);
      }
    } else
      remote = `${NOT_RENDERED} its chart comes from ${sourceLabel(ref)}, which gitops-guard does not read.`;
  } else remote = `${NOT_RENDERED} it names no chart (spec.chart or spec.chartRef).`;
  const targetNamespace =
    typeof spec.targetNamespace === 'string' && spec.targetNamespace ? spec.targetNamespace : undefined;
  const releaseName =
    typeof spec.releaseName === 'string' && spec.releaseName
      ? spec.releaseName
      : fluxReleaseName(r.name, targetNamespace);
  const namespace = targetNamespace ?? r.namespace ?? 'default';
  if (remote || (chartPath === undefined && !pull)) {
    const chart = { dir: '', name: '', file: r.file, problems: [], localDependencies: [] };
    const target = helmTarget(
      repo,
      chart,
      `${via} (remote chart)`,
      { kind: 'flux', resource: r },
      {
        releaseName,
        namespace,
        layers: [],
        includeCrds: true,
        notes: [],
        extraFiles,
        remote: remote ?? `${NOT_RENDERED} its chart path is unknown.`,
        remoteAt: atOf(r, 'spec', chartSpec ? 'chart' : isObject(spec.chartRef) ? 'chartRef' : 'chart'),
      },
    );
    target.closure.files = new Set([r.file, ...extraFiles]);
    return target;
  }
  if (!pull && !repo.paths.has(chartPath ? `${chartPath}/${CHART_FILE}` : CHART_FILE)) {
    const chart = { dir: chartPath ?? '', name: '', file: r.file, problems: [], localDependencies: [] };
    const target = helmTarget(
      repo,
      chart,
      `${via} (chart ${chartPath || '.'})`,
      { kind: 'flux', resource: r },
      {
        releaseName,
        namespace,
        layers: [],
        includeCrds: true,
        notes: [],
        extraFiles,
        remote: `${NOT_RENDERED} its chart path ${chartPath || '.'} has no ${CHART_FILE} in this repository.`,
      },
    );
    target.closure.files = new Set([r.file]);
    return target;
  }
  void charts;
  const layers: ValuesLayer[] = [];
  // chart.spec.valuesFiles: paths in the source, merged in order (before valuesFrom and values).
  if (Array.isArray(valuesFiles))
    valuesFiles.forEach((f, i) => {
      if (typeof f !== 'string') return;
      addValuesFile(
        repo,
        resolveInRepo('', f),
        'values file',
        { layers, notes, extraFiles },
        {
          message: `values file ${f} is not in the repository: rendered without it.`,
          file: valuesFilesAt!.file,
          at: { ...valuesFilesAt!, path: [...valuesFilesAt!.path, i] },
        },
      );
    });
  // valuesFrom: ConfigMaps and Secrets of the repository, in order.
  if (Array.isArray(spec.valuesFrom))
    spec.valuesFrom.forEach((ref, i) => {
      if (!isObject(ref) || typeof ref.name !== 'string') return;
      const kind = ref.kind === 'Secret' ? 'Secret' : 'ConfigMap';
      const key = typeof ref.valuesKey === 'string' && ref.valuesKey ? ref.valuesKey : 'values.yaml';
      const holder =
        resources.find(
          (x) =>
            x.kind === kind &&
            x.group === '' &&
            x.name === ref.name &&
            (x.namespace ?? r.namespace) === r.namespace,
        ) ?? resources.find((x) => x.kind === kind && x.group === '' && x.name === ref.name);
      const at = atOf(r, 'spec', 'valuesFrom', i);
      if (!holder) {
        notes.push({
          message: `valuesFrom ${kind} ${ref.name} is not in the repository${ref.optional === true ? ' (optional)' : ''}: rendered without its values.`,
          file: r.file,
          at,
        });
        return;
      }
      const label = `${kind} ${describeResource(holder).replace(/^\S+ /, '')} (${key})`;
      const custom = holderLayer?.(holder, key, label);
      if (custom) {
        extraFiles.push(custom.file);
        layers.push(custom.layer);
        return;
      }
      const read = valuesText(holder, key);
      if (!read) {
        notes.push({
          message: `valuesFrom ${kind} ${ref.name} has no readable key ${key} (encrypted or missing): rendered without its values.`,
          file: r.file,
          at,
        });
        return;
      }
      extraFiles.push(holder.file);
      if (typeof ref.targetPath === 'string' && ref.targetPath) {
        const path = parseSetPath(ref.targetPath);
        if (!path) return;
        const values: JsonObject = {};
        setIn(values, path, typedSetValue(read.text.trim(), false));
        const keyLocation = holder.source.locate([...holder.basePath, read.field, key]);
        layers.push({ label, values, locate: () => ({ file: holder.file, ...keyLocation }) });
        return;
      }
      const layer = read.embedded
        ? embeddedLayer(holder, [read.field, key], read.text, label)
        : textLayer(holder.file, read.text, 0, label);
      if ('layer' in layer) {
        // A base64 Secret value has no lines of its own: point at its key.
        if (!read.embedded) {
          const keyLocation = holder.source.locate([...holder.basePath, read.field, key]);
          layer.layer.locate = () => ({ file: holder.file, ...keyLocation });
        }
        layers.push(layer.layer);
      } else
        notes.push({
          message: `${label} is not a YAML mapping (${layer.error}): rendered without it.`,
          file: holder.file,
        });
    });
  const inline = resourceLayer(r, ['spec', 'values'], `values of ${via}`);
  if (inline) layers.push(inline);
  const includeCrds = !(isObject(spec.install) && spec.install.crds === 'Skip');
  const consumer: ConsumerValues = {
    releaseName,
    namespace,
    layers,
    includeCrds,
    kubeVersion: helm.kubeVersion,
    notes,
    extraFiles,
    postRenderers: fluxPostRenderers(r, spec),
  };
  if (pull) {
    const pulled = { dir: '', name: pull.chart, file: r.file, problems: [], localDependencies: [] };
    return helmTarget(
      repo,
      pulled,
      `chart ${pullLabel(pull)} from ${pull.repository} via ${via}`,
      { kind: 'flux', resource: r },
      { ...consumer, pull },
    );
  }
  return helmTarget(
    repo,
    chartAt(chartPath!),
    `chart ${chartPath || '.'} via ${via}`,
    { kind: 'flux', resource: r },
    consumer,
  );
}

/** A HelmRelease's `postRenderers[].kustomize` (inline patches and images; Flux reads no files for them). */
function fluxPostRenderers(r: Resource, spec: JsonObject): HelmPlan['postRenderers'] {
  if (!Array.isArray(spec.postRenderers)) return [];
  const out: NonNullable<HelmPlan['postRenderers']> = [];
  spec.postRenderers.forEach((pr, i) => {
    if (!isObject(pr) || !isObject(pr.kustomize)) return;
    const k = pr.kustomize;
    const at = (...path: PathSegment[]) => atOf(r, 'spec', 'postRenderers', i, 'kustomize', ...path);
    const patches: NonNullable<HelmPlan['postRenderers']>[number]['patches'] = [];
    readPatches(k, at, '', r.file, () => undefined, patches);
    const images = (Array.isArray(k.images) ? k.images : []).flatMap((img, j) =>
      isObject(img) && typeof img.name === 'string'
        ? [
            {
              at: at('images', j),
              name: img.name,
              ...(typeof img.newName === 'string' ? { newName: img.newName } : {}),
              ...(typeof img.newTag === 'string' ? { newTag: img.newTag } : {}),
              ...(typeof img.digest === 'string' ? { digest: img.digest } : {}),
            },
          ]
        : [],
    );
    if (patches.length || images.length) out.push({ patches, images });
  });
  return out;
}

/** The values text of a ConfigMap (`data`) or a Secret (`stringData`, or base64 `data`). */
export function valuesText(
  holder: Resource,
  key: string,
): { text: string; field: string; embedded: boolean } | undefined {
  const o = holder.object;
  if (holder.kind === 'ConfigMap') {
    const v = isObject(o.data) ? o.data[key] : undefined;
    return typeof v === 'string' ? { text: v, field: 'data', embedded: true } : undefined;
  }
  if (isObject(o.sops)) return undefined;
  const s = isObject(o.stringData) ? o.stringData[key] : undefined;
  if (typeof s === 'string') return { text: s, field: 'stringData', embedded: true };
  const d = isObject(o.data) ? o.data[key] : undefined;
  if (typeof d !== 'string') return undefined;
  try {
    return { text: Buffer.from(d, 'base64').toString('utf8'), field: 'data', embedded: false };
  } catch {
    return undefined;
  }
}

function argoTargets(
  r: Resource,
  repo: RepoView,
  ours: SourceOwnership,
  helm: HelmSettings,
  chartAt: (dir: string) => ChartInfo,
): RenderTarget[] {
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  const { appSpec } = argoApplicationSpec(r);
  const sources = argoSources(r);
  const refs = new Map<string, JsonObject>();
  for (const { source } of sources) if (typeof source.ref === 'string') refs.set(source.ref, source);
  const destination = isObject(appSpec.destination) ? appSpec.destination : {};
  const metadata =
    r.kind === 'ApplicationSet' && isObject(spec.template) && isObject(spec.template.metadata)
      ? spec.template.metadata
      : undefined;
  const appName = typeof metadata?.name === 'string' ? metadata.name : r.name;
  const via = `Argo CD ${r.kind} ${describeResource(r).replace(/^\S+ /, '')}`;
  const out: RenderTarget[] = [];
  for (const { source, path } of sources) {
    const h = isObject(source.helm) ? source.helm : undefined;
    const releaseName = typeof h?.releaseName === 'string' && h.releaseName ? h.releaseName : appName;
    const namespace =
      typeof h?.namespace === 'string' && h.namespace
        ? h.namespace
        : typeof destination.namespace === 'string' && destination.namespace
          ? destination.namespace
          : 'default';
    const consumer = (dir: string | undefined) => ({
      releaseName,
      namespace,
      includeCrds: h?.skipCrds !== true,
      kubeVersion: typeof h?.kubeVersion === 'string' ? h.kubeVersion : helm.kubeVersion,
      ...argoValues(repo, r, h, path, dir, refs, ours, via),
    });
    if (typeof source.chart === 'string') {
      const chart = { dir: '', name: source.chart, file: r.file, problems: [], localDependencies: [] };
      const pull = argoPull(source, helm, atOf(r, ...path, 'chart'));
      if (pull) {
        out.push(
          helmTarget(
            repo,
            chart,
            `chart ${pullLabel(pull)} from ${pull.repository} via ${via}`,
            { kind: 'argocd', resource: r },
            { ...consumer(undefined), pull },
          ),
        );
        continue;
      }
      const t = helmTarget(
        repo,
        chart,
        `${via} (remote chart ${source.chart})`,
        { kind: 'argocd', resource: r },
        {
          releaseName: appName,
          namespace: 'default',
          layers: [],
          includeCrds: true,
          notes: [],
          extraFiles: [],
          remoteAt: atOf(r, ...path, 'chart'),
          remote: `${NOT_RENDERED} its chart ${source.chart} comes from ${String(source.repoURL)}, which is not in render.helm.repositories (chart repositories are only pulled when the base configuration allows them).`,
        },
      );
      t.closure.files = new Set([r.file]);
      out.push(t);
      continue;
    }
    if (typeof source.path !== 'string' || source.path.includes('{{') || !ours.isOurUrl(source.repoURL))
      continue;
    const dir = resolveInRepo('', source.path);
    if (dir === undefined || !repo.paths.has(dir ? `${dir}/${CHART_FILE}` : CHART_FILE)) continue;
    out.push(
      helmTarget(
        repo,
        chartAt(dir),
        `chart ${dir || '.'} via ${via}`,
        { kind: 'argocd', resource: r },
        consumer(dir),
      ),
    );
  }
  return out;
}

/** What an allowed Argo CD chart source pulls: `chart` of an HTTP(S) chart repository or an OCI registry, at `targetRevision`. */
function argoPull(source: JsonObject, helm: HelmSettings, at: SourceRef): HelmPlan['pull'] {
  const where = typeof source.repoURL === 'string' ? argoChartRepository(source.repoURL) : undefined;
  const chart = String(source.chart);
  const version =
    typeof source.targetRevision === 'string' &&
    source.targetRevision.trim() &&
    source.targetRevision !== 'HEAD'
      ? source.targetRevision.trim()
      : undefined;
  if (!where) return undefined;
  if (where.kind === 'http')
    return httpRepositoryAllowed(where.url, helm.repositories)
      ? { repository: where.url, chart, ...(version ? { version } : {}), at }
      : undefined;
  const oci = ociChartAllowed(`${where.url}/${chart}`, helm.repositories);
  return oci ? { repository: where.url, chart, ...(version ? { version } : {}), at, oci } : undefined;
}

/** How a pulled chart is named in a target's label: its name and version, range, tag or digest. */
function pullLabel(pull: NonNullable<HelmPlan['pull']>): string {
  if (pull.version) return `${pull.chart} ${pull.version}`;
  if (pull.oci?.digest) return `${pull.chart}@${pull.oci.digest}`;
  if (pull.oci?.tag) return `${pull.chart}:${pull.oci.tag}`;
  return pull.chart;
}

/**
 * The values of an Argo CD Helm source, in Argo CD's order: `valueFiles` (relative to the chart
 * folder `dir`, or `$ref/…` of a ref source that is this repository), then `valuesObject`
 * (else `values`), then `parameters`. A pulled chart (`dir` undefined) has no folder here:
 * its relative value files are notes.
 */
function argoValues(
  repo: RepoView,
  r: Resource,
  h: JsonObject | undefined,
  path: PathSegment[],
  dir: string | undefined,
  refs: ReadonlyMap<string, JsonObject>,
  ours: SourceOwnership,
  via: string,
): Pick<ConsumerValues, 'layers' | 'notes' | 'extraFiles'> {
  const at = (...p: PathSegment[]) => atOf(r, ...path, 'helm', ...p);
  const layers: ValuesLayer[] = [];
  const notes: HelmPlan['notes'] = [];
  const extraFiles: string[] = [];
  const valueFiles = Array.isArray(h?.valueFiles) ? h.valueFiles : [];
  valueFiles.forEach((f, i) => {
    if (typeof f !== 'string') return;
    let file: string | undefined;
    const refMatch = /^\$([^/]+)\/(.*)$/.exec(f);
    if (refMatch) {
      const refSource = refs.get(refMatch[1]!);
      if (!refSource || !ours.isOurUrl(refSource.repoURL)) {
        notes.push({
          message: `value file ${f} comes from another repository: rendered without it.`,
          file: r.file,
          at: at('valueFiles', i),
        });
        return;
      }
      file = resolveInRepo('', refMatch[2]!);
    } else if (/^[a-z]+:\/\//i.test(f)) {
      notes.push({
        message: `value file ${f} is remote and never fetched: rendered without it.`,
        file: r.file,
        at: at('valueFiles', i),
      });
      return;
    } else if (dir === undefined) {
      notes.push({
        message: `value file ${f} is inside the pulled chart, which is not read for values: rendered without it.`,
        file: r.file,
        at: at('valueFiles', i),
      });
      return;
    } else file = resolveInRepo(dir, f);
    addValuesFile(
      repo,
      file,
      'value file',
      { layers, notes, extraFiles },
      {
        message: `value file ${f} is not in the repository${h?.ignoreMissingValueFiles === true ? ' (ignoreMissingValueFiles)' : ''}: rendered without it.`,
        file: r.file,
        at: at('valueFiles', i),
      },
    );
  });
  // valuesObject wins over values when both are set (Argo CD).
  if (h && isObject(h.valuesObject)) {
    const layer = resourceLayer(r, [...path, 'helm', 'valuesObject'], `valuesObject of ${via}`);
    if (layer) layers.push(layer);
  } else if (h && typeof h.values === 'string' && h.values.trim()) {
    const layer = embeddedLayer(r, [...path, 'helm', 'values'], h.values, `values of ${via}`);
    if ('layer' in layer) layers.push(layer.layer);
    else
      notes.push({
        message: `values of ${via} are not a YAML mapping (${layer.error}): rendered without them.`,
        file: r.file,
        at: at('values'),
      });
  } else if (h && isObject(h.values)) {
    const layer = resourceLayer(r, [...path, 'helm', 'values'], `values of ${via}`);
    if (layer) layers.push(layer);
  }
  if (h && Array.isArray(h.parameters)) {
    const values: JsonObject = {};
    const located: Array<{ path: PathSegment[]; index: number }> = [];
    h.parameters.forEach((p, i) => {
      if (!isObject(p) || typeof p.name !== 'string') return;
      const setPath = parseSetPath(p.name);
      if (!setPath) return;
      setIn(values, setPath, typedSetValue(String(p.value ?? ''), p.forceString === true));
      located.push({ path: setPath, index: i });
    });
    if (located.length)
      layers.push({
        label: `parameters of ${via}`,
        values,
        locate: (p) => {
          const hit = [...located].reverse().find((l) => startsWith(p, l.path) || startsWith(l.path, p));
          if (!hit) return undefined;
          return {
            file: r.file,
            ...r.source.locate([...r.basePath, ...path, 'helm', 'parameters', hit.index, 'value']),
          };
        },
      });
  }
  return { layers, notes, extraFiles };
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

export type { ClosureProblem };

/** A values file of the repository as a layer (its text read once), or the note that says why it is left out. */
function addValuesFile(
  repo: RepoView,
  file: string | undefined,
  label: 'values file' | 'value file',
  into: { layers: ValuesLayer[]; notes: HelmPlan['notes']; extraFiles: string[] },
  missing: HelmPlan['notes'][number],
): void {
  const text = file !== undefined ? repo.read(file) : undefined;
  if (file === undefined || text === undefined) {
    into.notes.push(missing);
    return;
  }
  into.extraFiles.push(file);
  const layer = textLayer(file, text, 0, `${label} ${file}`);
  if ('layer' in layer) into.layers.push(layer.layer);
  else
    into.notes.push({
      message: `${label} ${file} is not a YAML mapping (${layer.error}): rendered without it.`,
      file,
    });
}
