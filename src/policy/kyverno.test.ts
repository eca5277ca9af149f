import { describe, expect, it } from '@jest/globals';
import { evaluate, summary } from '../../test/helpers/policy-tester.js';
import { imageInfo } from './kyverno-images.js';

const clusterPolicy = (rules: string, action = 'Enforce', name = 'security') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${name}
spec:
  validationFailureAction: ${action}
  rules:
${rules.replace(/^/gm, '    ')}
`;

const deployment = (
  name: string,
  container: string,
  ns = 'apps',
  labels = '{app: web}',
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
${container.replace(/^/gm, '          ')}
`;

const privileged = `- name: no-privileged
  match:
    any:
      - resources:
          kinds: [Pod]
  validate:
    message: Privileged containers are not allowed.
    pattern:
      spec:
        containers:
          - =(securityContext):
              =(privileged): false
`;

describe('Kyverno policies', () => {
  it('evaluates pattern rules on pods and, by auto-generation, on pod controllers, at the exact line', () => {
    const files = {
      'policy.yaml': clusterPolicy(privileged),
      'bad.yaml': deployment('bad', 'image: x\nsecurityContext:\n  privileged: true'),
      'good.yaml': deployment('good', 'image: x\nsecurityContext:\n  privileged: false'),
      'pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      securityContext: {privileged: true}\n',
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map(summary)).toEqual([
      'kyverno/security/no-privileged high bad.yaml:16 Privileged containers are not allowed. (/spec/containers/0/securityContext/privileged/: expected false, found true)',
      'kyverno/security/no-privileged high pod.yaml:7 Privileged containers are not allowed. (/spec/containers/0/securityContext/privileged/: expected false, found true)',
    ]);
  });

  it('maps validationFailureAction and validate.failureAction to severity', () => {
    const bad = { 'bad.yaml': deployment('bad', 'image: x\nsecurityContext:\n  privileged: true') };
    expect(
      evaluate({ ...bad, 'p.yaml': clusterPolicy(privileged, 'Audit') }).findings.map((f) => f.severity),
    ).toEqual(['medium']);
    expect(
      evaluate({
        ...bad,
        'p.yaml': clusterPolicy(
          privileged.replace('    message:', '    failureAction: Enforce\n    message:'),
          'Audit',
        ),
      }).findings.map((f) => f.severity),
    ).toEqual(['high']);
  });

  it('evaluates anyPattern', () => {
    const rule = `- name: run-as-non-root
  match: {any: [{resources: {kinds: [Deployment]}}]}
  validate:
    message: Run as non-root.
    anyPattern:
      - spec: {template: {spec: {securityContext: {runAsNonRoot: true}}}}
      - spec: {template: {spec: {containers: [{securityContext: {runAsNonRoot: true}}]}}}
`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'a.yaml': deployment('a', 'image: x\nsecurityContext: {runAsNonRoot: true}'),
      'b.yaml': deployment('b', 'image: x'),
    };
    expect(evaluate(files).findings.map((f) => `${f.resource?.name} ${f.line} ${f.message}`)).toEqual([
      'b 1 Run as non-root. (no pattern of anyPattern matches)',
    ]);
  });

  it('evaluates deny conditions with request.object variables, and substitutes them in the message', () => {
    const rule = `- name: no-default-namespace
  match:
    any:
      - resources: {kinds: ["apps/v1/Deployment"]}
  validate:
    message: "{{ request.object.metadata.name }} may not run in {{request.object.metadata.namespace}}."
    deny:
      conditions:
        any:
          - key: "{{ request.object.metadata.namespace }}"
            operator: AnyIn
            value: [default, kube-*]
`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'a.yaml': deployment('a', 'image: x', 'default'),
      'b.yaml': deployment('b', 'image: x', 'kube-system'),
      'c.yaml': deployment('c', 'image: x', 'apps'),
    };
    expect(evaluate(files).findings.map((f) => f.message)).toEqual([
      'a may not run in default.',
      'b may not run in kube-system.',
    ]);
  });

  it('evaluates cel rules over object', () => {
    const rule = `- name: replicas
  match: {any: [{resources: {kinds: [Deployment]}}]}
  validate:
    cel:
      variables:
        - name: max
          expression: "3"
      expressions:
        - expression: "!has(object.spec.replicas) || object.spec.replicas <= variables.max"
          message: Too many replicas.
`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'a.yaml': deployment('a', 'image: x').replace('spec:\n  template', 'spec:\n  replicas: 5\n  template'),
      'b.yaml': deployment('b', 'image: x'),
    };
    expect(evaluate(files).findings.map((f) => `${f.resource?.name} ${f.message}`)).toEqual([
      'a Too many replicas.',
    ]);
  });

  it('matches kinds, namespaces, names (wildcards), selectors, and honours exclude', () => {
    const rule = (match: string, exclude = '') =>
      clusterPolicy(`- name: r
  match:
${match.replace(/^/gm, '    ')}
${exclude ? `  exclude:\n${exclude.replace(/^/gm, '    ')}\n` : ''}  validate:
    message: denied
    deny: {}
`);
    const files = {
      'a.yaml': deployment('web-1', 'image: x', 'apps', '{tier: front}'),
      'b.yaml': deployment('api', 'image: x', 'team-b', '{tier: back}'),
      'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-cm, namespace: apps}\n',
    };
    const names = (match: string, exclude?: string) =>
      evaluate({ ...files, 'p.yaml': rule(match, exclude) })
        .findings.map((f) => f.resource?.name)
        .sort();
    expect(names('any: [{resources: {kinds: [Deployment]}}]')).toEqual(['api', 'web-1']);
    expect(names('any: [{resources: {kinds: ["apps/*/Deployment", "v1/ConfigMap"]}}]')).toEqual([
      'api',
      'web-1',
      'web-cm',
    ]);
    expect(names('any: [{resources: {kinds: ["*"], names: ["web-*"]}}]')).toEqual(['web-1', 'web-cm']);
    expect(names('any: [{resources: {kinds: [Deployment], namespaces: ["team-?"]}}]')).toEqual(['api']);
    expect(
      names('any: [{resources: {kinds: [Deployment], selector: {matchLabels: {tier: front}}}}]'),
    ).toEqual(['web-1']);
    expect(names('all: [{resources: {kinds: [Deployment]}}, {resources: {namespaces: [apps]}}]')).toEqual([
      'web-1',
    ]);
    expect(names('resources: {kinds: [Deployment]}')).toEqual(['api', 'web-1']);
    expect(
      names('any: [{resources: {kinds: [Deployment]}}]', 'any: [{resources: {namespaces: [team-b]}}]'),
    ).toEqual(['web-1']);
    expect(
      names('any: [{resources: {kinds: [Deployment]}}]', 'any: [{subjects: [{kind: User, name: admin}]}]'),
    ).toEqual(['api', 'web-1']);
  });

  it('a namespaced Policy applies only in its namespace', () => {
    const policy = clusterPolicy(privileged)
      .replace('kind: ClusterPolicy', 'kind: Policy')
      .replace('  name: security', '  name: security\n  namespace: apps');
    const files = {
      'p.yaml': policy,
      'a.yaml': deployment('a', 'image: x\nsecurityContext: {privileged: true}', 'apps'),
      'b.yaml': deployment('b', 'image: x\nsecurityContext: {privileged: true}', 'other'),
    };
    expect(evaluate(files).findings.map((f) => f.resource?.name)).toEqual(['a']);
  });

  it('reports what needs the cluster as not evaluated and keeps evaluating the other rules', () => {
    const rules = `${privileged}- name: with-context
  context:
    - name: cm
      configMap: {name: x, namespace: y}
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate: {message: m, deny: {}}
- name: with-user
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: m
    deny:
      conditions:
        all:
          - key: "{{ request.userInfo.username }}"
            operator: Equals
            value: admin
- name: with-unknown-key
  match: {any: [{resources: {kinds: [Pod]}}]}
  someFutureKey: {}
  validate: {message: m, deny: {}}
- name: bad-cel
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    cel:
      expressions: [{expression: "object.spec.", message: m}]
- name: bad-jmespath
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: m
    deny: {conditions: {all: [{key: "{{ request.object.[ }}", operator: Equals, value: x}]}}
`;
    const files = {
      'p.yaml': clusterPolicy(rules),
      'bad.yaml': deployment('bad', 'image: x\nsecurityContext: {privileged: true}'),
    };
    const { findings, policyFindings, ruleIds } = evaluate(files);
    expect(ruleIds).toEqual(['kyverno/security/no-privileged']);
    expect(findings.map((f) => f.ruleId)).toEqual(['kyverno/security/no-privileged']);
    expect(
      policyFindings.map(
        (f) => `${f.ruleId} ${f.severity} ${f.line} ${f.message.replace(/^.*because /, '')}`,
      ),
    ).toEqual([
      'policy-not-evaluated info 21 its context entry "cm" reads configMap, which needs the cluster.',
      'policy-not-evaluated info 28 the variable {{ request.userInfo.username }} reads request.userInfo, which only the API server knows.',
      'policy-not-evaluated info 38 it uses "someFutureKey", which we do not evaluate.',
      expect.stringMatching(/^policy-error medium 44 .*does not compile/),
      expect.stringMatching(/^policy-error medium 47 .*request\.object\.\[ \}\} is not valid JMESPath/),
    ]);
  });
});

