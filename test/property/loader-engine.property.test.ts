import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_SCAN_OPTIONS, runRules, type ActiveRule } from '../../src/engine/index.js';
import { defaultParams } from '../../src/engine/define-rule.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import { builtinRules } from '../../src/rules/index.js';

const active: ActiveRule[] = builtinRules.map((rule) => ({
  rule,
  severity: rule.severity,
  params: defaultParams(rule),
}));

const seed = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    gitops-guard.io/ignore: pss-privileged
spec:
  template:
    spec:
      hostNetwork: true
      securityContext: {runAsNonRoot: true}
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
            privileged: true
            capabilities: {add: [NET_ADMIN]}
          ports: [{containerPort: 22, hostPort: 22}]
      volumes:
        - name: sock
          hostPath: {path: /var/run/docker.sock}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ['*']
    resources: [secrets, pods/exec]
    verbs: [get, create]
`;

/** Loads and checks text; returns what escaped as an exception or a rule error (nothing, always). */
function scanText(text: string | Uint8Array): unknown {
  try {
    const loaded = loadManifestFile('fuzz.yaml', text);
    const findings = runRules(loaded.resources, active, DEFAULT_SCAN_OPTIONS);
    for (const f of [...loaded.findings, ...findings]) {
      if (!Number.isInteger(f.line) || f.line < 1) return new Error(`bad line ${f.line}`);
      if (f.ruleId === 'rule-error') return new Error(f.message);
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Values of odd types in the places rules read. */
const oddValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
);

describe('nothing escapes the loader and the engine as an exception', () => {
  it('arbitrary text and bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => scanText(text) === undefined),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => scanText(bytes) === undefined),
      { numRuns: 200 },
    );
  });

  it('mutated manifests: characters deleted, inserted, lines swapped', () => {
    const lines = seed.split('\n');
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(seed.length - 1),
        length: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(seed.length - 1),
        text: fc.constantFrom(':', '- ', '{', ']', '&a ', '*a', '\t', '"', '---\n', '  ', '\n', '{{ x }}'),
      }),
      fc.record({
        kind: fc.constant('swap' as const),
        a: fc.nat(lines.length - 1),
        b: fc.nat(lines.length - 1),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        let text = seed;
        for (const m of mutations) {
          if (m.kind === 'delete') text = text.slice(0, m.at) + text.slice(m.at + m.length);
          else if (m.kind === 'insert') text = text.slice(0, m.at) + m.text + text.slice(m.at);
          else {
            const ls = text.split('\n');
            const [x, y] = [ls[m.a % ls.length]!, ls[m.b % ls.length]!];
            ls[m.a % ls.length] = y;
            ls[m.b % ls.length] = x;
            text = ls.join('\n');
          }
        }
        return scanText(text) === undefined;
      }),
      { numRuns: 400 },
    );
  });

  it('well-formed YAML with odd value types where rules look', () => {
    fc.assert(
      fc.property(oddValue, oddValue, oddValue, oddValue, (a, b, c, d) => {
        const docs = [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'p', annotations: a },
            spec: {
              containers: [
                { name: 'c', securityContext: b, image: c, ports: d, env: a, volumeMounts: b, resources: c },
              ],
              volumes: d,
              securityContext: a,
              hostNetwork: b,
            },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'd' },
            spec: { template: { metadata: a, spec: { containers: b, initContainers: [c], os: d } } },
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'r' },
            rules: [{ apiGroups: a, resources: b, verbs: c, resourceNames: d }],
            aggregationRule: a,
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name: 'b', namespace: 'x' },
            roleRef: a,
            subjects: b,
          },
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels: a }, data: b, stringData: c },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: d },
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 's', annotations: d },
            spec: { type: a, externalIPs: b, ports: c },
          },
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: { name: 'i' },
            spec: { tls: a, rules: b },
          },
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: 'n' },
            spec: { egress: [{ to: a }, b] },
          },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: c } },
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'AppProject',
            metadata: { name: 'p' },
            spec: {
              sourceRepos: a,
              destinations: b,
              clusterResourceWhitelist: c,
              roles: d,
              sourceNamespaces: a,
            },
          },
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: 'a' },
            spec: { project: a, source: b, sources: c, destination: d, syncPolicy: a },
          },
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'ApplicationSet',
            metadata: { name: 'a' },
            spec: { template: a, generators: b },
          },
          {
            apiVersion: 'source.toolkit.fluxcd.io/v1',
            kind: 'GitRepository',
            metadata: { name: 'g' },
            spec: { url: a, insecure: b, verify: c },
          },
          {
            apiVersion: 'helm.toolkit.fluxcd.io/v2',
            kind: 'HelmRelease',
            metadata: { name: 'h', namespace: 't' },
            spec: { chart: a, serviceAccountName: b, chartRef: c },
          },
          {
            apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
            kind: 'Kustomization',
            metadata: { name: 'k', namespace: 't' },
            spec: { sourceRef: a, force: b },
          },
          {
            apiVersion: 'kustomize.config.k8s.io/v1beta1',
            kind: 'Kustomization',
            resources: a,
            bases: b,
            patches: c,
          },
        ];
        return scanText(docs.map((doc) => JSON.stringify(doc)).join('\n---\n')) === undefined;
      }),
      { numRuns: 300 },
    );
  });
});
