import {
  getIn,
  loadManifestFile,
  type Located,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';
import type { HelmPlan } from './helm-chart.js';
import {
  markStringValues,
  SENTINEL_PATTERN,
  winningLeaves,
  type ValuesLayer,
  type ValuesLeaf,
} from './helm-values.js';

/** Where a field of a Helm-rendered resource came from. */
export type HelmLocation = Located & { file: string; via: 'value' | 'template' };

const SOURCE_MARKER = /^# Source: (.+)$/m;
const MAX_TEMPLATE_LINES = 20_000;

/** Helm's `# Source: chart/templates/x.yaml` marker of one rendered document. */
export function helmSourceOf(documentText: string): string | undefined {
  return SOURCE_MARKER.exec(documentText.slice(0, 4096))?.[1]?.trim();
}

/**
 * Maps fields of one Helm target's rendered resources to the repository line that caused
 * them (docs/rendering.md#where-a-helm-finding-points):
 *
 * 1. a string field that carries a value's marker in the marked render: that value's line
 *    (the last marker when several values are concatenated, e.g. `repository:tag`);
 * 2. a scalar field equal to a merged value with the same key name (`privileged: true` from
 *    `securityContext.privileged: true`), the longest matching key path winning: that value's line;
 * 3. else the template line: the field's keys followed down the template text.
 */
export class HelmMapper {
  private readonly layers: ValuesLayer[];
  private readonly leaves: ValuesLeaf[];
  private readonly ids: Array<{ layer: number; path: PathSegment[] }>;
  private readonly marked = new Map<string, Resource[]>();

  constructor(
    private readonly plan: HelmPlan,
    private readonly repoPaths: (path: string) => boolean,
    private readonly read: (path: string) => string | undefined,
    mappingOutput: string | undefined,
  ) {
    this.layers = [...(plan.defaults ? [plan.defaults] : []), ...plan.layers];
    this.leaves = winningLeaves(this.layers);
    this.ids = markStringValues(this.layers).ids;
    if (mappingOutput) {
      for (const r of loadManifestFile('marked', mappingOutput, undefined, undefined, { wholeSchemas: true })
        .resources) {
        const source = helmSourceOf(r.source.text) ?? '';
        const list = this.marked.get(source) ?? [];
        list.push(r);
        this.marked.set(source, list);
      }
    }
  }

  /** The repository file of a `# Source:` path (`chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`). */
  templateFile(source: string | undefined): string {
    const chartFile = this.plan.chartDir ? `${this.plan.chartDir}/Chart.yaml` : 'Chart.yaml';
    if (!source) return chartFile;
    const rest = source.slice(source.indexOf('/') + 1);
    const prefix = this.plan.chartDir ? `${this.plan.chartDir}/` : '';
    if (this.repoPaths(prefix + rest)) return prefix + rest;
    for (const dep of this.plan.localDependencies) {
      const depPrefix = `charts/${dep.name}/`;
      if (rest.startsWith(depPrefix)) {
        const file = `${dep.from ? `${dep.from}/` : ''}${rest.slice(depPrefix.length)}`;
        if (this.repoPaths(file)) return file;
      }
    }
    // A subchart from a .tgz: its templates are not repository files; point at the archive's chart.
    return chartFile;
  }

  locate(
    rendered: Resource,
    source: string | undefined,
    indexInSource: number,
    path: readonly PathSegment[],
  ): HelmLocation {
    const value = getIn(rendered.object, path.slice(rendered.basePath.length));
    const fromMarker = this.byMarker(rendered, source, indexInSource, path);
    if (fromMarker) return fromMarker;
    const fromValue = this.byKeyAndValue(path, value);
    if (fromValue) return fromValue;
    // A pulled chart's templates are not in the repository: the line that names the chart.
    const pull = this.plan.pull;
    if (pull) return { file: pull.at.file, ...pull.at.source.locate(pull.at.path), via: 'template' };
    return this.inTemplate(this.templateFile(source), path.slice(rendered.basePath.length));
  }

  private byMarker(
    rendered: Resource,
    source: string | undefined,
    indexInSource: number,
    path: readonly PathSegment[],
  ): HelmLocation | undefined {
    const twin = this.marked.get(source ?? '')?.[indexInSource];
    if (!twin || twin.kind !== rendered.kind) return undefined;
    const markedValue = getIn(twin.object, path.slice(rendered.basePath.length));
    if (typeof markedValue !== 'string') return undefined;
    const found = [...markedValue.matchAll(SENTINEL_PATTERN)];
    const last = found[found.length - 1];
    const id = last ? this.ids[Number(last[1])] : undefined;
    if (!id) return undefined;
    const at = this.layers[id.layer]?.locate(id.path);
    if (!at) return undefined;
    // Only a field that is the value itself may be fixed on the values line (not `repository:tag`).
    const whole =
      found.length === 1 &&
      getIn(rendered.object, path.slice(rendered.basePath.length)) ===
        getIn(this.layers[id.layer]!.values, id.path);
    if (!whole) delete at.document;
    return { ...at, via: 'value' };
  }

  private byKeyAndValue(path: readonly PathSegment[], value: unknown): HelmLocation | undefined {
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    const keys = path.filter((p): p is string => typeof p === 'string');
    const key = keys[keys.length - 1];
    if (key === undefined) return undefined;
    let best: { leaf: ValuesLeaf; score: number } | undefined;
    for (const leaf of this.leaves) {
      const leafKeys = leaf.path.filter((p): p is string => typeof p === 'string');
      if (leafKeys[leafKeys.length - 1] !== key || String(leaf.value) !== String(value)) continue;
      let score = 0;
      while (
        score < leafKeys.length &&
        score < keys.length &&
        leafKeys[leafKeys.length - 1 - score] === keys[keys.length - 1 - score]
      )
        score++;
      if (!best || score > best.score || (score === best.score && leaf.layer > best.leaf.layer))
        best = { leaf, score };
    }
    if (!best) return undefined;
    const at = this.layers[best.leaf.layer]?.locate(best.leaf.path);
    return at ? { ...at, via: 'value' } : undefined;
  }

  /** The template line of a field: its keys followed down the template text (a `key:` line after the previous one). */
  private inTemplate(file: string, path: readonly PathSegment[]): HelmLocation {
    const text = this.read(file) ?? '';
    const lines = text.split('\n', MAX_TEMPLATE_LINES);
    let at = -1;
    for (const key of path) {
      if (typeof key !== 'string') continue;
      const next = lines.findIndex((l, i) => i > at && keyLine(l, key));
      if (next < 0) break;
      at = next;
    }
    if (at < 0)
      at = Math.max(
        0,
        lines.findIndex((l) => keyLine(l, 'kind')),
      );
    const column = (lines[at]?.search(/\S/) ?? 0) + 1;
    return {
      file,
      line: at + 1,
      column: Math.max(1, column),
      endLine: at + 1,
      exact: false,
      via: 'template',
    };
  }
}

/** Whether a template line is `key:` (possibly a list item); scanned, not matched with a built regex: keys come from the repository. */
function keyLine(line: string, key: string): boolean {
  let s = line.trimStart();
  if (s.startsWith('- ')) s = s.slice(2).trimStart();
  if (s.startsWith('"') && s.startsWith(`"${key}"`)) s = s.slice(key.length + 2);
  else if (s.startsWith(key)) s = s.slice(key.length);
  else return false;
  return s.startsWith(':');
}
