import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { containerImages } from './_lib/images.js';
import { findWorkloadLabel } from './_lib/workload.js';

const LABEL_KEYS = ['app', 'k8s-app', 'app.kubernetes.io/name'];

export default defineRule({
  id: 'workload-kubernetes-dashboard',
  title: 'Kubernetes Dashboard deployed',
  severity: 'medium',
  category: 'workload',
  description:
    "The Kubernetes Dashboard is a web UI that acts on the cluster with its own service account or the token a user pastes in. Exposed with broad rights or skip-login it has been the entry point of cluster takeovers (cryptomining on Tesla's cluster in 2018), and it keeps a long-lived, browser-reachable path to the API server. The workload is recognised by its image (`kubernetesui/*`, `kubernetes-dashboard`) or its `app`/`k8s-app`/`app.kubernetes.io/name` label.",
  remediation:
    'Remove the Dashboard and use `kubectl` or a read-only tool; if it must stay, expose it only through `kubectl proxy` or an authenticating proxy, without skip-login, with a least-privilege service account.',
  references: {
    checkov: ['CKV_K8S_33'],
    kubescape: ['C-0014'],
    links: ['https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    let reported = false;
    for (const { container, image, ref } of containerImages(resource)) {
      if (!ref.repository.includes('kubernetes-dashboard') && !ref.repository.startsWith('kubernetesui/'))
        continue;
      reported = true;
      context.report({
        path: [...container.path, 'image'],
        key: container.name,
        message: `Container "${container.name}" runs the Kubernetes Dashboard (${image}).`,
      });
    }
    if (reported) return;
    const label = findWorkloadLabel(
      resource,
      pod,
      (key, value) => LABEL_KEYS.includes(key) && value === 'kubernetes-dashboard',
    );
    if (!label) return;
    context.report({
      path: label.path,
      message: `${resource.kind} ${resource.name} is labelled ${label.key}: kubernetes-dashboard.`,
    });
  },
});
