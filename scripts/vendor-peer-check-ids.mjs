#!/usr/bin/env node
// Writes test/meta/peer-checks/<tool>.json: every check id a peer scanner publishes, read from the
// peer's own source at one commit, so the references meta-test can hold each rule reference
// against it. Run by hand when bumping a peer: node scripts/vendor-peer-check-ids.mjs TOOL GITDIR
// (GITDIR is a clone or bare mirror of the peer's repository; HEAD is read).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const git = (dir, ...args) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const list = (dir, path) =>
  git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', path).split('\n').filter(Boolean);
const show = (dir, path) => git(dir, 'show', `HEAD:${path}`);

/** Per tool: repository, where the ids live, and how to read them. */
const TOOLS = {
  polaris: {
    repository: 'https://github.com/FairwindsOps/polaris',
    source: 'pkg/config/checks/*.yaml (the check id is the file name)',
    read: (dir) =>
      list(dir, 'pkg/config/checks')
        .filter((p) => p.endsWith('.yaml'))
        .map((p) => ({
          id: p.replace(/^.*\//, '').replace(/\.yaml$/, ''),
          title: parse(show(dir, p)).failureMessage,
        })),
  },
  'kube-linter': {
    repository: 'https://github.com/stackrox/kube-linter',
    source: 'pkg/builtinchecks/yamls/*.yaml (`name`)',
    read: (dir) =>
      list(dir, 'pkg/builtinchecks/yamls')
        .filter((p) => p.endsWith('.yaml'))
        .map((p) => {
          const doc = parse(show(dir, p));
          return { id: doc.name, title: doc.description };
        }),
  },
  checkov: {
    repository: 'https://github.com/bridgecrewio/checkov',
    source:
      'checkov/kubernetes/checks/resource/k8s/*.py (`id = "CKV_K8S_n"`) and checkov/kubernetes/checks/graph_checks/*.yaml (`metadata.id`)',
    read: (dir) => {
      const out = [];
      for (const p of list(dir, 'checkov/kubernetes/checks/resource')) {
        if (!p.endsWith('.py')) continue;
        const text = show(dir, p);
        const id = /\bid = "(CKV_K8S_\d+)"/.exec(text)?.[1];
        if (id) out.push({ id, title: /\bname = "([^"]*)"/.exec(text)?.[1] });
      }
      for (const p of list(dir, 'checkov/kubernetes/checks/graph_checks')) {
        if (!p.endsWith('.yaml')) continue;
        // Read by pattern: some of these files are YAML only to PyYAML (a quoted scalar spans lines).
        const text = show(dir, p);
        const id = /^\s+id: *"?(CKV2_K8S_\d+)/m.exec(text)?.[1];
        if (id) out.push({ id, title: /^\s+name: *"?([^"\n]*)/m.exec(text)?.[1] });
      }
      return out;
    },
  },
  trivy: {
    repository: 'https://github.com/aquasecurity/trivy-checks',
    source:
      'checks/kubernetes/*.rego METADATA (`custom.id`, the KSV-* checks; `aliases` keeps the legacy KSVnnn spelling)',
    read: (dir) =>
      list(dir, 'checks/kubernetes')
        .filter((p) => p.endsWith('.rego') && !p.endsWith('_test.rego'))
        .map((p) => {
          // The METADATA comment block: the comment lines that follow `# METADATA`.
          const lines = show(dir, p).split('\n');
          const start = lines.indexOf('# METADATA');
          const end = lines.findIndex((l, i) => i > start && !l.startsWith('#'));
          const meta = parse(
            lines
              .slice(start + 1, end)
              .map((l) => l.replace(/^# ?/, ''))
              .join('\n'),
          );
          const legacy = (meta.custom.aliases ?? []).filter((a) => /^KSV\d+$/.test(a));
          return { id: meta.custom.id, aliases: legacy.length ? legacy : undefined, title: meta.title };
        })
        .filter((c) => c.id.startsWith('KSV-')),
  },
  kubescape: {
    repository: 'https://github.com/kubescape/regolibrary',
    source: 'controls/*.json (`controlID`)',
    read: (dir) =>
      list(dir, 'controls')
        .filter((p) => p.endsWith('.json'))
        .map((p) => {
          const doc = JSON.parse(show(dir, p));
          return { id: doc.controlID, title: doc.name };
        }),
  },
};

const [tool, dir] = process.argv.slice(2);
const spec = TOOLS[tool];
if (!spec || !dir) {
  console.error(`usage: vendor-peer-check-ids.mjs (${Object.keys(TOOLS).join('|')}) GITDIR`);
  process.exit(2);
}
const checks = spec.read(dir).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const ids = new Set();
for (const c of checks) {
  if (ids.has(c.id)) throw new Error(`${tool}: duplicate id ${c.id}`);
  ids.add(c.id);
}
const out = {
  tool,
  repository: spec.repository,
  commit: git(dir, 'rev-parse', 'HEAD').trim(),
  version: git(dir, 'describe', '--tags').trim(),
  committed: git(dir, 'log', '-1', '--format=%cI').trim(),
  source: spec.source,
  checks,
};
const file = join(root, 'test', 'meta', 'peer-checks', `${tool}.json`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${file}: ${checks.length} checks`);
