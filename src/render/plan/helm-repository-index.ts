import { load as loadYaml } from 'js-yaml';
import semver, { type SemVer } from 'semver';
import { isObject } from '../../manifests/index.js';

/** One chart version of a chart repository's index.yaml. */
export interface ChartVersionEntry {
  name: string;
  version: string;
  urls: string[];
  digest?: string;
}

/**
 * The version of `chart` a HelmRelease's `version` selects in a repository index, as Flux's
 * source-controller selects it: an exact version, or the newest version matching a semver
 * range (`>=1.0.0 <2.0.0`, `~1.2`, `^6`, `6.x`, `*`; Masterminds' comma for AND accepted),
 * pre-releases only when the range names one; no version means `*`. Pure.
 */
export function resolveChartVersion(
  indexText: string,
  chart: string,
  range: string | undefined,
): { entry: ChartVersionEntry } | { error: string } {
  let index: unknown;
  try {
    index = loadYaml(indexText, { json: true });
  } catch (error) {
    return { error: `its index.yaml is not YAML (${(error as Error).message.split('\n')[0]})` };
  }
  const entries = isObject(index) && isObject(index.entries) ? index.entries[chart] : undefined;
  if (!Array.isArray(entries) || entries.length === 0)
    return { error: `its index.yaml has no chart named ${chart}` };
  const wanted = (range ?? '').trim() || '*';
  const npmRange = semver.validRange(wanted.replaceAll(',', ' '), { loose: true });
  if (!npmRange) return { error: `version ${wanted} is not a semver version or range` };
  let best: { entry: ChartVersionEntry; parsed: SemVer } | undefined;
  for (const e of entries) {
    if (!isObject(e) || typeof e.version !== 'string' || !Array.isArray(e.urls)) continue;
    const parsed = semver.parse(e.version, { loose: true }) ?? semver.coerce(e.version);
    if (!parsed) continue;
    if (!semver.satisfies(parsed, npmRange, { loose: true })) continue;
    if (best && semver.lte(parsed, best.parsed)) continue;
    best = {
      parsed,
      entry: {
        name: chart,
        version: e.version,
        urls: e.urls.filter((u): u is string => typeof u === 'string'),
        ...(typeof e.digest === 'string' ? { digest: e.digest } : {}),
      },
    };
  }
  return best ? { entry: best.entry } : { error: `no version of ${chart} matches ${wanted}` };
}