describe('Kyverno JMESPath variables and conditions', () => {
  const pod = (spec: string, name = 'p', labels = '{}') =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps, labels: ${labels}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
  const hostPorts = `- name: host-port-range
  match: {any: [{resources: {kinds: [Pod]}}]}
  preconditions:
    all:
      - {key: "{{ request.operation || 'BACKGROUND' }}", operator: NotEquals, value: DELETE}
  validate:
    message: The only permitted hostPorts are in the range 5000-6000 or 0.
    deny:
      conditions:
        all:
          - key: "{{ request.object.spec.[ephemeralContainers, initContainers, containers][].ports[].hostPort }}"
            operator: AnyNotIn
            value: 5000-6000
          - key: "{{ request.object.spec.[ephemeralContainers, initContainers, containers][].ports[].hostPort }}"
            operator: AnyNotIn
            value: [0]
`;

  it('evaluates multi-select lists, flatten projections, || defaults and number ranges', () => {
    const files = {
      'p.yaml': clusterPolicy(hostPorts),
      'bad.yaml': pod('containers: [{name: c, image: x, ports: [{containerPort: 80, hostPort: 80}]}]', 'bad'),
      'ok.yaml': pod(
        'initContainers: [{name: i, image: x, ports: [{hostPort: 5500}]}]\ncontainers: [{name: c, image: x, ports: [{containerPort: 80}]}]',
        'ok',
      ),
      'none.yaml': pod('containers: [{name: c, image: x}]', 'none'),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => f.resource?.name)).toEqual(['bad']);
  });

  it('evaluates keys(@), length(@), nested variables and Kyverno functions (regex_match, divide with quantities)', () => {
    const rules = `- name: volumes
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: Only configMap volumes.
    deny:
      conditions:
        all:
          - {key: "{{ request.object.spec.volumes[].keys(@)[] || '' }}", operator: AnyNotIn, value: [name, configMap, '']}
- name: version-label
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: bad version
    deny:
      conditions:
        all:
          - key: "{{ regex_match('^v[0-9]+$', '{{ request.object.metadata.labels.version || 'none' }}') }}"
            operator: Equals
            value: false
- name: memory-ratio
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: Limits may not exceed 2x the requests.
    foreach:
      - list: request.object.spec.containers
        deny:
          conditions:
            any:
              - key: "{{ divide('{{ element.resources.limits.memory || '0' }}', '{{ element.resources.requests.memory || '1m' }}') }}"
                operator: GreaterThan
                value: 2
`;
    const files = {
      'p.yaml': clusterPolicy(rules),
      'a.yaml': pod(
        'volumes: [{name: v, hostPath: {path: /}}]\ncontainers: [{name: c, image: x, resources: {requests: {memory: 1Gi}, limits: {memory: 4Gi}}}]',
        'a',
        '{version: x1}',
      ),
      'b.yaml': pod(
        'volumes: [{name: v, configMap: {name: c}}]\ncontainers: [{name: c, image: x, resources: {requests: {memory: 1Gi}, limits: {memory: 1536Mi}}}]',
        'b',
        '{version: v2}',
      ),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => `${f.resource?.name} ${f.ruleId} ${f.line}`)).toEqual([
      'a kyverno/security/volumes 1',
      'a kyverno/security/version-label 1',
      'a kyverno/security/memory-ratio 6',
    ]);
  });

  it('request.operation is CREATE for a new resource and UPDATE for a changed one', () => {
    const rule = `- name: no-updates
  match: {any: [{resources: {kinds: [ConfigMap]}}]}
  validate:
    message: "{{ request.operation }} is not allowed"
    deny:
      conditions:
        any: [{key: "{{ request.operation }}", operator: Equals, value: UPDATE}]
`;
    const cm = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: apps}\ndata: {a: "${value}"}\n`;
    const policy = { 'p.yaml': clusterPolicy(rule) };
    expect(evaluate({ ...policy }, { ...policy, 'c.yaml': cm('1') }).findings).toEqual([]);
    expect(
      evaluate({ ...policy, 'c.yaml': cm('1') }, { ...policy, 'c.yaml': cm('2') }).findings.map(
        (f) => f.message,
      ),
    ).toEqual(['UPDATE is not allowed']);
    expect(evaluate({ ...policy, 'c.yaml': cm('1') }, { ...policy, 'c.yaml': cm('1') }).findings).toEqual([]);
  });
});

describe('Kyverno foreach', () => {
  it('evaluates deny per element with element variables, and reports at the element', () => {
    const rule = `- name: require-drop-all
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: Containers must drop ALL capabilities.
    foreach:
      - list: request.object.spec.containers
        deny:
          conditions:
            all:
              - {key: ALL, operator: AnyNotIn, value: "{{ element.securityContext.capabilities.drop[] || \`[]\` }}"}
`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'd.yaml': deployment('d', 'image: x\nsecurityContext: {capabilities: {drop: [ALL]}}'),
      'e.yaml': deployment('e', 'image: x'),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => `${f.resource?.name} ${f.line} ${f.path}`)).toEqual([
      'e 13 spec.template.spec.containers[name=app]',
    ]);
  });

  it('evaluates pattern on each element, preconditions per element, and nested foreach', () => {
    const rule = `- name: tags
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: no latest
    foreach:
      - list: request.object.spec.containers
        preconditions:
          all: [{key: "{{ element.name }}", operator: NotEquals, value: sidecar}]
        pattern: {image: "!*:latest"}
- name: nested
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: "no port 22 in {{ request.object.metadata.name }}"
    foreach:
      - list: request.object.spec.containers
        foreach:
          - list: element.ports
            deny:
              conditions:
                any: [{key: "{{ element.containerPort }}", operator: Equals, value: 22}]
`;
    const pod = (containers: string, name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: ${containers}\n`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'a.yaml': pod('[{name: app, image: "x:1"}, {name: sidecar, image: "y:latest"}]', 'a'),
      'b.yaml': pod('[{name: app, image: "x:latest"}]', 'b'),
      'c.yaml': pod('[{name: app, image: "x:1", ports: [{containerPort: 80}, {containerPort: 22}]}]', 'c'),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => `${f.resource?.name} ${f.ruleId} ${f.path} ${f.message}`)).toEqual([
      'b kyverno/security/tags spec.containers[name=app].image no latest (/image/: expected "!*:latest", found "x:latest")',
      'c kyverno/security/nested spec.containers[name=app].ports[1] no port 22 in c',
    ]);
  });
});

