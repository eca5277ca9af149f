import { defineRule } from '../../engine/index.js';
import { appSourcesOf, appSpecOf, isProductionApp, isTemplated } from './_lib/argocd.js';

const SHA = /^[0-9a-f]{7,40}$/i;
const VERSION_TAG = /^v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.+-]*)?$/;
const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Why a revision is not a pin, or undefined when it is one. */
function unpinnedReason(revision: string | undefined, helmChart: boolean): string | undefined {
  if (revision === undefined || revision === '')
    return helmChart ? 'no chart version (the latest is used)' : 'no target revision (HEAD)';
  if (helmChart) return EXACT_SEMVER.test(revision) ? undefined : `chart version "${revision}" is a range`;
  if (revision.toUpperCase() === 'HEAD') return 'HEAD';
  if (
    SHA.test(revision) ||
    VERSION_TAG.test(revision) ||
    revision.startsWith('refs/tags/') ||
    /^sha256:[0-9a-f]{64}$/i.test(revision)
  )
    return undefined;
  if (/[*^~><|]|\.x\b/.test(revision)) return `"${revision}" is a version range`;
  return `"${revision}" looks like a branch`;
}

export default defineRule({
  id: 'argocd-app-unpinned-revision',
  title: 'Production Application tracks a branch',
  severity: 'low',
  category: 'argocd',
  description:
    'A production Application whose `targetRevision` is `HEAD`, empty or a branch name deploys whatever lands on that branch, and a Helm chart without an exact version deploys whatever is published next. Pinning production to a tag or commit makes each production change an explicit, reviewed promotion. What counts as production comes from the `production` settings.',
  remediation:
    'Set `targetRevision` to a release tag or commit SHA (for Helm charts an exact chart version) and promote by changing it.',
  references: { links: ['https://argo-cd.readthedocs.io/en/stable/user-guide/tracking_strategies/'] },
  match: (r) => appSpecOf(r) !== undefined,
  check(resource, context) {
    const app = appSpecOf(resource)!;
    if (!isProductionApp(resource, app, context.options)) return;
    for (const s of appSourcesOf(app)) {
      if (s.path[s.path.length - 1] === 'syncSource') continue; // the hydrator writes there: a branch by design
      const raw = s.source.targetRevision;
      if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number') continue;
      const revision = raw === undefined || raw === null ? undefined : String(raw).trim();
      if (revision && isTemplated(revision)) continue;
      const helmChart = typeof s.source.chart === 'string' && s.source.chart !== '';
      const reason = unpinnedReason(revision, helmChart);
      if (!reason) continue;
      context.report({
        path: [...s.path, 'targetRevision'],
        missing: raw === undefined,
        message: `${app.kind} "${resource.name}" deploys to production from an unpinned revision: ${reason}.`,
      });
    }
  },
});
