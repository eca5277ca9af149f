import { defineRule, type ResourceDependency } from '../../engine/index.js';
import { podSpecOf, resourcesNamed, type Resource } from '../../manifests/index.js';
import { serviceAccountNameOf } from './_lib/workload.js';

/** The ServiceAccount of the scan a pod runs as (same name, same namespace when both are set). */
function findServiceAccount(
  resources: readonly Resource[],
  resource: Resource,
  name: string,
): Resource | undefined {
  return resourcesNamed(resources, '', 'ServiceAccount', name).find(
    (r) =>
      r.namespace === resource.namespace || r.namespace === undefined || resource.namespace === undefined,
  );
}

/** The name of the service account a pod runs as. */
function accountNameOf(resource: Resource): string | undefined {
  const pod = podSpecOf(resource);
  return pod && (serviceAccountNameOf(pod) ?? 'default');
}

/** A pod reads the ServiceAccount it runs as (findServiceAccount). */
const POD_SERVICE_ACCOUNT: ResourceDependency = {
  kinds: ['/ServiceAccount'],
  relation: {
    name: 'serviceAccountName',
    description: 'the ServiceAccount it runs as (`serviceAccountName`, else `default`)',
    links: (pod, account) =>
      account.name === accountNameOf(pod) &&
      (account.namespace === pod.namespace || account.namespace === undefined || pod.namespace === undefined),
    needles: (pod) => {
      const name = accountNameOf(pod);
      return name === undefined ? [] : [name];
    },
    // A pod of the `default` account need not name it.
    readerNeedles: (account) => (account.name === 'default' ? undefined : [account.name]),
  },
};

export default defineRule({
  id: 'workload-automount-service-account-token',
  title: 'Service account token mounted automatically',
  severity: 'low',
  category: 'workload',
  description:
    "Unless told otherwise, Kubernetes mounts a token of the pod's service account into every container: anyone who gets code execution in the pod can call the API server with its rights. Most applications never call the API. The pod passes when `automountServiceAccountToken: false` is set on the pod, or on its ServiceAccount when that ServiceAccount is part of the scan and the pod does not override it.",
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount); workloads that call the API can mount a projected token volume explicitly.',
  references: {
    polaris: ['automountServiceAccountToken'],
    kubescape: ['C-0034', 'C-0190'],
    links: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
  },
  dependsOn: [POD_SERVICE_ACCOUNT],
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const value = pod.spec.automountServiceAccountToken;
    const path = [...pod.path, 'automountServiceAccountToken'];
    if (value === false) return;
    if (value === true) {
      context.report({
        path,
        message: 'The pod explicitly mounts its service account token (automountServiceAccountToken: true).',
        fix: {
          kind: 'replace-value',
          description: 'Do not mount the service account token',
          path,
          value: 'false',
        },
      });
      return;
    }
    const name = serviceAccountNameOf(pod) ?? 'default';
    const account = findServiceAccount(context.resources, resource, name);
    if (account && account.object.automountServiceAccountToken === false) return;
    context.report({
      path,
      message: `The pod mounts a token of service account "${name}": automountServiceAccountToken is not false on the pod${account ? ' nor on the ServiceAccount' : ''}.`,
      missing: true,
      fix: {
        kind: 'add-field',
        description: 'Do not mount the service account token',
        parentPath: pod.path,
        key: 'automountServiceAccountToken',
        value: false,
      },
    });
  },
});
