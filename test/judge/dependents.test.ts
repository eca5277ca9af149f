import { describe, expect, it } from '@jest/globals';
import { loadBuiltinPacks } from '../../src/app/builtin-packs.js';
import type { ChangedFile } from '../../src/diff/index.js';
import { planDependencies } from '../../src/judge/dependents.js';
import { judgeChange, resolveSettings, type ChangeSnapshot } from '../../src/judge/index.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import { builtinRules } from '../../src/rules/index.js';

/**
 * A change judges again the unchanged resources whose verdict reads a changed one (docs/diff.md):
 * what appears or disappears on them is introduced or fixed, with why in the message.
 */

const { settings } = resolveSettings({
  raw: undefined,
  rules: builtinRules,
  packs: loadBuiltinPacks(),
  today: '2026-06-01',
});

function snapshot(changed: ChangedFile[], unchanged: Record<string, string>): ChangeSnapshot {
  return {
    changedPaths: changed.map((f) => ({ path: f.path, status: f.status })),
    manifests: changed,
    unreadable: [],
    unchanged: Object.entries(unchanged).map(([path, content]) => ({ path, content })),
    policies: { baseRuleFiles: [], headRuleFiles: [] },
    notes: [],
  };
}

const modified = (path: string, base: string, head: string): ChangedFile => ({
  path,
  status: 'modified',
  base,
  head,
});

