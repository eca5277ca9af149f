import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPacks, builtinPacksDir } from '../../src/cli/load-config.js';
import { resolveConfig } from '../../src/config/resolve.js';
import {
  gatherContext,
  scanFiles,
  scanStream,
  type ActiveRule,
  type ScanOptions,
  type StreamedFile,
} from '../../src/engine/index.js';
import { DEFAULT_LIMITS, loadManifestFile, type FileContent } from '../../src/manifests/index.js';
import type { Finding } from '../../src/model/index.js';
import { compileRepositoryPolicies } from '../../src/policy/index.js';
import { mayHoldPolicy } from '../../src/policy/paths.js';
import { builtinRules } from '../../src/rules/index.js';
import { CORPUS_DIR, itOnCorpus } from '../helpers/corpus.js';

/**
 * The reference is `scanFiles`: every file loaded and held, every rule given every resource of the
 * scan as `context.resources`. The streaming scan keeps only the context its rules declare
 * (`dependsOn`, `lookups`); its findings must be the same, byte for byte.
 */
function scanHoldingEverything(
  files: readonly { path: string; content: FileContent }[],
  rules: readonly ActiveRule[],
  options: ScanOptions,
): Finding[] {
  return scanFiles({ files, rules, options, today: '2026-01-01', configFile: 'c.yml' }).findings;
}

function streamed(files: readonly { path: string; content: FileContent }[]): {
  files: StreamedFile[];
  reads: Map<string, number>;
} {
  const reads = new Map<string, number>();
  return {
    reads,
    files: files.map((f) => ({
      path: f.path,
      read: () => {
        reads.set(f.path, (reads.get(f.path) ?? 0) + 1);
        return f.content;
      },
    })),
  };
}

/** Every built-in rule (the ones off by default too), and the policies of the files' admission policies. */
function allRules(files: readonly { path: string; content: FileContent }[]) {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {
    rules: Object.fromEntries(
      builtinRules.filter((r) => r.enabledByDefault === false && !r.parameters).map((r) => [r.id, 'low']),
    ),
  });
  expect(resolved.errors).toEqual([]);
  const policySide = files
    .filter((f) => typeof f.content !== 'object' || f.content instanceof Uint8Array)
    .filter((f) => mayHoldPolicy(f.content as string | Uint8Array))
    .flatMap((f) => loadManifestFile(f.path, f.content).resources);
  const policies = compileRepositoryPolicies(policySide, { previousResources: [] });
  return { rules: [...resolved.rules, ...policies.active], options: resolved.options, policies };
}

function expectSameVerdicts(files: readonly { path: string; content: FileContent }[]) {
  const { rules, options } = allRules(files);
  const reference = scanHoldingEverything(files, rules, options);
  const stream = streamed(files);
  const result = scanStream({
    files: stream.files,
    rules,
    options,
    today: '2026-01-01',
    configFile: 'c.yml',
  });
  expect(JSON.stringify(result.findings, null, 1)).toBe(JSON.stringify(reference, null, 1));
  // Each file read at most twice (context, then judged).
  expect(Math.max(...stream.reads.values())).toBeLessThanOrEqual(2);
  return { reference, result };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

const pod = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      serviceAccountName: ${name}
${extra}      containers:
        - name: app
          image: registry.example.com/${name}:1.0
`;

describe('the streaming scan', () => {
  it('judges each resource with the resources of later files (roles, accounts, policies, patches, images, namespaces, params)', () => {
    const files = [
      { path: 'a/deploy.yaml', content: pod('web') },
      { path: 'a/patch.yaml', content: pod('web').replace('      serviceAccountName: web\n', '') },
      {
        path: 'a/binding.yaml',
        content: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: everything }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
`,
      },
      // kustomize needs no kind here: the loader makes it a Kustomization.
      {
        path: 'a/kustomization.yaml',
        content: `namespace: shop
resources: [deploy.yaml]
patches: [{ path: patch.yaml }]
images: [{ name: registry.example.com/web, newTag: "2.0" }]
`,
      },
      {
        path: 'b/list.json',
        content: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: { name: 'web', namespace: 'shop' },
              automountServiceAccountToken: false,
            },
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'Role',
              metadata: { name: 'everything', namespace: 'shop' },
              rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
            },
          ],
        }),
      },
      {
        path: 'b/escaped.yaml',
        content: `apiVersion: networking.k8s.io/v1\nkind: "Network\\u0050olicy"\nmetadata: { name: np, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: api } }\n`,
      },
      { path: 'c/api.yaml', content: pod('api', '      automountServiceAccountToken: false\n') },
      {
        path: 'c/vap.yaml',
        content: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: replicas }
spec:
  paramKind: { apiVersion: v1, kind: ConfigMap }
  matchConstraints:
    resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }]
    namespaceSelector: { matchLabels: { tier: shop } }
  validations:
    - expression: "object.metadata.name != params.data.forbidden"
      message: forbidden name
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: replicas }
spec:
  policyName: replicas
  validationActions: [Deny]
  paramRef: { name: limits, namespace: shop }
