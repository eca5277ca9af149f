#!/usr/bin/env node
// Benchmark: the longest a single file can hold a worker. Files at the 5 MiB limit built to make one
// step (one resource through every rule) as costly as possible: a Pod of ~14,000 privileged
// containers (a finding each, located in the document), a ConfigMap of 120,000 credential keys, an
// embedded properties file of 150,000 password lines, a ClusterRole of 40,000 rules. Last line: the
// worst file's time against the 10 s bound (the bound is checked at every finding, so a file
// ends near it instead of running on), as a ratio. Needs `npm run build`.
const { scanFiles } = await import('../dist/engine/index.js');
const { resolveConfig } = await import('../dist/config/resolve.js');
const { loadPacks, builtinPacksDir } = await import('../dist/cli/load-config.js');
const { builtinRules } = await import('../dist/rules/index.js');
const { DEFAULT_LIMITS } = await import('../dist/manifests/index.js');

const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
const LIMIT = DEFAULT_LIMITS.maxFileBytes;

/** Repeats `item(i)` after `head` until the text is just under the size limit. */
function fill(head, item) {
  const parts = [head];
  let size = head.length;
  for (let i = 0; ; i++) {
    const next = item(i);
    if (size + next.length > LIMIT - 64) break;
    parts.push(next);
    size += next.length;
  }
  return parts.join('');
}

const files = {
  'pod of privileged containers': fill(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n',
    (i) => `    - name: c${i}\n      image: nginx\n      securityContext: {privileged: true}\n`,
  ),
  'configmap of credential keys': fill(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n',
    (i) => `  K${i}_PASSWORD: "v${i}-abcdefgh"\n`,
  ),
  'embedded properties file': fill(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.properties: |\n',
    (i) => `    password${i}=abcdefghij${i}\n`,
  ),
  'cluster role of rules': fill(
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n',
    (i) => `  - {apiGroups: [""], resources: [secrets, p${i}], verbs: [get, create]}\n`,
  ),
};

let worst = 0;
for (const [name, content] of Object.entries(files)) {
  const started = performance.now();
  const { findings } = scanFiles({
    files: [{ path: 'x.yaml', content }],
    rules: resolved.rules,
    options: resolved.options,
  });
  const ms = performance.now() - started;
  worst = Math.max(worst, ms);
  const bound = findings.some((f) => f.ruleId === 'rule-error' && /bound/.test(f.message));
  console.log(
    `${name}: ${(content.length / 2 ** 20).toFixed(2)} MiB, ${Math.round(ms)} ms, ${findings.length} findings${bound ? ', time bound reached' : ''}`,
  );
}
console.log(
  `worst file / bound: ${(worst / DEFAULT_LIMITS.maxFileMillis).toFixed(2)} (${Math.round(worst)} ms of ${DEFAULT_LIMITS.maxFileMillis} ms)`,
);
