/**
 * Where a peer scanner's check and a gitops-guard rule look at the same thing but do not judge it
 * the same way, read from the peer's own definition at the vendored commit (test/meta/peer-checks).
 * DIFFERS: the peer's criterion is not the rule's (it raises what the rule deliberately passes, or
 * accepts as the fix what the rule still fails), so the rule does not reference it. NOTED: the rule
 * references the check, which judges the same problem by the same criterion; these are the spots
 * where verdicts can still differ (fields or kinds it does not read, a version it does not know, no
 * filter for placeholders).
 * docs/scanner-equivalents.md is generated from both lists.
 */
type PeerTool = 'polaris' | 'kube-linter' | 'checkov' | 'trivy' | 'kubescape';

export interface PeerDifference {
  rule: string;
  tool: PeerTool;
  id: string;
  reason: string;
}

/** Checks judged on a binding's subjects (role and binding together); gitops-guard's RBAC rules judge the role itself, so an unbound role passes the peer and fails the rule. */
const BINDING_LEVEL =
  'judged on the subjects of a RoleBinding/ClusterRoleBinding together with its role: a role nobody binds passes it, while the rule judges the role itself.';

/** Polaris' binding checks raise a binding whose role is missing from their input; the rule judges only roles the repository defines. */
const MISSING_ROLE =
  'also raises a binding whose role is not among the scanned objects (a built-in role or one applied elsewhere), which the rule cannot read and does not judge.';

