import { describe, expect, it } from '@jest/globals';
import { deltaRules } from '../../src/diff/index.js';
import { renderRuleDoc } from '../../src/report/rule-docs.js';
import { diffTexts } from './helpers.js';

const DELTA_IDS = new Set(deltaRules.map((r) => r.id));

/** Delta findings of a change of one file: `ruleId line severity`. */
function deltas(base: string | undefined, head: string | undefined): string[] {
  const result = diffTexts(
    base === undefined ? {} : { 'x.yaml': base },
    head === undefined ? {} : { 'x.yaml': head },
  );
  return result.findings
    .filter((f) => DELTA_IDS.has(f.ruleId))
    .map((f) => {
      expect(f.status).toBe('introduced');
      return `${f.ruleId} ${f.file}:${f.line} ${f.severity} ${f.message}`;
    });
}

const role = (rules: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n${rules}`;
const binding = (subjects: string, roleName = 'reader') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: readers\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${roleName}\nsubjects:\n${subjects}`;
const project = (spec: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: team\n  namespace: argocd\nspec:\n${spec}`;
const namespace = (level?: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n${level ? `  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n` : ''}`;
const kyverno = (action: string) =>
  `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: require-labels\nspec:\n  validationFailureAction: ${action}\n  rules:\n    - name: check\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate: {message: x, pattern: {metadata: {labels: {team: '?*'}}}}\n`;
const constraint = (action?: string) =>
  `apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sRequiredLabels\nmetadata:\n  name: must-have-team\nspec:\n${action ? `  enforcementAction: ${action}\n` : ''}  match:\n    kinds: [{apiGroups: [''], kinds: [Namespace]}]\n`;
const vapBinding = (actions: string) =>
  `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: no-latest\nspec:\n  policyName: no-latest\n  validationActions: ${actions}\n`;
const workload = (securityContext: string, image = 'nginx@sha256:' + 'a'.repeat(64)) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n          securityContext:\n${securityContext}`;
const hardened =
  '            runAsNonRoot: true\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n            seccompProfile:\n              type: RuntimeDefault\n';

describe('risky deltas', () => {
  it('every delta has rule metadata and renders a doc page', () => {
    for (const rule of deltaRules) {
      expect(rule.id).toMatch(/^delta-[a-z0-9-]+$/);
      expect(rule.remediation.trim()).toMatch(/[.`)]$/);
      expect(renderRuleDoc(rule)).toContain(`# ${rule.id}`);
    }
  });

  describe('delta-rbac-rules-widened', () => {
    const base = role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list]\n');
    it('reports new verbs, resources and wildcards, high for sensitive ones', () => {
      expect(
        deltas(base, role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n')),
      ).toEqual([
        'delta-rbac-rules-widened x.yaml:6 medium ClusterRole reader now grants `watch pods`, which it did not on base.',
      ]);
      expect(
        deltas(
          base,
          role(
            '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list]\n  - apiGroups: ["*"]\n    resources: [secrets]\n    verbs: [get]\n',
          ),
        ),
      ).toEqual([
        'delta-rbac-rules-widened x.yaml:9 high ClusterRole reader now grants `get */secrets`, which it did not on base.',
      ]);
    });
    it('narrowing, reordering or a grant already covered by a wildcard is not reported', () => {
      expect(
        deltas(base, role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [list, get]\n')),
      ).toEqual([]);
      expect(deltas(base, role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n'))).toEqual(
        [],
      );
      const wide = role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n');
      expect(
        deltas(wide, role('  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n')),
      ).toEqual([]);
    });
    it('a new role is not a delta (rules judge it)', () => {
      expect(deltas(undefined, base)).toEqual([]);
    });
  });

  describe('delta-rbac-subjects-added', () => {
    const base = binding('  - kind: ServiceAccount\n    name: app\n    namespace: apps\n');
    it('reports new subjects, high for everyone-groups, and a new roleRef', () => {
      expect(
        deltas(
          base,
          binding(
            '  - kind: ServiceAccount\n    name: app\n    namespace: apps\n  - kind: Group\n    name: system:authenticated\n',
          ),
        ),
      ).toEqual([
        'delta-rbac-subjects-added x.yaml:13 high ClusterRoleBinding readers now binds Group:system:authenticated to ClusterRole reader.',
      ]);
      expect(
        deltas(base, binding('  - kind: ServiceAccount\n    name: app\n    namespace: apps\n', 'admin')),
      ).toEqual([
        'delta-rbac-subjects-added x.yaml:5 medium ClusterRoleBinding readers now binds its subjects to ClusterRole admin instead of ClusterRole reader.',
      ]);
    });
    it('removing subjects is not reported', () => {
      expect(
        deltas(
          binding('  - kind: User\n    name: a\n  - kind: User\n    name: b\n'),
          binding('  - kind: User\n    name: b\n'),
        ),
      ).toEqual([]);
    });
  });

  describe('delta-argocd-project-widened', () => {
    const base = project(
      '  sourceRepos:\n    - https://github.com/acme/team-*\n  destinations:\n    - server: https://kubernetes.default.svc\n      namespace: team\n  clusterResourceBlacklist:\n    - group: "*"\n      kind: "*"\n',
    );
    it('reports new repos, destinations and blacklist entries removed; wildcards are high', () => {
      const head = project(
        '  sourceRepos:\n    - https://github.com/acme/team-*\n    - "*"\n  destinations:\n    - server: https://kubernetes.default.svc\n      namespace: team\n    - server: https://prod.example.com\n      namespace: team\n',
      );
      expect(deltas(base, head)).toEqual(
        [
          'delta-argocd-project-widened x.yaml:9 high AppProject team now allows source repositories `*` (a wildcard), which it did not on base.',
          'delta-argocd-project-widened x.yaml:13 medium AppProject team now allows destinations `server=https://prod.example.com namespace=team`, which it did not on base.',
          'delta-argocd-project-widened x.yaml:6 medium AppProject team no longer denies denied cluster-scoped resources `group=* kind=*`.',
        ].sort((a, b) => Number(/:(\d+)/.exec(a)![1]) - Number(/:(\d+)/.exec(b)![1])),
      );
    });
    it('an entry covered by an existing glob is not a widening', () => {
      const head = project(
        '  sourceRepos:\n    - https://github.com/acme/team-*\n    - https://github.com/acme/team-api\n  destinations:\n    - server: https://kubernetes.default.svc\n      namespace: team\n  clusterResourceBlacklist:\n    - group: "*"\n      kind: "*"\n',
      );
      expect(deltas(base, head)).toEqual([]);
    });
  });

  describe('delta-networkpolicy-removed', () => {
    const netpol =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: apps\nspec:\n  podSelector: {}\n';
    it('reports a removed policy on the base line of its name', () => {
      expect(deltas(netpol, undefined)).toEqual([
        'delta-networkpolicy-removed x.yaml:4 medium NetworkPolicy apps/deny-all is removed: the pods it selected lose its isolation.',
      ]);
    });
    it('a policy that changes or moves is not removed', () => {
      expect(deltas(netpol, `# moved\n${netpol.replace('{}', '{matchLabels: {a: b}}')}`)).toEqual([]);
    });
  });

  describe('delta-psa-enforce-lowered', () => {
    it('reports a lowered or removed enforce label', () => {
      expect(deltas(namespace('restricted'), namespace('baseline'))).toEqual([
        'delta-psa-enforce-lowered x.yaml:6 high Namespace apps lowers pod-security.kubernetes.io/enforce from restricted to baseline.',
      ]);
      expect(deltas(namespace('baseline'), namespace())).toEqual([
        'delta-psa-enforce-lowered x.yaml:3 high Namespace apps no longer has the pod-security.kubernetes.io/enforce label (was baseline): pods are admitted as privileged.',
      ]);
    });
    it('raising the level or a new namespace is not reported', () => {
      expect(deltas(namespace('baseline'), namespace('restricted'))).toEqual([]);
      expect(deltas(undefined, namespace('privileged'))).toEqual([]);
    });
  });

  describe('delta-kyverno-policy-weakened', () => {
    it('reports Enforce -> Audit and a removed policy', () => {
      expect(deltas(kyverno('Enforce'), kyverno('Audit'))).toEqual([
        'delta-kyverno-policy-weakened x.yaml:6 high Kyverno ClusterPolicy require-labels switches from Enforce to Audit: violations are only reported, no longer blocked.',
      ]);
      expect(deltas(kyverno('Enforce'), undefined)).toEqual([
        'delta-kyverno-policy-weakened x.yaml:4 high Kyverno ClusterPolicy require-labels is removed: what it enforced is no longer checked at admission.',
      ]);
    });
    it('Audit -> Enforce is not reported', () => {
      expect(deltas(kyverno('Audit'), kyverno('Enforce'))).toEqual([]);
    });
  });

  describe('delta-gatekeeper-policy-weakened', () => {
    it('reports deny (default) -> dryrun and a removed constraint', () => {
      expect(deltas(constraint(), constraint('dryrun'))).toEqual([
        'delta-gatekeeper-policy-weakened x.yaml:6 high Gatekeeper constraint K8sRequiredLabels must-have-team switches enforcementAction from deny to dryrun: violations are no longer rejected.',
      ]);
      expect(deltas(constraint('deny'), undefined)).toEqual([
        'delta-gatekeeper-policy-weakened x.yaml:4 high Gatekeeper constraint K8sRequiredLabels must-have-team is removed: what it denied is admitted.',
      ]);
    });
    it('warn -> deny is not reported', () => {
      expect(deltas(constraint('warn'), constraint('deny'))).toEqual([]);
    });
  });

  describe('delta-admission-policy-weakened', () => {
    it('reports Deny dropped from validationActions and a removed binding', () => {
      expect(deltas(vapBinding('[Deny]'), vapBinding('[Warn, Audit]'))).toEqual([
        'delta-admission-policy-weakened x.yaml:7 high ValidatingAdmissionPolicyBinding no-latest no longer denies (validationActions Warn, Audit).',
      ]);
      expect(deltas(vapBinding('[Deny]'), undefined)).toEqual([
        'delta-admission-policy-weakened x.yaml:4 high ValidatingAdmissionPolicyBinding no-latest is removed: what it denied is admitted.',
      ]);
    });
    it('adding Deny is not reported', () => {
      expect(deltas(vapBinding('[Warn]'), vapBinding('[Deny, Warn]'))).toEqual([]);
    });
  });

  describe('delta-security-context-weakened', () => {
    it('reports each hardening setting a container lost', () => {
      const weakened =
        '            runAsNonRoot: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop: [NET_RAW]\n            seccompProfile:\n              type: RuntimeDefault\n';
      expect(
        deltas(workload(hardened), workload(weakened)).map(
          (d) => d.split(' ').slice(0, 2).join(' ') + ' ' + /no longer has (.*) \(/.exec(d)![1],
        ),
      ).toEqual([
        'delta-security-context-weakened x.yaml:12 allowPrivilegeEscalation: false', // removed: its securityContext
        'delta-security-context-weakened x.yaml:13 runAsNonRoot: true',
        'delta-security-context-weakened x.yaml:16 capabilities.drop: [ALL]',
      ]);
    });
    it('a setting moved from container to pod level is not lost', () => {
      const podLevel = workload(hardened.replace('            runAsNonRoot: true\n', '')).replace(
        '    spec:\n      containers:',
        '    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:',
      );
      expect(deltas(workload(hardened), podLevel)).toEqual([]);
    });
  });

  describe('delta-image-digest-dropped', () => {
    it('reports a digest replaced by a tag', () => {
      expect(deltas(workload(hardened), workload(hardened, 'nginx:1.27'))).toEqual([
        'delta-image-digest-dropped x.yaml:11 medium Container app moves from digest-pinned nginx@sha256:' +
          'a'.repeat(64) +
          ' to the mutable nginx:1.27.',
      ]);
    });
    it('a new digest is not reported', () => {
      expect(deltas(workload(hardened), workload(hardened, 'nginx:1.28@sha256:' + 'b'.repeat(64)))).toEqual(
        [],
      );
    });
  });

  it('a delta can be suppressed by an annotation already on base and by a configured exception, not by an annotation the change adds', () => {
    const ns = (level: string, annotations = '') =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n${annotations}  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;
    const annotations =
      '  annotations:\n    gitops-guard.io/ignore: delta-psa-enforce-lowered\n    gitops-guard.io/ignore-reason: legacy app moves here until Q3\n';
    const result = diffTexts(
      { 'x.yaml': ns('restricted', annotations) },
      { 'x.yaml': ns('baseline', annotations) },
    );
    expect(result.findings.find((f) => f.ruleId === 'delta-psa-enforce-lowered')?.suppressed).toEqual({
      by: 'annotation',
      reason: 'legacy app moves here until Q3',
    });
    const added = diffTexts({ 'x.yaml': ns('restricted') }, { 'x.yaml': ns('baseline', annotations) });
    expect(added.findings.find((f) => f.ruleId === 'delta-psa-enforce-lowered')?.suppressed).toBeUndefined();
    expect(added.findings.find((f) => f.ruleId === 'suppression-added')).toMatchObject({
      status: 'introduced',
      severity: 'high',
      line: 6,
    });
    const excepted = diffTexts(
      { 'x.yaml': ns('restricted') },
      { 'x.yaml': ns('baseline') },
      { exceptions: [{ rule: 'delta-psa-*', reason: 'migration' }] },
    );
    expect(excepted.findings.find((f) => f.ruleId === 'delta-psa-enforce-lowered')?.suppressed).toEqual({
      by: 'exception',
      reason: 'migration',
    });
  });
});

describe('splitDeltaSettings', () => {
  it('takes delta settings out of the rules and turns them into active deltas', async () => {
    const { splitDeltaSettings } = await import('../../src/diff/index.js');
    const { raw, deltas } = splitDeltaSettings({
      rules: {
        'pss-privileged': 'high',
        'delta-networkpolicy-removed': 'off',
        'delta-psa-enforce-lowered': 'critical',
        'delta-image-digest-dropped': { severity: 'low' },
      },
    });
    expect(raw).toEqual({ rules: { 'pss-privileged': 'high' } });
    expect(deltas.find((d) => d.rule.id === 'delta-networkpolicy-removed')).toBeUndefined();
    expect(deltas.find((d) => d.rule.id === 'delta-psa-enforce-lowered')?.severity).toBe('critical');
    expect(deltas.find((d) => d.rule.id === 'delta-image-digest-dropped')?.severity).toBe('low');
    expect(deltas.find((d) => d.rule.id === 'delta-rbac-rules-widened')?.severity).toBe('medium');
    expect(splitDeltaSettings(undefined).deltas).toHaveLength(10);
  });
});