const clusterRole = (resources: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: [${resources}]\n    verbs: [get, list]\n`;
const clusterBinding =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: default-reader\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: apps\n';
const otherBinding = clusterBinding.replace(/reader/g, 'writer');

const role = (resources: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: peek\n  namespace: apps\nrules:\n  - apiGroups: [""]\n    resources: [${resources}]\n    verbs: [get]\n`;
const roleBinding = (namespace: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: peek\n  namespace: ${namespace}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: peek\nsubjects:\n  - kind: User\n    name: jane\n`;

const onBinding = <F extends { ruleId: string }>(findings: F[]) =>
  findings.filter((f) => f.ruleId === 'rbac-binding-privileged-role');

describe('dependents of a change', () => {
  it('a ClusterRole widened to Secrets: the unchanged binding of it gets an introduced finding on its own line', async () => {
    const judgement = await judgeChange(
      snapshot([modified('rbac/role.yaml', clusterRole('pods'), clusterRole('pods, secrets'))], {
        'rbac/binding.yaml': clusterBinding,
        'rbac/other.yaml': otherBinding,
      }),
      settings,
    );
    const found = onBinding(judgement.findings);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      status: 'introduced',
      file: 'rbac/binding.yaml',
      line: 8,
      resource: { kind: 'ClusterRoleBinding', name: 'default-reader' },
    });
    expect(found[0]!.message).toContain(
      'This resource is unchanged; it was judged again because ClusterRole reader changed in this change.',
    );
    expect(judgement.failing.map((f) => f.ruleId)).toContain('rbac-binding-privileged-role');
  });

  it('a Role narrowed: the finding on its unchanged RoleBinding is fixed; a binding of another namespace is not judged', async () => {
    const judgement = await judgeChange(
      snapshot([modified('rbac/role.yaml', role('secrets'), role('configmaps'))], {
        'rbac/binding.yaml': roleBinding('apps'),
        'rbac/elsewhere.yaml': roleBinding('web'),
      }),
      settings,
    );
    const found = onBinding(judgement.findings);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'fixed', file: 'rbac/binding.yaml' });
    expect(found[0]!.message).toContain('because Role apps/peek changed');
  });

  it('a Role deleted: the finding on its binding is fixed, and the message says it was removed', async () => {
    const judgement = await judgeChange(
      snapshot([{ path: 'rbac/role.yaml', status: 'removed', base: role('secrets') }], {
        'rbac/binding.yaml': roleBinding('apps'),
      }),
      settings,
    );
    expect(onBinding(judgement.findings)).toMatchObject([
      { status: 'fixed', message: expect.stringContaining('because Role apps/peek was removed') },
    ]);
  });

  it('an unchanged binding whose role did not change is not reported (no existing findings of dependents)', async () => {
    const judgement = await judgeChange(
      snapshot([modified('rbac/role.yaml', clusterRole('secrets'), clusterRole('secrets, pods'))], {
        'rbac/binding.yaml': clusterBinding,
      }),
      settings,
    );
    expect(onBinding(judgement.findings)).toEqual([]);
  });

  const deployment = (labels: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  selector:\n    matchLabels: {${labels}}\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
  const policy = (name: string, labels: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  podSelector:\n    matchLabels: {${labels}}\n  policyTypes: [Ingress]\n`;
  const notIsolated = (findings: { ruleId: string }[]) =>
    findings.filter((f) => f.ruleId === 'network-pod-not-isolated');

  it('a NetworkPolicy deleted: the unchanged pod it selected is now selected by none (introduced)', async () => {
    const judgement = await judgeChange(
      snapshot([{ path: 'net/web.yaml', status: 'removed', base: policy('web', 'app: web') }], {
        'apps/web.yaml': deployment('app: web'),
        'net/db.yaml': policy('db', 'app: db'),
      }),
      settings,
    );
    expect(notIsolated(judgement.findings)).toMatchObject([
      {
        status: 'introduced',
        file: 'apps/web.yaml',
        message: expect.stringContaining('because NetworkPolicy apps/web was removed'),
      },
    ]);
  });

  it('a NetworkPolicy deleted while another unchanged one still selects the pod: nothing', async () => {
    const judgement = await judgeChange(
      snapshot([{ path: 'net/web.yaml', status: 'removed', base: policy('web', 'app: web') }], {
        'apps/web.yaml': deployment('app: web'),
        'net/all.yaml': policy('all', ''),
      }),
      settings,
    );
    expect(notIsolated(judgement.findings)).toEqual([]);
  });

  it('a changed pod is judged with the unchanged NetworkPolicies of its namespace (context), as a scan would', async () => {
    const judgement = await judgeChange(
      snapshot([modified('apps/web.yaml', deployment('app: web'), deployment('app: api'))], {
        'net/web.yaml': policy('web', 'app: web'),
      }),
      settings,
    );
    expect(notIsolated(judgement.findings)).toMatchObject([{ status: 'introduced', file: 'apps/web.yaml' }]);
  });

  const pod = (extra: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: worker\n  namespace: apps\nspec:\n${extra}  containers:\n    - name: app\n      image: nginx:1.27\n`;
  const account = (automount: boolean) =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n  namespace: apps\nautomountServiceAccountToken: ${automount}\n`;
  const automount = (findings: { ruleId: string }[]) =>
    findings.filter((f) => f.ruleId === 'workload-automount-service-account-token');

  it('a ServiceAccount that stops opting out of automount: the unchanged pods running as it get the finding', async () => {
    const judgement = await judgeChange(
      snapshot([modified('sa.yaml', account(false), account(true))], {
        'pods/worker.yaml': pod('  serviceAccountName: worker\n'),
        'pods/other.yaml': pod('  serviceAccountName: other\n').replace('name: worker', 'name: other'),
      }),
      settings,
    );
    expect(automount(judgement.findings)).toMatchObject([
      {
        status: 'introduced',
        file: 'pods/worker.yaml',
        message: expect.stringContaining('because ServiceAccount apps/worker changed'),
      },
    ]);
  });

  it('a pod in an unchanged Kustomize patch file is a partial resource: no missing-field finding on it', async () => {
    const judgement = await judgeChange(
      snapshot([modified('sa.yaml', account(false), account(true))], {
        'overlay/kustomization.yaml':
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../pods\npatches:\n  - path: worker.yaml\n',
        'overlay/worker.yaml': pod('  serviceAccountName: worker\n'),
      }),
      settings,
    );
    expect(automount(judgement.findings)).toEqual([]);
  });

  it('a ServiceAccount that opts out: the finding on its pods is fixed', async () => {
    const judgement = await judgeChange(
      snapshot([modified('sa.yaml', account(true), account(false))], {
        'pods/worker.yaml': pod('  serviceAccountName: worker\n'),
      }),
      settings,
    );
    expect(automount(judgement.findings)).toMatchObject([{ status: 'fixed', file: 'pods/worker.yaml' }]);
  });

  it('a changed pod reads its unchanged ServiceAccount (context): no finding when the account opts out', async () => {
    const judgement = await judgeChange(
      snapshot(
        [
          modified(
            'pods/worker.yaml',
            pod('  serviceAccountName: worker\n'),
            pod('  serviceAccountName: worker\n  hostname: w\n'),
          ),
        ],
        { 'sa.yaml': account(false) },
      ),
      settings,
    );
    expect(automount(judgement.findings)).toEqual([]);
  });
});

describe("dependents of the repository's policies", () => {
  const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: no-latest
spec:
  failurePolicy: Fail
  matchConstraints:
    namespaceSelector:
      matchLabels: {env: prod}
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))"
      message: No latest images in production.
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: no-latest
spec:
  policyName: no-latest
  validationActions: [Deny]
`;
  const namespace = (env: string) =>
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n    env: ${env}\n`;
  const latest =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n';

  it("a Namespace relabelled into a policy's namespaceSelector: its unchanged pods are judged by the policy", async () => {
    const judgement = await judgeChange(
      snapshot([modified('ns.yaml', namespace('dev'), namespace('prod'))], {
        'policies/no-latest.yaml': VAP,
        'apps/web.yaml': latest,
        'other/web.yaml': latest.replace('namespace: apps', 'namespace: other'),
      }),
      settings,
    );
    expect(judgement.findings.filter((f) => f.ruleId === 'vap/no-latest')).toMatchObject([
      {
        status: 'introduced',
        file: 'apps/web.yaml',
        message: expect.stringContaining('because Namespace apps changed'),
      },
    ]);
  });
});