`,
      },
      {
        path: 'd/params.yaml',
        content: `apiVersion: v1
kind: ConfigMap
metadata: { name: limits, namespace: shop }
data: { forbidden: web, password: s3cr3t-Value-42 }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { tier: shop } }
`,
      },
      {
        path: 'd/kyverno.yaml',
        content: `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: team-label }
spec:
  rules:
    - name: team
      match:
        any:
          - resources:
              kinds: [Deployment]
              namespaceSelector: { matchLabels: { tier: shop } }
      validate:
        message: a team label is required
        pattern:
          metadata:
            labels:
              team: "?*"
`,
      },
    ];
    const { reference } = expectSameVerdicts(files);
    const ids = new Set(reference.map((f) => `${f.ruleId} ${f.file}`));
    // The cross-resource verdicts are there (a scan without the later files would differ).
    expect(ids).toContain('rbac-binding-privileged-role a/binding.yaml');
    expect(ids).toContain('vap/replicas a/deploy.yaml');
    expect(ids).toContain('kyverno/team-label/team a/deploy.yaml');
    expect(ids).not.toContain('workload-automount-service-account-token a/deploy.yaml');
    expect(ids).not.toContain('workload-image-tag a/deploy.yaml');
    expect(ids).toContain('network-pod-not-isolated a/deploy.yaml');
    expect(ids).not.toContain('network-pod-not-isolated c/api.yaml');
    // A patch listed by a later kustomization.yaml is a partial resource: nothing is missing from it.
    expect(ids).toContain('pss-run-as-non-root a/deploy.yaml');
    expect(ids).not.toContain('pss-run-as-non-root a/patch.yaml');
  });

  it('parses a context document once: the second pass takes what the first parsed', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
    const { files } = streamed([
      { path: 'ns.yaml', content: `${namespace}---\n${pod('web')}` },
      { path: 'twice.yaml', content: `${namespace}---\n${namespace}metadata: {name: other}\n` },
    ]);
    const context = gatherContext(files, new Set(['Namespace']), DEFAULT_LIMITS);
    expect(context.resources.map((r) => `${r.file}#${r.documentIndex}`)).toEqual([
      'ns.yaml#0',
      'twice.yaml#0',
      'twice.yaml#1',
    ]);
    // The Deployment was not parsed in the first pass; a file with a finding (a duplicate key) is loaded again, to report it.
    expect([...context.parsed].map(([file, documents]) => [file, [...documents.keys()]])).toEqual([
      ['ns.yaml', [0]],
    ]);
  });

  it('holds one copy of what findings repeat: a resource reference per resource, a message per text', () => {
    const files = [
      { path: 'a.yaml', content: pod('web') },
      { path: 'b.yaml', content: pod('web') },
    ];
    const { result } = expectSameVerdicts(files);
    const ofA = result.findings.filter((f) => f.file === 'a.yaml');
    expect(ofA.length).toBeGreaterThan(3);
    // Every finding on the one Deployment of a.yaml shares one reference object (redacted ones too).
    expect(new Set(ofA.map((f) => f.resource)).size).toBe(1);
    // b.yaml repeats a.yaml: the same texts, each finding its own object and fingerprint.
    const ofB = result.findings.filter((f) => f.file === 'b.yaml');
    expect(ofB.map((f) => f.message)).toEqual(ofA.map((f) => f.message));
    expect(new Set([...ofA, ...ofB]).size).toBe(ofA.length + ofB.length);
  });

  it("masks a later file's secret in an earlier file's findings: they are held until every secret is known", () => {
    const files = [
      {
        path: 'a.yaml',
        content: pod('web').replace(
          'registry.example.com/web:1.0',
          'registry.example.com/zq8Xw3Lr7Pv:latest',
        ),
      },
      {
        path: 'b.yaml',
        content:
          'apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: shop }\nstringData: { token: zq8Xw3Lr7Pv }\n',
      },
    ];
    const { result } = expectSameVerdicts(files);
    const ofA = result.findings.filter((f) => f.file === 'a.yaml');
    expect(ofA.some((f) => f.message.includes('registry.example.com/***'))).toBe(true);
    expect(JSON.stringify(result.findings)).not.toContain('zq8Xw3Lr7Pv');
  });

  it('judges the examples as a scan holding every resource does', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples');
    expectSameVerdicts(listFiles(dir).map((path) => ({ path, content: readFileSync(path) })));
  });

  itOnCorpus(
    'judges the corpus as a scan holding every resource does, every rule on',
    () => {
      const files = listFiles(CORPUS_DIR).map((path) => ({ path, content: readFileSync(path) }));
      const { reference, result } = expectSameVerdicts(files);
      expect(reference.length).toBeGreaterThan(3000);
      expect(result.resourceCount).toBeGreaterThan(1000);
    },
    300_000,
  );
});
