import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { isObject, SourceDocument } from '../../manifests/index.js';
import type { ClosureProblem, RepoView } from './closure.js';
import { resolveInRepo } from './closure.js';
import type { ValuesLayer } from './helm-values.js';
import type { ImageEntry, PatchEntry, SourceRef } from './kustomization.js';
import type { OciChartReference } from './chart-source.js';

/** How one Helm target is rendered: `helm template RELEASE CHART --namespace NS -f layer…`. */
export interface HelmPlan {
  /** Chart folder, repository-relative. */
  chartDir: string;
  chartName: string;
  releaseName: string;
  namespace: string;
  /** The chart's own values.yaml (Helm reads it itself; here for mapping). */
  defaults?: ValuesLayer;
  /** The consumer's values in Helm's order, each passed as one `-f` file. */
  layers: ValuesLayer[];
  includeCrds: boolean;
  kubeVersion?: string;
  /** Local (`file://`) dependencies copied into the chart's `charts/` folder of the temporary copy. */
  localDependencies: Array<{ from: string; name: string }>;
  /** What was left out and why (a valuesFrom not in the repository, ...): `render-note` findings. */
  notes: Array<{ message: string; file: string; at?: ClosureProblem['at'] }>;
  /** Set when the chart is not in this repository: why it was not rendered (a note on the consumer). */
  remote?: string;
  /** A chart of an allowed chart repository (render.helm.repositories): pulled, checked against its digest, cached, then rendered. */
  pull?: {
    repository: string;
    chart: string;
    /** A semver version or range (Flux's `version`, `ref.semver`; Argo CD's `targetRevision`). */
    version?: string;
    at: SourceRef;
    /** Set for a chart of an OCI registry: pulled over the distribution API, by `tag`, `digest` or the `version` range. */
    oci?: OciChartReference & { tag?: string; digest?: string };
  };
  /** Flux `postRenderers[].kustomize`: patches and images applied, in order, with kustomize on the rendered output. */
  postRenderers?: Array<{ patches: PatchEntry[]; images: ImageEntry[] }>;
  /** False for the extra renders of a change's narrowing (helm-narrowing.ts): no marked second render. */
  mappingRender?: boolean;
}

export interface ChartInfo {
  dir: string;
  name: string;
  file: string;
  problems: ClosureProblem[];
  localDependencies: Array<{ from: string; name: string }>;
}

export const CHART_FILE = 'Chart.yaml';

/** Folders holding a Chart.yaml. */
export function chartDirs(repo: RepoView): string[] {
  const out: string[] = [];
  for (const p of repo.paths)
    if (posix.basename(p) === CHART_FILE) out.push(posix.dirname(p) === '.' ? '' : posix.dirname(p));
  return out.sort();
}

/** True for a chart vendored inside another chart's `charts/` folder (rendered with its parent). */
export function isSubchart(dir: string, charts: readonly string[]): boolean {
  return charts.some((c) => c !== dir && dir.startsWith(c ? `${c}/charts/` : 'charts/'));
}

/** Every repository file under a folder. */
export function filesUnder(repo: RepoView, dir: string): string[] {
  const prefix = dir ? `${dir}/` : '';
  return [...repo.paths].filter((p) => p.startsWith(prefix));
}

/**
 * Reads a chart's Chart.yaml (and a v1 chart's requirements.yaml): its name, and its
 * dependencies. A dependency must be vendored in `charts/` (a folder or a .tgz) or be a
 * `file://` chart inside the repository; any other is a problem (remote repositories are
 * never fetched for a dependency), so the chart is not rendered.
 */