describe('Kyverno podSecurity and wildcard keys', () => {
  const podSecurity = (level: string, exclude = '') => `- name: pss
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    podSecurity:
      level: ${level}
      version: latest
${exclude.replace(/^/gm, '      ')}
`;
  const files = {
    'privileged.yaml': deployment('privileged', 'image: nginx\nsecurityContext: {privileged: true}'),
    'caps.yaml': deployment('caps', 'image: redis:7\nsecurityContext: {capabilities: {add: [SYS_ADMIN]}}'),
    'plain.yaml': deployment('plain', 'image: nginx'),
  };

  it('judges the podSecurity sub-rule with our Pod Security engine, by level, on pod controllers too', () => {
    const baseline = evaluate({ ...files, 'p.yaml': clusterPolicy(podSecurity('baseline')) });
    expect(baseline.policyFindings).toEqual([]);
    expect(baseline.findings.map((f) => `${f.resource?.name} ${f.line}`).sort()).toEqual([
      'caps 15',
      'privileged 15',
    ]);
    const restricted = evaluate({ ...files, 'p.yaml': clusterPolicy(podSecurity('restricted')) });
    expect(new Set(restricted.findings.map((f) => f.resource?.name))).toEqual(
      new Set(['caps', 'privileged', 'plain']),
    );
  });

  it('honours exclude: a control for matching images only', () => {
    const exclude = 'exclude:\n  - controlName: Capabilities\n    images: ["redis*"]';
    const { findings } = evaluate({ ...files, 'p.yaml': clusterPolicy(podSecurity('baseline', exclude)) });
    expect(findings.map((f) => f.resource?.name)).toEqual(['privileged']);
  });

  it('reports an unknown level, version or control as not evaluated', () => {
    const { policyFindings, ruleIds } = evaluate({
      'p.yaml': clusterPolicy(podSecurity('baseline', 'exclude:\n  - controlName: Nope')),
    });
    expect(ruleIds).toEqual([]);
    expect(policyFindings.map((f) => f.message)).toEqual([
      expect.stringContaining('controlName "Nope" is not a Pod Security control we know'),
    ]);
  });

  it('expands wildcard keys in metadata annotations, as Kyverno does', () => {
    const rule = `- name: app-armor
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: AppArmor must be runtime/default or localhost.
    pattern:
      =(metadata):
        =(annotations):
          =(container.apparmor.security.beta.kubernetes.io/*): "runtime/default | localhost/*"
`;
    const pod = (annotations: string, name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations: ${annotations}\nspec: {containers: [{name: c, image: x}]}\n`;
    const { findings, policyFindings } = evaluate({
      'p.yaml': clusterPolicy(rule),
      'a.yaml': pod('{container.apparmor.security.beta.kubernetes.io/c: unconfined}', 'a'),
      'b.yaml': pod('{container.apparmor.security.beta.kubernetes.io/c: runtime/default}', 'b'),
      'c.yaml': pod('{other: x}', 'c'),
    });
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => `${f.resource?.name} ${f.line}`)).toEqual(['a 5']);
  });

  it('a wildcard key outside labels and annotations is not evaluated, never a pass', () => {
    const rule = `- name: w
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: m
    pattern: {spec: {"=(host*)": false}}
`;
    const { findings, policyFindings } = evaluate({
      'p.yaml': clusterPolicy(rule),
      'a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostNetwork: true}\n',
    });
    expect(findings).toEqual([]);
    expect(policyFindings.map((f) => f.ruleId + ' ' + f.message.replace(/^.*because /, ''))).toEqual([
      'policy-not-evaluated the pattern key "=(host*)" has a wildcard outside metadata.labels and metadata.annotations.',
    ]);
  });

  it('evaluates celPreconditions', () => {
    const rule = `- name: deprecated
  match: {any: [{resources: {kinds: ["batch/*/CronJob"]}}]}
  celPreconditions:
    - {name: old, expression: "object.apiVersion == 'batch/v1beta1'"}
  validate:
    cel:
      expressions: [{expression: "false", message: deprecated}]
`;
    const cron = (v: string, name: string) =>
      `apiVersion: ${v}\nkind: CronJob\nmetadata: {name: ${name}}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: x}]}}}}}\n`;
    const { findings } = evaluate({
      'p.yaml': clusterPolicy(rule),
      'a.yaml': cron('batch/v1beta1', 'old'),
      'b.yaml': cron('batch/v1', 'new'),
    });
    expect(findings.map((f) => f.resource?.name)).toEqual(['old']);
  });
});

describe('Kyverno images variable', () => {
  it.each([
    [
      'nginx',
      {
        registry: 'docker.io',
        name: 'nginx',
        path: 'nginx',
        tag: 'latest',
        reference: 'docker.io/nginx:latest',
        referenceWithTag: 'docker.io/nginx:latest',
      },
    ],
    [
      'ghcr.io/org/app:1.2',
      {
        registry: 'ghcr.io',
        name: 'app',
        path: 'org/app',
        tag: '1.2',
        reference: 'ghcr.io/org/app:1.2',
        referenceWithTag: 'ghcr.io/org/app:1.2',
      },
    ],
    [
      'localhost:5000/a@sha256:abc',
      {
        registry: 'localhost:5000',
        name: 'a',
        path: 'a',
        digest: 'sha256:abc',
        reference: 'localhost:5000/a@sha256:abc',
      },
    ],
    [
      'library/redis:7',
      {
        registry: 'docker.io',
        name: 'redis',
        path: 'library/redis',
        tag: '7',
        reference: 'docker.io/library/redis:7',
        referenceWithTag: 'docker.io/library/redis:7',
      },
    ],
  ])('parses %s as Kyverno does', (image, expected) => {
    expect(imageInfo(image)).toEqual(expected);
  });

  it('evaluates policies on images.containers, for pods and their controllers', () => {
    const rule = `- name: registries
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: Images must come from ghcr.io.
    deny:
      conditions:
        all:
          - {key: "{{ images.[containers, initContainers][].*.registry[] }}", operator: AnyNotIn, value: [ghcr.io]}
