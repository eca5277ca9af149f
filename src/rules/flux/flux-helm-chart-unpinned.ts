import { defineRule } from '../../engine/index.js';
import { getIn, isObject, type PathSegment } from '../../manifests/index.js';
import { isFluxKind } from './_lib/flux.js';

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Why a chart version is not a pin, or undefined when it is exact. */
function unpinnedVersion(version: unknown): string | undefined {
  if (version === undefined || version === null) return 'no version (the latest is installed)';
  const v = String(version).trim();
  if (v === '' || v === '*')
    return v === '' ? 'an empty version (the latest is installed)' : 'version "*" (any)';
  if (EXACT_SEMVER.test(v)) return undefined;
  return `version range "${v}"`;
}

export default defineRule({
  id: 'flux-helm-chart-unpinned',
  title: 'HelmRelease chart version not pinned',
  severity: 'medium',
  category: 'flux',
  description:
    'A HelmRelease (or HelmChart) whose chart version is missing, `*` or a range such as `^1.2`, `~1`, `>=1` or `1.x` installs whatever the chart repository publishes next, with no review in this repository: a compromised or broken chart release goes to the cluster on the next reconciliation.',
  remediation:
    'Set `spec.chart.spec.version` to an exact version (`1.4.2`) and upgrade it by a reviewed change (Renovate or Dependabot can open those).',
  references: { links: ['https://fluxcd.io/flux/components/helm/helmreleases/#chart-template'] },
  match: (r) => isFluxKind(r, 'helm', 'HelmRelease') || isFluxKind(r, 'source', 'HelmChart'),
  check(resource, context) {
    const base: PathSegment[] = resource.kind === 'HelmChart' ? ['spec'] : ['spec', 'chart', 'spec'];
    const chartSpec = getIn(resource.object, base);
    if (!isObject(chartSpec)) return; // chartRef: the version lives in the OCIRepository
    const sourceKind = getIn(chartSpec, ['sourceRef', 'kind']);
    if (sourceKind === 'GitRepository' || sourceKind === 'Bucket') return; // chart from a path: version is not used
    const version = chartSpec.version;
    if (
      version !== undefined &&
      version !== null &&
      typeof version !== 'string' &&
      typeof version !== 'number'
    )
      return;
    const reason = unpinnedVersion(version);
    if (!reason) return;
    const chart =
      typeof chartSpec.chart === 'string' && chartSpec.chart !== '' ? ` "${chartSpec.chart}"` : '';
    context.report({
      path: [...base, 'version'],
      missing: version === undefined,
      message: `${resource.kind} "${resource.name}" installs chart${chart} with ${reason}.`,
    });
  },
});
