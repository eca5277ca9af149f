/** Peer fixtures a referencing rule judges differently from the peer, with the reason (see peer-fixtures.test.ts). */
export interface Disagreement {
  tool: 'polaris' | 'kube-linter' | 'checkov' | 'trivy';
  check: string;
  rule: string;
  /** `<file in the peer's repository>#<fixture name>`. */
  fixture: string;
  /** The peer's verdict. */
  expect: 'pass' | 'fail';
  reason: string;
}

export const DISAGREEMENTS: Disagreement[] = [
  {
    tool: 'polaris',
    check: 'clusterrolebindingClusterAdmin',
    rule: 'rbac-cluster-admin-binding',
    fixture:
      'test/checks/clusterrolebindingClusterAdmin/failure.all_verbs_different_order.yaml#all_verbs_different_order',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'clusterrolebindingClusterAdmin',
    rule: 'rbac-cluster-admin-binding',
    fixture: 'test/checks/clusterrolebindingClusterAdmin/failure.all_verbs.yaml#all_verbs',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'clusterrolebindingClusterAdmin',
    rule: 'rbac-cluster-admin-binding',
    fixture:
      'test/checks/clusterrolebindingClusterAdmin/failure.binding_to_system_prefix.yaml#binding_to_system_prefix',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'clusterrolebindingClusterAdmin',
    rule: 'rbac-cluster-admin-binding',
    fixture: 'test/checks/clusterrolebindingClusterAdmin/failure.wildcards.yaml#wildcards',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'clusterrolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture:
      'test/checks/clusterrolePodExecAttach/success.defaultclusterrole_admin.yaml#defaultclusterrole_admin',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'clusterrolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture:
      'test/checks/clusterrolePodExecAttach/success.defaultclusterrole_clusteradmin.yaml#defaultclusterrole_clusteradmin',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'clusterrolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture:
      'test/checks/clusterrolePodExecAttach/success.gce_calico_clusterrole.yaml#gce_calico_clusterrole',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'clusterrolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture: 'test/checks/clusterrolePodExecAttach/success.system_prefix.yaml#system_prefix',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'rolebindingClusterAdminClusterRole',
    rule: 'rbac-cluster-admin-binding',
    fixture:
      'test/checks/rolebindingClusterAdminClusterRole/failure.all_verbs_different_order.yaml#all_verbs_different_order',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'rolebindingClusterAdminClusterRole',
    rule: 'rbac-cluster-admin-binding',
    fixture: 'test/checks/rolebindingClusterAdminClusterRole/failure.all_verbs.yaml#all_verbs',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'rolebindingClusterAdminClusterRole',
    rule: 'rbac-cluster-admin-binding',
    fixture:
      'test/checks/rolebindingClusterAdminClusterRole/failure.binding_to_system_prefix.yaml#binding_to_system_prefix',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'rolebindingClusterAdminClusterRole',
    rule: 'rbac-cluster-admin-binding',
    fixture: 'test/checks/rolebindingClusterAdminClusterRole/failure.wildcards.yaml#wildcards',
    expect: 'fail',
    reason:
      "a binding to a role defined in the same file that grants everything (cluster-admin in all but name): the rule judges the role name; bindings judged with their roles are part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'polaris',
    check: 'rolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture: 'test/checks/rolePodExecAttach/success.gce_calico_binding.yaml#gce_calico_binding',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'rolePodExecAttach',
    rule: 'rbac-pod-exec',
    fixture: 'test/checks/rolePodExecAttach/success.system_prefix_binding.yaml#system_prefix_binding',
    expect: 'pass',
    reason:
      'Polaris skips roles by name (admin, cluster-admin, system:*, gce:podsecuritypolicy:calico-sa); a role defined in the repository is judged whatever its name, since applying it replaces the built-in one.',
  },
  {
    tool: 'polaris',
    check: 'sensitiveConfigmapContent',
    rule: 'secret-in-configmap',
    fixture:
      'test/checks/sensitiveConfigmapContent/failure.key_aws_secret_access_key.yaml#key_aws_secret_access_key',
    expect: 'fail',
    reason: 'the value `xxxxx` is a placeholder, which the rule skips.',
  },
  {
    tool: 'polaris',
    check: 'sensitiveConfigmapContent',
    rule: 'secret-in-configmap',
    fixture: 'test/checks/sensitiveConfigmapContent/failure.key_azure_batch_key.yaml#key_azure_batch_key',
    expect: 'fail',
    reason:
      'the value `xxxxx` is a masked placeholder, which the rule skips (the key name is one the rule knows).',
  },
  {
    tool: 'polaris',
    check: 'sensitiveConfigmapContent',
    rule: 'secret-in-configmap',
    fixture:
      'test/checks/sensitiveConfigmapContent/failure.key_oci_cli_key_content.yaml#key_oci_cli_key_content',
    expect: 'fail',
    reason:
      'the value `xxxxx` is a masked placeholder, which the rule skips (the key name is one the rule knows).',
  },
  {
    tool: 'polaris',
    check: 'sensitiveContainerEnvVar',
    rule: 'workload-secret-env-literal',
    fixture: 'test/checks/sensitiveContainerEnvVar/failure.value_private_key.yaml#value_private_key',
    expect: 'fail',
    reason:
      'the variable name `the_good_stuff` names no credential, and the value is not a PEM block (three dashes), so neither this rule nor secret-in-env reports it.',
  },
  {
    tool: 'kube-linter',
    check: 'cluster-admin-role-binding',
    rule: 'rbac-cluster-admin-binding',
    fixture: 'tests/checks/cluster-admin-role-binding.yml#ClusterRoleBinding/dont-fire#0',
    expect: 'pass',
    reason:
      'kube-linter passes a ClusterRoleBinding to the built-in `admin` role; the rule reports it, since it reads every Secret of every namespace.',
  },
  {
    tool: 'kube-linter',
    check: 'default-service-account',
    rule: 'workload-default-service-account',
    fixture: 'tests/checks/default-service-account.yml#Deployment/app#2',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'default-service-account',
    rule: 'workload-default-service-account',
    fixture: 'tests/checks/default-service-account.yml#DeploymentConfig/app#3',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-ipc',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-ipc.yml#Deployment/app#2',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-ipc',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-ipc.yml#DeploymentConfig/app#3',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-network',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-network.yml#Deployment/app#2',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-network',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-network.yml#DeploymentConfig/app#3',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-pid',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-pid.yml#Deployment/app#2',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'kube-linter',
    check: 'host-pid',
    rule: 'pss-host-namespaces',
    fixture: 'tests/checks/host-pid.yml#DeploymentConfig/app#3',
    expect: 'fail',
    reason:
      "the fixture's pod template has no `containers` (the API rejects it), and the rules judge pod specs with containers.",
  },
  {
    tool: 'trivy',
    check: 'KSV-0030',
    rule: 'pss-seccomp-profile-restricted',
    fixture: 'checks/kubernetes/runtime_default_seccomp_profile_not_set_test.rego#test_annotation_allowed',
    expect: 'pass',
    reason:
      'the restricted profile reads only `seccompProfile` from policy v1.19; the pod annotation does not count.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0030',
    rule: 'pss-seccomp-profile-restricted',
    fixture:
      'checks/kubernetes/runtime_default_seccomp_profile_not_set_test.rego#test_pod_context_runtime_default_is_overrided_allowed',
    expect: 'pass',
    reason:
      'the restricted profile forbids a pod-level `Unconfined` even when every container sets RuntimeDefault (PSA judges both levels).',
  },
  {
    tool: 'trivy',
    check: 'KSV-0043',
    rule: 'rbac-impersonate',
    fixture: 'checks/kubernetes/impersonate_privileged_groups_test.rego#test_impersonate_privileged_groups',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0044',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/any_any_test.rego#test_any_any_role_no_resource',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0044',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/any_any_test.rego#test_any_any_role_no_resource_no_verbs',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0044',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/any_any_test.rego#test_any_any_role_not_api_group',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0045',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/any_verb_test.rego#test_any_verb_role_no_any_verb',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0045',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/any_verb_test.rego#test_any_verb_role_no_specific_resource',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0046',
    rule: 'rbac-wildcard-rules',
    fixture: 'checks/kubernetes/manage_all_resources_test.rego#test_resource_resource_role_no_specific_verb',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0047',
    rule: 'rbac-nodes-proxy',
    fixture:
      'checks/kubernetes/privilege_escalation_from_node_proxy_test.rego#test_privilege_escalation_from_node_proxy_create',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0047',
    rule: 'rbac-nodes-proxy',
    fixture:
      'checks/kubernetes/privilege_escalation_from_node_proxy_test.rego#test_privilege_escalation_from_node_proxy_get',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0050',
    rule: 'rbac-escalate-bind',
    fixture:
      'checks/kubernetes/manage_kubernetes_rbac_resources_test.rego#test_manage_K8s_RBAC_resources_all',
    expect: 'fail',
    reason:
      "`*` or `impersonate` on rolebindings is not `escalate`/`bind` on roles; creating RoleBindings is part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'trivy',
    check: 'KSV-0050',
    rule: 'rbac-escalate-bind',
    fixture:
      'checks/kubernetes/manage_kubernetes_rbac_resources_test.rego#test_manage_K8s_RBAC_resources_impersonate',
    expect: 'fail',
    reason:
      "`*` or `impersonate` on rolebindings is not `escalate`/`bind` on roles; creating RoleBindings is part of issue 14's 'Checks we lack'.",
  },
  {
    tool: 'trivy',
    check: 'KSV-0106',
    rule: 'pss-capabilities-restricted',
    fixture:
      'checks/kubernetes/drop_all_capabilities_only_add_net_bind_service_test.rego#test_drop_all_add_net_bind_service_allowed',
    expect: 'pass',
    reason: 'PSA compares `ALL` exactly; `drop: [all]` does not satisfy the restricted profile.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0112',
    rule: 'rbac-wildcard-rules',
    fixture:
      'checks/kubernetes/manage_all_resources_at_namespace_test.rego#test_resource_resource_role_no_specific_verb',
    expect: 'pass',
    reason:
      'the check (one of four the rule references) looks for one combination of wildcards; the rule reports every wildcard, which this passing fixture still has.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture: 'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_create',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture: 'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_delete',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture:
      'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_deletecollection',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture:
      'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_impersonate',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture: 'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_patch',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0114',
    rule: 'rbac-webhook-configurations',
    fixture: 'checks/kubernetes/manage_webhook_configurations_test.rego#test_manageWebhookConfig_verb_update',
    expect: 'fail',
    reason:
      'the fixture is a namespaced Role, which cannot grant cluster-scoped resources (users/groups, nodes/proxy, webhook configurations); the rule judges ClusterRoles for them.',
  },
  {
    tool: 'trivy',
    check: 'KSV-0119',
    rule: 'pss-capabilities-baseline',
    fixture: 'checks/kubernetes/net_raw_capability_test.rego#test_pod_without_container_net_raw_capability',
    expect: 'pass',
    reason:
      'KSV-0119 looks only for NET_RAW; the fixture adds NET_ADMIN and SYS_ADMIN, which the baseline profile forbids too.',
  },
  {
    tool: 'checkov',
    check: 'CKV_K8S_156',
    rule: 'rbac-csr-approval',
    fixture:
      'tests/kubernetes/checks/example_RbacApproveCertificateSigningRequests/clusterrole-passed-1.yaml#ClusterRole.test.test-should-pass-1',
    expect: 'pass',
    reason:
      'Checkov needs both halves in one role; the rule also reports `approve` on every signer alone, since `update` on certificatesigningrequests/approval can come from another role.',
  },
];