export const DIFFERS: PeerDifference[] = [
  {
    rule: 'workload-tiller',
    tool: 'trivy',
    id: 'KSV-0102',
    reason:
      'also raises any workload or pod template whose name contains `tiller` (`app-run-tiller-middle` in its own fixtures); a name is free text and does not show that Tiller runs, so the rule judges images and labels only.',
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'trivy',
    id: 'KSV-0022',
    reason:
      'raises any added capability; the baseline profile allows adding the 13 default ones (CHOWN, NET_BIND_SERVICE, ...).',
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'checkov',
    id: 'CKV_K8S_25',
    reason: 'raises any `capabilities.add`; the baseline profile allows adding the 13 default ones.',
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'kubescape',
    id: 'C-0046',
    reason: 'its default list of insecure capabilities includes SETPCAP, which the baseline profile allows.',
  },
  {
    rule: 'pss-capabilities-restricted',
    tool: 'polaris',
    id: 'insecureCapabilities',
    reason:
      'passes `drop: [ALL]` or a drop list of 15 named capabilities and ignores `add`; the restricted profile requires `drop: [ALL]` and allows adding only NET_BIND_SERVICE.',
  },
  {
    rule: 'pss-apparmor-profile',
    tool: 'trivy',
    id: 'KSV-0002',
    reason:
      'raises every AppArmor annotation other than `runtime/default`, `localhost/*` profiles included, and ignores `appArmorProfile`; the baseline profile allows Localhost profiles.',
  },
  {
    rule: 'pss-seccomp-profile-baseline',
    tool: 'trivy',
    id: 'KSV-0104',
    reason:
      'raises containers with no seccomp profile and, for a Pod, does not read the pod-level `seccompProfile`; the baseline profile only forbids an explicit Unconfined profile.',
  },
  {
    rule: 'pss-seccomp-profile-restricted',
    tool: 'checkov',
    id: 'CKV_K8S_31',
    reason: 'requires `RuntimeDefault`; the restricted profile also allows `Localhost` profiles.',
  },
  {
    rule: 'pss-run-as-non-root',
    tool: 'polaris',
    id: 'runAsRootAllowed',
    reason:
      'passes `runAsUser` above 0 without `runAsNonRoot: true`; the restricted profile requires `runAsNonRoot: true`.',
  },
  {
    rule: 'pss-run-as-non-root',
    tool: 'kube-linter',
    id: 'run-as-non-root',
    reason:
      'passes `runAsUser` above 0 without `runAsNonRoot`, and also raises `runAsGroup: 0`; the restricted profile requires `runAsNonRoot: true` and does not judge groups.',
  },
  {
    rule: 'pss-run-as-non-root',
    tool: 'checkov',
    id: 'CKV_K8S_23',
    reason:
      'passes `runAsUser` above 0 without `runAsNonRoot`; the restricted profile requires `runAsNonRoot: true`.',
  },
  {
    rule: 'pss-run-as-non-root',
    tool: 'kubescape',
    id: 'C-0013',
    reason:
      'passes `runAsUser` above 0 without `runAsNonRoot` and also requires `runAsGroup` above 0; the restricted profile requires `runAsNonRoot: true` and does not judge groups.',
  },
  {
    rule: 'pss-sysctls',
    tool: 'kube-linter',
    id: 'unsafe-sysctls',
    reason:
      'raises every sysctl starting with `net.` or `kernel.shm`, among them the safe `net.ipv4.ip_local_port_range` and `kernel.shm_rmid_forced` the baseline profile allows.',
  },
  {
    rule: 'pss-proc-mount',
    tool: 'kube-linter',
    id: 'unsafe-proc-mount',
    reason:
      'raises `procMount: Unmasked` also in pods with `hostUsers: false`, which the baseline profile allows from v1.35 (referenced by pss-proc-mount-restricted instead).',
  },
  {
    rule: 'pss-proc-mount',
    tool: 'trivy',
    id: 'KSV-0027',
    reason: 'raises any `procMount` key, `procMount: Default` included, which every profile allows.',
  },
  {
    rule: 'pss-proc-mount',
    tool: 'polaris',
    id: 'procMount',
    reason:
      'raises `procMount: Unmasked` also in pods with `hostUsers: false`, which the baseline profile allows from v1.35 (referenced by pss-proc-mount-restricted instead).',
  },
  {
    rule: 'pss-proc-mount-restricted',
    tool: 'trivy',
    id: 'KSV-0027',
    reason: 'raises any `procMount` key, `procMount: Default` included, which every profile allows.',
  },
  {
    rule: 'workload-default-namespace',
    tool: 'kube-linter',
    id: 'use-namespace',
    reason:
      'raises a missing namespace too; the rule reports only an explicit `namespace: default`, since Kustomize or the Argo CD/Flux destination usually sets it.',
  },
  {
    rule: 'workload-default-namespace',
    tool: 'checkov',
    id: 'CKV_K8S_21',
    reason:
      'raises a missing namespace too (and every kind of resource); the rule reports only an explicit `namespace: default` on workloads.',
  },
  {
    rule: 'workload-default-namespace',
    tool: 'trivy',
    id: 'KSV-0110',
    reason: 'takes a missing namespace as `default`; the rule reports only an explicit `namespace: default`.',
  },
  {
    rule: 'workload-default-namespace',
    tool: 'kubescape',
    id: 'C-0061',
    reason: 'raises a missing namespace too; the rule reports only an explicit `namespace: default`.',
  },
  {
    rule: 'workload-default-namespace',
    tool: 'kubescape',
    id: 'C-0212',
    reason:
      'lists every kind of resource in the default namespace, a missing namespace included; the rule reports workloads with an explicit `namespace: default`.',
  },
  {
    rule: 'workload-automount-service-account-token',
    tool: 'checkov',
    id: 'CKV_K8S_38',
    reason:
      'passes only `automountServiceAccountToken: false` on the pod; the rule also passes a pod whose ServiceAccount in the scan sets it to false (as Kubernetes does).',
  },
  {
    rule: 'workload-automount-service-account-token',
    tool: 'trivy',
    id: 'KSV-0036',
    reason:
      'passes a pod that leaves the field unset unless a container mounts the token path explicitly; Kubernetes mounts the token by default, which the rule reports.',
  },
  {
    rule: 'workload-cpu-limits',
    tool: 'kube-linter',
    id: 'unset-cpu-requirements',
    reason: 'checks CPU requests, not limits (referenced by workload-cpu-requests).',
  },
  {
    rule: 'workload-cpu-limits',
    tool: 'kubescape',
    id: 'C-0050',
    reason:
      'raises a missing CPU request or limit; the rule judges the limit only (C-0270 is the limit alone).',
  },
  {
    rule: 'workload-cpu-requests',
    tool: 'kubescape',
    id: 'C-0050',
    reason: 'raises a missing CPU request or limit; the rule judges the request only.',
  },
  {
    rule: 'workload-memory-limits',
    tool: 'kubescape',
    id: 'C-0004',
    reason:
      'raises a missing memory request or limit; the rule judges the limit only (C-0271 is the limit alone).',
  },
  {
    rule: 'workload-memory-requests',
    tool: 'kube-linter',
    id: 'unset-memory-requirements',
    reason: 'checks memory limits, not requests (referenced by workload-memory-limits).',
  },
  {
    rule: 'workload-memory-requests',
    tool: 'kubescape',
    id: 'C-0004',
    reason: 'raises a missing memory request or limit; the rule judges the request only.',
  },
  {
    rule: 'workload-image-pull-policy',
    tool: 'polaris',
    id: 'pullPolicyNotAlways',
    reason:
      'requires an explicit `imagePullPolicy: Always`; the rule passes an absent policy where Kubernetes defaults it to Always (tag `latest` or none).',
  },
  {
    rule: 'workload-low-uid-gid',
    tool: 'checkov',
    id: 'CKV_K8S_40',
    reason:
      'raises an unset `runAsUser`; the rule reports only IDs that are set (the image decides otherwise).',
  },
  {
    rule: 'workload-low-uid-gid',
    tool: 'trivy',
    id: 'KSV-0020',
    reason: 'raises an unset `runAsUser` and 10000 itself; the rule reports set IDs below 10000.',
  },
  {
    rule: 'workload-low-uid-gid',
    tool: 'trivy',
    id: 'KSV-0021',
    reason: 'raises an unset `runAsGroup` and 10000 itself; the rule reports set IDs below 10000.',
  },
  {
    rule: 'network-public-load-balancer',
    tool: 'kube-linter',
    id: 'exposed-services',
    reason:
      'raises every LoadBalancer Service; the rule passes internal load balancers (by cloud annotation). Referenced by network-node-port, where both judge alike.',
  },
  {
    rule: 'network-external-ips',
    tool: 'trivy',
    id: 'KSV-0108',
    reason: 'also raises every Service with `externalName`; the rule judges `externalIPs` only.',
  },
  {
    rule: 'delta-image-digest-dropped',
    tool: 'checkov',
    id: 'CKV_K8S_43',
    reason:
      'judges each image on its own: an image without a digest fails whether or not the change dropped one; the delta reports only a change that drops a digest (workload-image-digest references it).',
  },
  {
    rule: 'rbac-cluster-admin-binding',
    tool: 'trivy',
    id: 'KSV-0111',
    reason:
      'also raises RoleBindings to `admin` or `edit`, which the rule passes (namespaced use of the built-in aggregated roles).',
  },
  {
    rule: 'rbac-cluster-admin-binding',
    tool: 'kubescape',
    id: 'C-0035',
    reason: 'lists subjects bound to any role that grants `*` on `*`, not the cluster-admin binding itself.',
  },
  { rule: 'rbac-create-workloads', tool: 'kube-linter', id: 'access-to-create-pods', reason: BINDING_LEVEL },
  { rule: 'rbac-create-workloads', tool: 'kubescape', id: 'C-0188', reason: BINDING_LEVEL },
  {
    rule: 'rbac-create-workloads',
    tool: 'trivy',
    id: 'KSV-0048',
    reason: 'also raises update, patch and delete on workloads; the rule judges `create`.',
  },
  { rule: 'rbac-secrets-read', tool: 'kube-linter', id: 'access-to-secrets', reason: BINDING_LEVEL },
  { rule: 'rbac-secrets-read', tool: 'checkov', id: 'CKV2_K8S_5', reason: BINDING_LEVEL },
  { rule: 'rbac-secrets-read', tool: 'kubescape', id: 'C-0015', reason: BINDING_LEVEL },
  { rule: 'rbac-secrets-read', tool: 'kubescape', id: 'C-0186', reason: BINDING_LEVEL },
  {
    rule: 'rbac-secrets-read',
    tool: 'trivy',
    id: 'KSV-0041',
    reason:
      'also raises create, update, patch and delete on Secrets; the rule judges reading (get, list, watch).',
  },
  {
    rule: 'rbac-secrets-read',
    tool: 'trivy',
    id: 'KSV-0113',
    reason:
      'also raises create, update, patch and delete on Secrets; the rule judges reading (get, list, watch).',
  },
  { rule: 'rbac-pod-exec', tool: 'checkov', id: 'CKV2_K8S_2', reason: BINDING_LEVEL },
  { rule: 'rbac-pod-exec', tool: 'kubescape', id: 'C-0002', reason: BINDING_LEVEL },
  { rule: 'rbac-pod-exec', tool: 'kubescape', id: 'C-0063', reason: BINDING_LEVEL },
  { rule: 'rbac-pod-exec', tool: 'polaris', id: 'clusterrolebindingPodExecAttach', reason: BINDING_LEVEL },
  {
    rule: 'rbac-pod-exec',
    tool: 'polaris',
    id: 'rolebindingClusterRolePodExecAttach',
    reason: BINDING_LEVEL,
  },
  { rule: 'rbac-pod-exec', tool: 'polaris', id: 'rolebindingRolePodExecAttach', reason: BINDING_LEVEL },
  { rule: 'rbac-nodes-proxy', tool: 'checkov', id: 'CKV2_K8S_2', reason: BINDING_LEVEL },
  {
    rule: 'rbac-binding-privileged-role',
    tool: 'polaris',
    id: 'clusterrolebindingPodExecAttach',
    reason: MISSING_ROLE,
  },
  {
    rule: 'rbac-binding-privileged-role',
    tool: 'polaris',
    id: 'rolebindingClusterRolePodExecAttach',
    reason: MISSING_ROLE,
  },
  {
    rule: 'rbac-binding-privileged-role',
    tool: 'polaris',
    id: 'rolebindingRolePodExecAttach',
    reason: MISSING_ROLE,
  },
  {
    rule: 'network-pod-not-isolated',
    tool: 'kube-linter',
    id: 'non-isolated-pod',
    reason:
      'also raises a workload in a namespace for which its input holds no NetworkPolicy at all; the rule judges only namespaces whose policies the repository holds.',
  },
  {
    rule: 'network-pod-not-isolated',
    tool: 'checkov',
    id: 'CKV2_K8S_6',
    reason:
      'also raises a pod in a namespace for which its input holds no NetworkPolicy at all; the rule judges only namespaces whose policies the repository holds.',
  },
  {
    rule: 'rbac-secrets-write',
    tool: 'trivy',
    id: 'KSV-0041',
    reason:
      'also raises get, list, watch and delete on Secrets; the rule judges create, update and patch (reading is rbac-secrets-read).',
  },
  {
    rule: 'rbac-secrets-write',
    tool: 'trivy',
    id: 'KSV-0113',
    reason:
      'also raises get, list, watch and delete on Secrets; the rule judges create, update and patch (reading is rbac-secrets-read).',
  },
  { rule: 'rbac-impersonate', tool: 'checkov', id: 'CKV2_K8S_3', reason: BINDING_LEVEL },
  { rule: 'rbac-impersonate', tool: 'kubescape', id: 'C-0065', reason: BINDING_LEVEL },
  { rule: 'rbac-impersonate', tool: 'kubescape', id: 'C-0191', reason: BINDING_LEVEL },
  { rule: 'rbac-escalate-bind', tool: 'kubescape', id: 'C-0191', reason: BINDING_LEVEL },
  {
    rule: 'rbac-escalate-bind',
    tool: 'checkov',
    id: 'CKV_K8S_157',
    reason:
      'looks for `bind` on rolebindings and clusterrolebindings, where Kubernetes never checks that verb; the rule judges `bind` on roles and clusterroles, where it lets the holder bind any role.',
  },
  {
    rule: 'rbac-wildcard-rules',
    tool: 'kubescape',
    id: 'C-0187',
    reason: 'lists subjects bound to roles that grant `*` on `*`; the rule judges every wildcard in a role.',
  },
  {
    rule: 'secret-in-configmap',
    tool: 'kubescape',
    id: 'C-0012',
    reason:
      'matches key names containing `key`, `secret`, `token` and the like whatever the value; the rule looks for credentials in the values.',
  },
  {
    rule: 'secret-in-env',
    tool: 'kubescape',
    id: 'C-0012',
    reason: 'judges variable names; the rule finds known credential formats in the value whatever the name.',
  },
  {
    rule: 'workload-secret-env-literal',
    tool: 'kubescape',
    id: 'C-0012',
    reason:
      'matches any name containing `key` (CACHE_KEY, ...) whatever the value; the rule uses narrower credential names and skips placeholders and references.',
  },
];

