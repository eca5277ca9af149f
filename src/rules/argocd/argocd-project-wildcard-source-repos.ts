import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { ARGOCD_PROJECTS_DOCS, ARGOCD_SECURITY_DOCS, isArgoKind, str } from './_lib/argocd.js';

/** Matches every repository: only wildcards and separators. */
function matchesEverything(entry: string): boolean {
  return /^[*/:]+$/.test(entry) && entry.includes('*');
}

/** Matches every repository of one host: `https://github.com/*`, `git@github.com:*`. */
function matchesWholeHost(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/*]+\/\*+(?:\/\**)?$/i.test(entry) || /^[^@\s/]+@[^:/*]+:\*+$/.test(entry);
}

export default defineRule({
  id: 'argocd-project-wildcard-source-repos',
  title: 'AppProject allows any source repository',
  severity: 'high',
  category: 'argocd',
  description:
    'An AppProject whose `sourceRepos` contains `*` lets its Applications deploy manifests from any Git, Helm or OCI repository, including ones the platform team does not control: whoever can create an Application in the project can deploy anything the project permits from anywhere. A pattern such as `https://github.com/*` is nearly as wide: every repository on that host.',
  remediation:
    'List the repositories (or one organisation, `https://github.com/my-org/*`) the project may deploy from in `spec.sourceRepos`.',
  references: { links: [ARGOCD_PROJECTS_DOCS, ARGOCD_SECURITY_DOCS] },
  match: (r) => isArgoKind(r, 'AppProject'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec) || !Array.isArray(spec.sourceRepos)) return;
    spec.sourceRepos.forEach((raw, i) => {
      const entry = str(raw);
      if (!entry || entry.startsWith('!')) return;
      if (matchesEverything(entry)) {
        context.report({
          path: ['spec', 'sourceRepos', i],
          message: `AppProject "${resource.name}" allows any source repository (\`${entry}\`).`,
        });
      } else if (matchesWholeHost(entry)) {
        context.report({
          path: ['spec', 'sourceRepos', i],
          severity: 'medium',
          message: `AppProject "${resource.name}" allows every repository on a host (\`${entry}\`), not one organisation.`,
        });
      }
    });
  },
});
