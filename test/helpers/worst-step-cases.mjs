// The files that hold a worker longest, shared by bench/worst-step.mjs (at the 5 MiB limit) and
// test/hostile/time-bound.test.ts (smaller). Each is built to make one step as costly as it can:
// thousands of findings in one resource, each located in the document and redacted; long lines
// and block scalars scanned for secrets; flow style and deep nesting that the fast locator does
// not read; many documents. `finding` is the rule id each case must produce when it is judged
// completely (the time-bound finding stands in for it when it is not).

/** Repeats `item(i)` after `head` (and before `tail`) until the text is just under `size` bytes. */
function fill(size, head, item, tail = '') {
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; ; i++) {
    const next = item(i);
    if (length + next.length > size - 64) break;
    parts.push(next);
    length += next.length;
  }
  parts.push(tail);
  return parts.join('');
}

const pod = (name, body) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n${body}`;
const privileged = (i) =>
  `    - name: c${i}\n      image: nginx\n      securityContext: {privileged: true}\n`;

/** @returns {Record<string, { content: string, finding: string }>} */
export function worstStepCases(size) {
  return {
    'pod of privileged containers': {
      content: fill(size, pod('p', ''), privileged),
      finding: 'pss-privileged',
    },
    'deployment of many env tokens': {
      content: fill(
        size,
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.25\n          env:\n',
        (i) => `            - name: API_TOKEN_${i}\n              value: "tok-${i}-Zq9xWvK2"\n`,
      ),
      finding: 'workload-secret-env-literal',
    },
    'configmap of credential keys': {
      content: fill(
        size,
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n',
        (i) => `  K${i}_PASSWORD: "v${i}-abcdefgh"\n`,
      ),
      finding: 'secret-in-configmap',
    },
    'embedded properties file': {
      content: fill(
        size,
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.properties: |\n',
        (i) => `    password${i}=abcdefghij${i}\n`,
      ),
      finding: 'secret-in-configmap',
    },
    'long lines of tokens': {
      // Lines of 64 KiB: longer than the embedded-file scan reads (10,000 characters), so only the
      // token patterns and the redactor see them.
      content: fill(
        size,
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n',
        (i) =>
          `  blob${i}: "${`ghp_${String(i).padStart(36, 'a')} https://u:p4ss${i}w0rd@db.example.com `.repeat(700)}"\n`,
      ),
      finding: 'secret-in-configmap',
    },
    'cluster role of rules': {
      content: fill(
        size,
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n',
        (i) => `  - {apiGroups: [""], resources: [secrets, p${i}], verbs: [get, create]}\n`,
      ),
      finding: 'rbac-secrets-read',
    },
    'deep flow nesting': {
      content: fill(
        size,
        'apiVersion: v1\nkind: Pod\nmetadata: {name: n}\nspec: {containers: [{name: a, image: nginx, securityContext: {privileged: true}}], x: [',
        (i) => `${'['.repeat(200)}${i}${']'.repeat(200)}, `,
        '0]}\n',
      ),
      finding: 'pss-privileged',
    },
    'json list of pods': {
      content: fill(
        size,
        '{"apiVersion": "v1", "kind": "List", "items": [\n',
        (i) =>
          `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p${i}"}, "spec": {"containers": [{"name": "a", "image": "nginx", "securityContext": {"privileged": true}}]}},\n`,
        '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "end"}}]}\n',
      ),
      finding: 'pss-privileged',
    },
    'many documents': {
      // At the 10,000-document limit, each document as large as that leaves room for.
      content: fill(size, '', (i) =>
        i < 9_999
          ? `---\n${pod(`p${i}`, Array.from({ length: Math.max(1, Math.floor((size / 10_000 - 90) / 66)) }, (_, c) => privileged(c)).join(''))}`
          : '',
      ),
      finding: 'pss-privileged',
    },
  };
}