export function readChart(dir: string, repo: RepoView): ChartInfo {
  const file = dir ? `${dir}/${CHART_FILE}` : CHART_FILE;
  const info: ChartInfo = {
    dir,
    name: posix.basename(dir) || 'chart',
    file,
    problems: [],
    localDependencies: [],
  };
  const text = repo.read(file);
  const chart = text === undefined ? undefined : safeLoad(text);
  if (!isObject(chart)) {
    info.problems.push({
      kind: 'unsupported',
      message: `${file} is not a YAML mapping; the chart cannot be rendered.`,
      file,
    });
    return info;
  }
  if (typeof chart.name === 'string' && chart.name) info.name = chart.name;
  const sources: Array<{ file: string; text: string; deps: unknown }> = [
    { file, text: text!, deps: chart.dependencies },
  ];
  const requirementsFile = dir ? `${dir}/requirements.yaml` : 'requirements.yaml';
  const requirements = repo.read(requirementsFile);
  if (requirements !== undefined) {
    const parsed = safeLoad(requirements);
    if (isObject(parsed))
      sources.push({ file: requirementsFile, text: requirements, deps: parsed.dependencies });
  }
  const vendored = vendoredCharts(dir, repo);
  for (const s of sources) {
    if (!Array.isArray(s.deps)) continue;
    const source = new SourceDocument(s.text, 0);
    s.deps.forEach((dep, i) => {
      if (!isObject(dep) || typeof dep.name !== 'string') return;
      const name = dep.name;
      const repository = typeof dep.repository === 'string' ? dep.repository : '';
      if (vendored.has(name)) return;
      const at = { file: s.file, source, path: ['dependencies', i, 'repository'] };
      if (repository.startsWith('file://')) {
        const from = resolveInRepo(dir, repository.slice('file://'.length));
        if (from === undefined || !repo.paths.has(from ? `${from}/${CHART_FILE}` : CHART_FILE)) {
          info.problems.push({
            kind: from === undefined ? 'outside' : 'missing',
            message: `Dependency ${name} of chart ${dir || '.'} is ${repository}, ${from === undefined ? 'outside the repository' : 'not a chart in the repository'}: the chart was not rendered.`,
            file: s.file,
            at,
          });
          return;
        }
        info.localDependencies.push({ from, name });
        return;
      }
      info.problems.push({
        kind: 'remote',
        message: `Dependency ${name} of chart ${dir || '.'} comes from ${repository || 'no repository'} and is not vendored in ${dir ? `${dir}/` : ''}charts/: remote dependencies are never fetched (run \`helm dependency build\` and commit charts/), so the chart was not rendered.`,
        file: s.file,
        at,
      });
    });
  }
  return info;
}

/** Names of the charts vendored in `dir/charts/`: folders with a Chart.yaml (by their name) and `.tgz` archives (by file name). */
function vendoredCharts(dir: string, repo: RepoView): Set<string> {
  const prefix = dir ? `${dir}/charts/` : 'charts/';
  const names = new Set<string>();
  for (const p of repo.paths) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const parts = rest.split('/');
    if (parts.length === 1 && rest.endsWith('.tgz')) {
      // `name-1.2.3.tgz`: the name is what comes before the first `-` followed by a digit (or `v` and a digit).
      const base = rest.slice(0, -'.tgz'.length);
      let cut = base.length;
      for (let i = 1; i < base.length; i++)
        if (base[i] === '-' && /\d/.test(base[i + 1] === 'v' ? (base[i + 2] ?? '') : (base[i + 1] ?? ''))) {
          cut = i;
          break;
        }
      names.add(base.slice(0, cut));
    } else if (parts.length === 2 && parts[1] === CHART_FILE) {
      names.add(parts[0]!);
      const chart = safeLoad(repo.read(p) ?? '');
      if (isObject(chart) && typeof chart.name === 'string') names.add(chart.name);
    }
  }
  return names;
}

export function safeLoad(text: string): unknown {
  try {
    return loadYaml(text, { json: true });
  } catch {
    return undefined;
  }
}

/** Flux's release name: `[targetNamespace-]name`, shortened past Helm's 53 characters as helm-controller does. */
export function fluxReleaseName(name: string, targetNamespace: string | undefined): string {
  const full = targetNamespace ? `${targetNamespace}-${name}` : name;
  if (full.length <= 53) return full;
  return `${full.slice(0, 40)}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}
