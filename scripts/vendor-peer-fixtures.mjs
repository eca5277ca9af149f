#!/usr/bin/env node
// Writes test/conformance/peers/<tool>.json: the peer scanner's own labelled fixtures for the checks
// gitops-guard rules reference (`references.<tool>` in src/), read from the peer's repository at
// one commit, for test/conformance/peer-fixtures.test.ts.
// Usage: node scripts/vendor-peer-fixtures.mjs (polaris|kube-linter|checkov|trivy) GITDIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [tool, dir] = process.argv.slice(2);
const git = (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const list = (path) => git('ls-tree', '-r', '--name-only', 'HEAD', path).split('\n').filter(Boolean);
const show = (path) => git('show', `HEAD:${path}`);

/** Check ids the rules reference for `tool`, read from the rule sources. */
function referencedChecks() {
  const ids = new Set();
  const key = tool === 'kube-linter' ? "'kube-linter'" : tool;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
        const m = new RegExp(`${key.replace(/[-']/g, (c) => `\\${c}`)}: \\[([^\\]]*)\\]`).exec(
          readFileSync(p, 'utf8'),
        );
        if (m) for (const id of m[1].matchAll(/'([^']+)'/g)) ids.add(id[1]);
      }
    }
  };
  walk(join(root, 'src'));
  return ids;
}

const checks = referencedChecks();
const fixtures = [];
const skipped = [];

