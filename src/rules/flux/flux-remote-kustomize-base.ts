import { defineRule } from '../../engine/index.js';
import { isKustomizeFile } from './_lib/flux.js';

const SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{7,39}$/i;
const VERSION_TAG = /^v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.+-]*)?$/;

/** A kustomize remote target: a URL, `github.com/org/repo//path`, `git@host:org/repo`. */
function isRemoteTarget(entry: string): boolean {
  const e = entry.trim();
  if (/^[a-z][a-z0-9+.-]*::?\/\//i.test(e) || /^git::/i.test(e)) return true;
  if (/^[^@\s/]+@[^:\s/]+:/.test(e)) return true;
  return /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|ssh\.dev\.azure\.com|gitea\.com|codeberg\.org)\//i.test(
    e,
  );
}

/** The `ref` (or legacy `version`) query parameter of a remote target. */
function remoteRef(entry: string): string | undefined {
  const q = entry.indexOf('?');
  if (q < 0) return undefined;
  for (const part of entry.slice(q + 1).split('&')) {
    const [k, v] = part.split('=');
    if ((k === 'ref' || k === 'version') && v) return decodeURIComponent(v);
  }
  return undefined;
}

export default defineRule({
  id: 'flux-remote-kustomize-base',
  title: 'kustomization.yaml pulls a remote base',
  severity: 'medium',
  category: 'flux',
  description:
    'A `resources`, `bases` or `components` entry that is a URL or a remote Git target (`github.com/org/repo//path`) makes every build fetch manifests from a repository the reviewers of this one do not see. Without `?ref=` (or with a branch) what gets deployed changes whenever that repository changes; a tag can be moved. Only a commit SHA pins the content.',
  remediation:
    'Vendor the remote manifests into this repository, or pin the entry with `?ref=<full commit SHA>`.',
  references: {
    links: [
      'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/',
      'https://github.com/kubernetes-sigs/kustomize/blob/master/examples/remoteBuild.md',
    ],
  },
  match: (r) => isKustomizeFile(r),
  check(resource, context) {
    for (const field of ['resources', 'bases', 'components']) {
      const list = resource.object[field];
      if (!Array.isArray(list)) continue;
      list.forEach((raw, i) => {
        if (typeof raw !== 'string' || !isRemoteTarget(raw)) return;
        const ref = remoteRef(raw);
        if (ref && SHA.test(ref)) return;
        let severity: 'medium' | 'low' | undefined;
        let why: string;
        if (!ref) why = 'with no ?ref= (the default branch)';
        else if (SHORT_SHA.test(ref)) {
          severity = 'low';
          why = `pinned to a short commit id "${ref}"`;
        } else if (VERSION_TAG.test(ref)) {
          severity = 'low';
          why = `pinned to tag "${ref}", which can be moved`;
        } else why = `at "${ref}", a branch or movable ref`;
        context.report({
          path: [field, i],
          severity,
          message: `${field} entry ${i + 1} is a remote base ${why}.`,
        });
      });
    }
  },
});
