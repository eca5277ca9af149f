import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';

/** git-sync v4 and v3 names of the option that picks the git binary it runs. */
const ENV_NAMES = new Set(['GITSYNC_GIT', 'GIT_SYNC_GIT']);

function isGitFlag(arg: string): boolean {
  return arg === '--git' || arg.startsWith('--git=');
}

export default defineRule({
  id: 'workload-git-sync-git-binary',
  title: 'git-sync told which git binary to run',
  severity: 'high',
  category: 'workload',
  description:
    'git-sync runs the program named by `GITSYNC_GIT` (`GIT_SYNC_GIT` in v3, or the `--git` flag) as its git. Whoever can set that variable, for example with `update` on the Deployment or by editing the manifest in a pull request, runs any command in the git-sync container, which holds the repository credentials and often a privileged service account (Akamai, 2024). A legitimate deployment never needs to change it.',
  remediation:
    'Remove `GITSYNC_GIT`/`GIT_SYNC_GIT` and the `--git` flag so git-sync uses the git of its image.',
  references: {
    checkov: ['CKV_K8S_159'],
    links: [
      'https://www.akamai.com/blog/security-research/2024-august-kubernetes-gitsync-command-injection-defcon',
      'https://github.com/kubernetes/git-sync#parameters',
    ],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const env = c.container.env;
      if (Array.isArray(env)) {
        env.forEach((entry, i) => {
          if (!isObject(entry) || typeof entry.name !== 'string' || !ENV_NAMES.has(entry.name)) return;
          context.report({
            path: [...c.path, 'env', i, 'name'],
            key: `env:${i}`,
            message: `Container "${c.name}" sets ${entry.name}: git-sync runs that program as git.`,
          });
        });
      }
      for (const field of ['command', 'args'] as const) {
        const list = c.container[field];
        if (!Array.isArray(list)) continue;
        list.forEach((arg, i) => {
          if (typeof arg !== 'string' || !isGitFlag(arg)) return;
          context.report({
            path: [...c.path, field, i],
            key: `${field}:${i}`,
            message: `Container "${c.name}" passes ${arg.length > 60 ? '--git=...' : arg} to git-sync: it runs that program as git.`,
          });
        });
      }
    }
  },
});