if (tool === 'polaris') {
  // test/checks/<check>/(success|failure).<name>.yaml
  for (const p of list('test/checks')) {
    const m = /^test\/checks\/([^/]+)\/(success|failure)\.(.+)\.ya?ml$/.exec(p);
    if (!m || !checks.has(m[1])) continue;
    fixtures.push({
      check: m[1],
      name: m[3],
      expect: m[2] === 'success' ? 'pass' : 'fail',
      file: p,
      yaml: show(p),
    });
  }
} else if (tool === 'kube-linter') {
  // tests/checks/<file>.yml holds several objects; e2etests/bats-tests.sh lints it with one check and
  // counts the reports. Objects named `dont-fire*` are the passing ones; the rest must fail, which
  // is only taken when their number equals the report count of the e2e test.
  const bats = show('e2etests/bats-tests.sh');
  for (const check of checks) {
    const block = new RegExp(`@test "${check}" \\{([\\s\\S]*?)\\n\\}`).exec(bats)?.[1];
    const file = block && /tmp="(tests\/checks\/[^"]+)"/.exec(block)?.[1];
    const count = block && /\[\[ "\$\{count\}" == "(\d+)" \]\]/.exec(block)?.[1];
    if (!file || !count) {
      skipped.push({ check, reason: 'no e2e test with a report count' });
      continue;
    }
    const docs = parseAllDocuments(show(file))
      .map((d) => d.toJS())
      .filter((o) => o && typeof o === 'object');
    const failing = docs.filter((o) => !String(o.metadata?.name ?? '').startsWith('dont-fire'));
    if (failing.length !== Number(count)) {
      skipped.push({
        check,
        reason: `${failing.length} objects not named dont-fire* but ${count} reports expected`,
      });
      continue;
    }
    docs.forEach((o, i) => {
      const name = `${o.kind}/${o.metadata?.name ?? '?'}#${i}`;
      fixtures.push({
        check,
        name,
        expect: String(o.metadata?.name ?? '').startsWith('dont-fire') ? 'pass' : 'fail',
        file,
        yaml: stringify(o),
      });
    });
  }
} else if (tool === 'checkov') {
  // tests/kubernetes/checks/example_<Check>/<name>-(PASSED|FAILED).(yaml|yml|json); the check class is
  // mapped to its id through checkov/kubernetes/checks/resource/k8s/<Check>.py.
  const classToId = new Map();
  for (const p of list('checkov/kubernetes/checks/resource/k8s')) {
    const id = /\bid = "(CKV_K8S_\d+)"/.exec(show(p))?.[1];
    if (id) classToId.set(p.replace(/^.*\//, '').replace(/\.py$/, ''), id);
  }
  // Tests that list their passing and failing resources (`Kind.namespace.name`) label each object of
  // their example folder, whatever the file is called.
  const labelled = new Set();
  // A test's example folder, when it is not named after the check class: file-name labels count only
  // when one check reads the folder (a folder shared by several checks is labelled per check elsewhere).
  const folderChecks = new Map();
  for (const t of list('tests/kubernetes/checks')) {
    if (!/\/test_\w+\.py$/.test(t)) continue;
    const text = show(t);
    const check = classToId.get(
      /from checkov\.kubernetes\.checks\.resource\.k8s\.(\w+) import check/.exec(text)?.[1] ?? '',
    );
    const folder = /"\/(example_\w+)"/.exec(text)?.[1];
    // Only a folder named after the class (example_Tiller, example_NginxIngressCVE202125742 for
    // NginxIngressCVE202125742AllSnippets): a folder of another purpose (example_Suppressed) labels
    // by another criterion.
    const cls = /import check/.test(text) ? /checks\.resource\.k8s\.(\w+) import/.exec(text)?.[1] : undefined;
    if (check && folder && cls?.startsWith(folder.slice('example_'.length)))
      folderChecks.set(folder, [...(folderChecks.get(folder) ?? []), check]);
    const set = (name) => new RegExp(`${name} = \\{([^}]*)\\}`).exec(text)?.[1];
    const passing = set('passing_resources');
    const failing = set('failing_resources');
    if (!check || !checks.has(check) || !folder || passing === undefined || failing === undefined) continue;
    const ids = (body) => new Set([...body.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]));
    const pass = ids(passing);
    const fail = ids(failing);
    for (const p of list(`tests/kubernetes/checks/${folder}`)) {
      if (!/\.(ya?ml|json)$/.test(p)) continue;
      let docs;
      try {
        docs = p.endsWith('.json') ? [JSON.parse(show(p))] : parseAllDocuments(show(p)).map((d) => d.toJS());
      } catch {
        continue;
      }
      for (const o of docs) {
        if (!o || typeof o !== 'object' || !o.kind || !o.metadata?.name) continue;
        const id = `${o.kind}.${o.metadata.namespace ?? 'default'}.${o.metadata.name}`;
        const expect = pass.has(id) ? 'pass' : fail.has(id) ? 'fail' : undefined;
        if (!expect) continue;
        fixtures.push({ check, name: id, expect, file: p, yaml: stringify(o) });
        labelled.add(check);
      }
    }
  }
  for (const p of list('tests/kubernetes/checks')) {
    const m = /^tests\/kubernetes\/checks\/example_([^/]+)\/(.+)-(PASSED|FAILED)\.(ya?ml|json)$/.exec(p);
    if (!m) continue;
    const readers = folderChecks.get(`example_${m[1]}`) ?? [];
    if (readers.length > 1) {
      for (const c of readers.filter((c) => checks.has(c) && !labelled.has(c))) {
        const reason = `example_${m[1]}: its file names label ${readers.length} checks at once`;
        if (!skipped.some((x) => x.check === c && x.reason === reason)) skipped.push({ check: c, reason });
      }
      continue;
    }
    const check = classToId.get(m[1]) ?? readers[0];
    if (!check || !checks.has(check) || labelled.has(check)) continue;
    let yaml = show(p);
    if (m[4] === 'json') yaml = stringify(JSON.parse(yaml));
    fixtures.push({ check, name: m[2], expect: m[3] === 'PASSED' ? 'pass' : 'fail', file: p, yaml });
  }
} else if (tool === 'trivy') {
  // checks/kubernetes/*_test.rego: `test_* if { r := deny with input as {...} ... count(r) == N }`.
  // Only literal inputs with no other `with` are taken; the Rego object literal is read as YAML flow.
  for (const p of list('checks/kubernetes')) {
    if (!p.endsWith('_test.rego')) continue;
    const text = show(p);
    const check = /^package builtin\.kubernetes\.(KSV\d+)/m.exec(text)?.[1];
    if (!check) continue;
    const id = `KSV-${check.slice(3).padStart(4, '0')}`;
    if (!checks.has(id)) continue;
    for (const m of text.matchAll(/^(test_\w+) if \{\n([\s\S]*?)^\}/gm)) {
      const body = m[2];
      const start = body.indexOf('deny with input as {');
      const expectation = /count\(r\) (==|>) (\d+)/.exec(body);
      if (start < 0 || !expectation) {
        skipped.push({ check: id, reason: `${m[1]}: no literal input or no count` });
        continue;
      }
      let depth = 0;
      let end = start + 'deny with input as '.length;
      for (; end < body.length; end++) {
        if (body[end] === '{') depth++;
        else if (body[end] === '}' && --depth === 0) break;
      }
      const rest = body.slice(end + 1, body.indexOf('\n', end + 1));
      if (/\bwith\b/.test(rest)) {
        skipped.push({ check: id, reason: `${m[1]}: input needs data (${rest.trim()})` });
        continue;
      }
      let object;
      try {
        object = parseYaml(body.slice(start + 'deny with input as '.length, end + 1));
      } catch {
        skipped.push({ check: id, reason: `${m[1]}: input is not a literal` });
        continue;
      }
      const fails = expectation[1] === '>' || Number(expectation[2]) > 0;
      fixtures.push({
        check: id,
        name: m[1],
        expect: fails ? 'fail' : 'pass',
        file: p,
        yaml: stringify(object),
      });
    }
  }
} else {
  console.error('usage: vendor-peer-fixtures.mjs (polaris|kube-linter|checkov|trivy) GITDIR');
  process.exit(2);
}

fixtures.sort(
  (a, b) => a.check.localeCompare(b.check) || a.file.localeCompare(b.file) || a.name.localeCompare(b.name),
);
const repository = {
  polaris: 'https://github.com/FairwindsOps/polaris',
  'kube-linter': 'https://github.com/stackrox/kube-linter',
  checkov: 'https://github.com/bridgecrewio/checkov',
  trivy: 'https://github.com/aquasecurity/trivy-checks',
}[tool];
const out = {
  tool,
  repository,
  commit: git('rev-parse', 'HEAD').trim(),
  committed: git('log', '-1', '--format=%cI').trim(),
  version: git('describe', '--tags').trim(),
  skipped,
  fixtures,
};
const file = join(root, 'test', 'conformance', 'peers', `${tool}.json`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(
  `${file}: ${fixtures.length} fixtures of ${new Set(fixtures.map((f) => f.check)).size} checks, ${skipped.length} skipped`,
);
