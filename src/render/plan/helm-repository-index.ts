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
  const byVersion = new Map<string, ChartVersionEntry>();
  for (const e of entries) {
    if (!isObject(e) || typeof e.version !== 'string' || !Array.isArray(e.urls)) continue;
    byVersion.set(e.version, {
      name: chart,
      version: e.version,
      urls: e.urls.filter((u): u is string => typeof u === 'string'),
      ...(typeof e.digest === 'string' ? { digest: e.digest } : {}),
    });
  }
  const chosen = chooseVersion([...byVersion.keys()], range, { coerce: true });
  if ('error' in chosen) return { error: chosen.error.replace('{chart}', chart) };
  return { entry: byVersion.get(chosen.version)! };
}

/**
 * The version a semver `range` selects among `versions` (chart versions of an index, or the
 * tags of an OCI repository), as Flux selects it: an exact version, or the newest match,
 * pre-releases only when the range names one; no range means `*`. Pure.
 */
export function chooseVersion(
  versions: readonly string[],
  range: string | undefined,
  options: { coerce?: boolean } = {},
): { version: string } | { error: string } {
  const wanted = (range ?? '').trim() || '*';
  const npmRange = semver.validRange(wanted.replaceAll(',', ' '), { loose: true });
  if (!npmRange) return { error: `version ${wanted} is not a semver version or range` };
  let best: { version: string; parsed: SemVer } | undefined;
  for (const version of versions) {
    // OCI tags cannot hold `+`: Helm writes build metadata with `_`.
    const parsed =
      semver.parse(version.replaceAll('_', '+'), { loose: true }) ??
      (options.coerce ? semver.coerce(version) : null);
    if (!parsed) continue;
    if (!semver.satisfies(parsed, npmRange, { loose: true })) continue;
    if (best && semver.lte(parsed, best.parsed)) continue;
    best = { parsed, version };
  }
  return best ? { version: best.version } : { error: `no version of {chart} matches ${wanted}` };
}
