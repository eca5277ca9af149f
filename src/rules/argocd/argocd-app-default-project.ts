import { defineRule } from '../../engine/index.js';
import { appSpecOf, ARGOCD_PROJECTS_DOCS, isTemplated, str } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-app-default-project',
  title: 'Application uses the default project',
  severity: 'medium',
  category: 'argocd',
  description:
    'The `default` AppProject allows any source repository, any destination and every cluster-scoped resource unless an administrator has restricted it. An Application (or ApplicationSet template) in `default`, or with no project (which means `default`), is governed by no least-privilege boundary.',
  remediation:
    "Create an AppProject scoped to the team's repositories, destinations and resource kinds, and set `spec.project` to it.",
  references: { links: [ARGOCD_PROJECTS_DOCS] },
  match: (r) => appSpecOf(r) !== undefined,
  check(resource, context) {
    const app = appSpecOf(resource)!;
    const raw = app.spec.project;
    const project = str(raw);
    if (project && isTemplated(project)) return;
    if (project === 'default') {
      context.report({
        path: [...app.path, 'project'],
        message: `${app.kind} "${resource.name}" uses the unrestricted "default" project.`,
      });
    } else if (raw === undefined || raw === null || project === '') {
      context.report({
        path: [...app.path, 'project'],
        missing: raw === undefined,
        message: `${app.kind} "${resource.name}" sets no project, so it runs in the unrestricted "default" project.`,
      });
    }
  },
});