export const NOTED: PeerDifference[] = [
  {
    rule: 'network-ingress-nginx-snippet',
    tool: 'checkov',
    id: 'CKV_K8S_153',
    reason:
      "raises any annotation key containing `snippet`, also other controllers' (`nginx.org/server-snippets`); the rule judges ingress-nginx's `nginx.ingress.kubernetes.io/*-snippet`, the annotations of CVE-2021-25742 and of all its fixtures.",
  },
  {
    rule: 'workload-tiller',
    tool: 'checkov',
    id: 'CKV_K8S_34',
    reason:
      "also matches `tiller` in an image tag; reads only the pod template's labels, not the workload's.",
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'polaris',
    id: 'dangerousCapabilities',
    reason: 'looks only for ALL, SYS_ADMIN and NET_ADMIN.',
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'checkov',
    id: 'CKV_K8S_39',
    reason: 'looks only for SYS_ADMIN.',
  },
  {
    rule: 'pss-capabilities-baseline',
    tool: 'trivy',
    id: 'KSV-0005',
    reason: 'looks only for SYS_ADMIN (KSV-0119 for NET_RAW, KSV-0120 for SYS_MODULE).',
  },
  {
    rule: 'pss-capabilities-restricted',
    tool: 'trivy',
    id: 'KSV-0003',
    reason:
      'judges `drop: [ALL]` only, not the added capabilities (KSV-0106 judges both); accepts `all` in any case.',
  },
  {
    rule: 'pss-capabilities-restricted',
    tool: 'checkov',
    id: 'CKV_K8S_37',
    reason: 'judges `drop: [ALL]` only, not the added capabilities.',
  },
  {
    rule: 'pss-host-path-volumes',
    tool: 'kube-linter',
    id: 'sensitive-host-mounts',
    reason: 'looks only at a list of system directories; the baseline profile forbids every hostPath.',
  },
  {
    rule: 'pss-host-ports',
    tool: 'trivy',
    id: 'KSV-0024',
    reason: 'also raises `hostPort: 0`, which means no host port and passes the baseline profile.',
  },
  {
    rule: 'pss-host-process',
    tool: 'polaris',
    id: 'hostProcess',
    reason: 'does not look at init containers.',
  },
  {
    rule: 'pss-restricted-volumes',
    tool: 'trivy',
    id: 'KSV-0028',
    reason:
      'lists the forbidden types instead of the allowed ones: it misses `photonPersistentDisk` and spells `cephFS` (the field is `cephfs`), and leaves hostPath to KSV-0023.',
  },
  {
    rule: 'pss-run-as-non-root',
    tool: 'trivy',
    id: 'KSV-0012',
    reason:
      'does not raise a container `runAsNonRoot: false` under a pod-level true, and knows no `hostUsers: false` exemption (v1.35).',
  },
  {
    rule: 'pss-run-as-user',
    tool: 'trivy',
    id: 'KSV-0105',
    reason: 'knows no `hostUsers: false` exemption (v1.35).',
  },
  {
    rule: 'pss-seccomp-profile-restricted',
    tool: 'trivy',
    id: 'KSV-0030',
    reason:
      'also fails a pod seccomp annotation other than `runtime/default` (the restricted profile reads only the fields from v1.19), and knows no Windows exemption (v1.25).',
  },
  {
    rule: 'pss-selinux-options',
    tool: 'trivy',
    id: 'KSV-0025',
    reason:
      'follows policy v1.30: raises `container_engine_t` (allowed from v1.31) and an empty `user` or `role`.',
  },
  {
    rule: 'pss-sysctls',
    tool: 'trivy',
    id: 'KSV-0026',
    reason: 'knows the safe sysctls up to v1.32, not the two v1.37 adds.',
  },
  {
    rule: 'rbac-csr-approval',
    tool: 'checkov',
    id: 'CKV_K8S_156',
    reason:
      'raises only a role that holds both halves (update on `certificatesigningrequests/approval` and `approve` on signers); the rule also reports either half alone, since the other can come from another role.',
  },
  {
    rule: 'rbac-escalate-bind',
    tool: 'trivy',
    id: 'KSV-0050',
    reason: 'looks at `roles` and `rolebindings`, not `clusterroles`.',
  },
  {
    rule: 'rbac-system-group-subjects',
    tool: 'trivy',
    id: 'KSV-01011',
    reason: 'raises `system:authenticated` only when the cluster version names GKE.',
  },
  {
    rule: 'rbac-cluster-admin-binding',
    tool: 'kubescape',
    id: 'C-0185',
    reason: 'needs the cluster-admin ClusterRole in its input and looks at ClusterRoleBindings only.',
  },
  {
    rule: 'workload-container-runtime-socket',
    tool: 'checkov',
    id: 'CKV_K8S_27',
    reason: 'looks only for `/var/run/docker.sock`.',
  },
  {
    rule: 'workload-image-pull-policy',
    tool: 'kubescape',
    id: 'C-0075',
    reason: 'looks only at images tagged `latest` (or untagged).',
  },
  {
    rule: 'workload-secret-env-literal',
    tool: 'polaris',
    id: 'sensitiveContainerEnvVar',
    reason: 'does not skip placeholders or `$(VAR)` references, which the rule passes.',
  },
  {
    rule: 'secret-in-configmap',
    tool: 'trivy',
    id: 'KSV-0109',
    reason:
      'also matches `password=`/`token:` lines inside values, and key names containing `pass`, `secret` or `token` without skipping placeholders.',
  },
  {
    rule: 'secret-in-configmap',
    tool: 'polaris',
    id: 'sensitiveConfigmapContent',
    reason: 'judges key names and private-key blocks, without skipping placeholders.',
  },
  {
    rule: 'workload-image-digest',
    tool: 'checkov',
    id: 'CKV_K8S_43',
    reason: 'does not see a digest set by a Kustomization, which the rule accepts.',
  },
];