`;
    const files = {
      'p.yaml': clusterPolicy(rule),
      'a.yaml': deployment('a', 'image: ghcr.io/org/app:1'),
      'b.yaml': deployment('b', 'image: nginx:1'),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => f.resource?.name)).toEqual(['b']);
  });
});

describe('Kyverno policies on CustomResourceDefinitions (loaded head first)', () => {
  const crdPolicy = clusterPolicy(`- name: cluster-scoped-crds
  match:
    any:
      - resources:
          kinds: [CustomResourceDefinition]
  validate:
    message: CRDs must be namespaced.
    pattern:
      spec:
        scope: Namespaced
`);
  const crd = (name: string, spec: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

  it('reads the body of a CRD a policy matches, at the exact line', () => {
    const { findings, policyFindings } = evaluate({
      'policy.yaml': crdPolicy,
      'bad.yaml': crd('bad.example.com', '  group: example.com\n  scope: Cluster\n'),
      'good.yaml': crd('good.example.com', '  group: example.com\n  scope: Namespaced\n'),
    });
    expect(policyFindings).toEqual([]);
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['bad.yaml:7']);
  });

  it('fails closed on a CRD whose body cannot be read', () => {
    const { findings } = evaluate({
      'policy.yaml': crdPolicy,
      'broken.yaml': crd('broken.example.com', '  scope: [Cluster\n'),
    });
    expect(findings.map((f) => f.ruleId)).toEqual(['rule-error']);
    expect(findings[0]!.message).toMatch(/could not be read/);
  });
});