describe('planDependencies (pure)', () => {
  const load = (path: string, text: string) => loadManifestFile(path, text).resources;
  /** An index over literal files that records which documents its filters let through. */
  const index = (files: Record<string, string>) => {
    const read: string[] = [];
    return {
      read,
      unchanged: {
        documents: (_key: string, filter: (text: string) => boolean) =>
          Object.entries(files).flatMap(([path, text]) => {
            const kept = text.split(/^---\n/m).filter(filter);
            read.push(...kept.map(() => path));
            return kept.flatMap((doc) => load(path, doc));
          }),
      },
    };
  };

  it('derives dependents from the declarations and reads only documents that can matter', () => {
    const { unchanged, read } = index({
      'rbac/binding.yaml': clusterBinding,
      'rbac/other.yaml': otherBinding,
      'apps/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n',
    });
    const plan = planDependencies({
      rules: builtinRules,
      changed: {
        base: load('rbac/role.yaml', clusterRole('pods')),
        head: load('rbac/role.yaml', clusterRole('pods, secrets')),
      },
      unchanged,
    });
    expect(plan.dependents.map((d) => `${d.resource.kind} ${d.resource.name}`)).toEqual([
      'ClusterRoleBinding default-reader',
    ]);
    expect([...plan.dependents[0]!.causes.keys()]).toEqual(['rbac-binding-privileged-role']);
    // The other binding names another role; the ConfigMap names none: never parsed.
    expect(read).not.toContain('apps/configmap.yaml');
    expect(read.filter((p) => p === 'rbac/other.yaml')).toEqual([]);
  });

  it('nothing changed of a declared kind: no dependents', () => {
    const { unchanged } = index({ 'rbac/binding.yaml': clusterBinding });
    const same = load('rbac/role.yaml', clusterRole('pods'));
    expect(planDependencies({ rules: builtinRules, changed: { base: same, head: same }, unchanged })).toEqual(
      {
        dependents: [],
        context: [],
      },
    );
  });
});

describe('a changed CRD', () => {
  const crd = (scope: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: ${scope}\n`;

  it('is parsed whole: a body the change breaks is an introduced finding, never an error when the sides are compared', async () => {
    const judgement = await judgeChange(
      snapshot([modified('crds/widget.yaml', crd('Namespaced'), crd('[Namespaced'))], {
        'crds/other.yaml': crd('Cluster').replace('widgets', 'gadgets'),
      }),
      settings,
    );
    expect(judgement.findings.map((f) => `${f.ruleId} ${f.status} ${f.file}:${f.line}`)).toEqual([
      'manifest-parse-error introduced crds/widget.yaml:8',
    ]);
  });

  it('compares the bodies of both sides when only the body changed', async () => {
    const judgement = await judgeChange(
      snapshot([modified('crds/widget.yaml', crd('Namespaced'), crd('Cluster'))], {}),
      settings,
    );
    expect(judgement.findings).toEqual([]);
  });
});
