/**
 * Hostile input (issue 17): what a pull-request author or a messy repository can put in front
 * of the gate. Each case asserts the outcome: the finding, the exit code, and that it ends in
 * time (a generous bound: the cases that used to hang took minutes or never ended).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookSecretProblem } from '../../src/app/webhook-secret.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { readPolicyFiles } from '../../src/cli/policies-loader.js';
import { diffChange } from '../../src/diff/index.js';
import { runRules, scanFiles } from '../../src/engine/index.js';
import { LINEAR_FALLBACK_FLAG } from '../../src/linear-regexps.js';
import { compilePattern, patternMatches } from '../../src/repo-checks/codeowners/pattern.js';
import { globMatch } from '../../src/model/glob.js';
import {
  DEFAULT_LIMITS,
  hasTemplateSyntax,
  loadManifestFile,
  looksLikeManifest,
} from '../../src/manifests/index.js';
import { isValidOwner, parseCodeowners } from '../../src/repo-checks/codeowners/parse.js';
import { builtinRules } from '../../src/rules/index.js';
import { cli, commit, newRepo, parseJson } from '../cli/git-repo.js';

const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
const scan = (files: { path: string; content: string | Uint8Array }[]) =>
  scanFiles({ files, rules: resolved.rules, options: resolved.options, today: '2026-06-01' });
const failing = (findings: { severity: string; suppressed?: unknown }[]) =>
  findings.filter((f) => !f.suppressed && (f.severity === 'high' || f.severity === 'critical'));

const privilegedPod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n';

/** Runs `fn` and returns its result with the milliseconds it took. */
function timed<T>(fn: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = fn();
  return { result, ms: performance.now() - started };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-hostile-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the gate fails closed on a manifest it cannot judge completely', () => {
  it('a privileged pod after 10,001 empty documents fails (limit at high), in scan', async () => {
    const dir = folder({ 'pod.yaml': '---\n'.repeat(10_001) + privilegedPod });
    const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(parseJson(stdout).findings).toContainEqual(
      expect.objectContaining({ ruleId: 'manifest-parse-error', severity: 'high' }),
    );
  });

  it('a privileged pod in a file padded past 5 MB with comments fails', async () => {
    const dir = folder({ 'pod.yaml': '# padding\n'.repeat(600_000) + privilegedPod });
    const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(parseJson(stdout).findings[0]).toMatchObject({ ruleId: 'manifest-parse-error', severity: 'high' });
  });

  it('a duplicate key with a {{ in a comment is a duplicate key, not a skipped template', () => {
    const text = `# render with {{ .Values }}\n${privilegedPod}        privileged: false\n`;
    const { findings } = scan([{ path: 'dup.yaml', content: text }]);
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: 'manifest-duplicate-key', severity: 'high' }),
    );
    expect(findings.map((f) => f.ruleId)).not.toContain('manifest-skipped');
  });

  it('a syntax error with {{ only inside a quoted string is a syntax error', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ name }}"\nspec: [\n`;
    expect(loadManifestFile('p.yaml', text).findings).toMatchObject([
      { ruleId: 'manifest-parse-error', severity: 'high' },
    ]);
  });

  it('template detection: {{ outside comments and strings only', () => {
    expect(hasTemplateSyntax('a: 1\n{{- if .Values.x }}\nb: 2\n')).toBe(true);
    expect(hasTemplateSyntax('a: 1 # {{ x }}\n')).toBe(false);
    expect(hasTemplateSyntax('a: \'{{ x }}\'\nb: "{{ y }}"\n')).toBe(false);
    expect(hasTemplateSyntax('a: |\n  # {{ x }}\n')).toBe(false);
  });

  it('a manifest-looking Helm template fails closed; a templated values file is a note', () => {
    const template = loadManifestFile(
      't.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- include "labels" . }}\n',
    );
    expect(template.findings).toMatchObject([{ ruleId: 'manifest-skipped', severity: 'high' }]);
    expect(loadManifestFile('values.yaml', 'a: [\n{{ x }}\n').findings).toMatchObject([
      { ruleId: 'manifest-skipped', severity: 'info' },
    ]);
  });

  it('a YAML file that is not a manifest and does not parse is a note; one that looks like a manifest fails', async () => {
    const dir = folder({
      'notes.yaml': 'title: [unclosed\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n',
    });
    const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    const bySeverity = Object.fromEntries(
      parseJson(stdout).findings.map((f) => [f.file.split('/').pop(), f.severity]),
    );
    expect(bySeverity).toEqual({ 'notes.yaml': 'info', 'pod.yaml': 'high' });
    const notes = await cli(['scan', join(dir, 'notes.yaml')], dir);
    expect(notes.code).toBe(0);
  });

  it('a manifest spelled with escapes still looks like one', () => {
    expect(looksLikeManifest('x.yaml', '"apiVers\\x69on": v1\n"\\u006bind": Pod\n')).toBe(true);
    expect(looksLikeManifest('x.yaml', 'title: hello\n')).toBe(false);
    expect(looksLikeManifest('kustomization.yaml', 'resources: []\n')).toBe(true);
  });

  it('binary content (UTF-16 YAML has NUL bytes) fails closed', () => {
    const utf16 = Buffer.from('\ufeff' + privilegedPod, 'utf16le');
    expect(loadManifestFile('pod.yaml', utf16).findings).toMatchObject([
      { ruleId: 'manifest-parse-error', severity: 'high' },
    ]);
  });

  it('a .json manifest with comments is said, not silently skipped', async () => {
    const json =
      '{\n  /* pod */\n  "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n  "spec": {"containers": [{"name": "a", "image": "x", "securityContext": {"privileged": true}}]}\n}\n';
    const dir = folder({ 'pod.json': json });
    const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    expect(parseJson(stdout).findings[0]!.message).toMatch(/JSON with comments/);
  });

  it('alias expansion is bounded by size as well as count (a Secret expanding to 3.6 GB)', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  a: &a "${big}"\n  list: [${Array(900).fill('*a').join(', ')}]\n`;
    const { result, ms } = timed(() =>
      loadManifestFile('secret.yaml', text, { ...DEFAULT_LIMITS, maxFileBytes: 8 * 1024 * 1024 }),
    );
    expect(result.findings).toMatchObject([{ ruleId: 'manifest-parse-error', severity: 'high' }]);
    expect(result.findings[0]!.message).toMatch(/characters/);
    expect(result.resources).toEqual([]);
    expect(ms).toBeLessThan(5000);
  });

  it('a YAML bomb (nodes) and absurd nesting fail closed', () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(',')}]`,
      );
    const bomb = loadManifestFile(
      'bomb.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  ${levels.join('\n  ')}\n`,
    );
    expect(bomb.findings).toMatchObject([{ ruleId: 'manifest-parse-error', severity: 'high' }]);
    const deep = loadManifestFile(
      'deep.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    );
    expect(deep.findings).toMatchObject([{ ruleId: 'manifest-parse-error', severity: 'high' }]);
  });

  it('a file past its time bound is a finding, not a hang (loader and rules)', () => {
    let clock = 0;
    const now = () => (clock += 1000);
    const text = `${privilegedPod}---\n${privilegedPod.replace('name: p', 'name: q')}`;
    // Clock readings: the start, the bound's start, each document (1000 ms apart): the second document is past 2500 ms.
    const loaded = loadManifestFile('slow.yaml', text, { ...DEFAULT_LIMITS, maxFileMillis: 2500 }, now);
    expect(loaded.findings).toMatchObject([{ ruleId: 'manifest-parse-error', severity: 'high', line: 10 }]);
    expect(loaded.resources).toHaveLength(1);
    const both = loadManifestFile('slow.yaml', text).resources;
    const findings = runRules(both, resolved.rules, resolved.options, {
      maxFileMillis: 0,
      now: () => (clock += 1),
    });
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'rule-error',
        severity: 'high',
        message: expect.stringMatching(/bound/),
      }),
    );
  });

  it('the time bound holds inside one step: a rule reporting on a pod of thousands of containers is stopped at a finding', () => {
    // One resource is one step between the bound's checks; a 5 MB Pod holds ~15,000 containers, each
    // finding located in it. The bound is also checked at every report, so the step ends there.
    const containers = Array.from(
      { length: 3_000 },
      (_, i) => `    - name: c${i}\n      image: nginx\n      securityContext: {privileged: true}\n`,
    ).join('');
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n${containers}---\n${privilegedPod}`;
    const { resources } = loadManifestFile('big.yaml', text);
    let clock = 0;
    let reports = 0;
    const counting = {
      ...resolved.rules.find((r) => r.rule.id === 'pss-privileged')!,
    };
    const check = counting.rule.check;
    counting.rule = {
      ...counting.rule,
      check: (resource, context) =>
        check(resource, { ...context, report: (input) => (reports++, context.report(input)) }),
    };
    // Each clock reading is one millisecond: 500 ms of budget are spent inside the first resource.
    const findings = runRules(resources, [counting], resolved.options, {
      maxFileMillis: 500,
      now: () => clock++,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'rule-error',
        severity: 'high',
        resource: expect.objectContaining({ name: 'big' }),
        message: expect.stringMatching(/bound, in rule pss-privileged on this resource/),
      }),
    ]);
    expect(reports).toBeLessThan(600); // stopped inside the step, not after 3,000 findings
  });

  it('the configured severity of a loader rule applies to manifest-looking files only', () => {
    const strict = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {
      rules: { 'manifest-parse-error': 'critical' },
    });
    const { findings } = scanFiles({
      files: [
        { path: 'a.yaml', content: 'apiVersion: v1\nkind: Pod\nx: [\n' },
        { path: 'b.yaml', content: 'x: [\n' },
      ],
      rules: strict.rules,
      options: strict.options,
    });
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'info']);
  });
});

describe('a suppression the change adds does not suppress the change', () => {
  const annotated = privilegedPod.replace(
    'metadata: {name: p, namespace: apps}',
    'metadata:\n  name: p\n  namespace: apps\n  annotations:\n    gitops-guard.io/ignore: pss-privileged\n    gitops-guard.io/ignore-reason: trust me',
  );
  const diff = (
    base: string | undefined,
    head: string,
    configFile?: string,
    extra: { path: string; base?: string; head?: string }[] = [],
  ) =>
    diffChange({
      files: [
        { path: 'pod.yaml', status: base ? 'modified' : 'added', ...(base ? { base } : {}), head },
        ...extra.map((e) => ({ ...e, status: 'modified' as const })),
      ],
      rules: resolved.rules,
      options: resolved.options,
      today: '2026-06-01',
      ...(configFile ? { configFile } : {}),
    });

  it('the pull request makes the pod privileged and adds gitops-guard.io/ignore to it: the gate fails', () => {
    const result = diff(privilegedPod.replace('privileged: true', 'privileged: false'), annotated);
    const privileged = result.findings.find(
      (f) => f.ruleId === 'pss-privileged' && f.status === 'introduced',
    );
    expect(privileged).toBeDefined();
    expect(privileged!.suppressed).toBeUndefined();
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'suppression-added',
        status: 'introduced',
        severity: 'high',
        line: 7,
      }),
    );
  });

  it('once the suppression is on the base branch it applies', () => {
    const result = diff(annotated, annotated.replace('image: nginx', 'image: nginx:1.27'));
    expect(result.findings.find((f) => f.ruleId === 'pss-privileged')?.suppressed).toMatchObject({
      by: 'annotation',
    });
    expect(result.findings.map((f) => f.ruleId)).not.toContain('suppression-added');
  });

  it('an exception the change adds to the configuration is said (the configuration comes from base)', () => {
    const config = '.github/gitops-guard.yml';
    const result = diff(privilegedPod, privilegedPod, config, [
      {
        path: config,
        base: 'severityThreshold: high\n',
        head: 'severityThreshold: high\nexceptions:\n  - rule: pss-privileged\n    reason: trust me\n',
      },
    ]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'suppression-added', file: config, line: 3, status: 'introduced' }),
    );
  });

  it('end to end with git: diff exits 1', async () => {
    const dir = newRepo({ 'pod.yaml': privilegedPod.replace('privileged: true', 'privileged: false') });
    commit(dir, { 'pod.yaml': annotated });
    const { code, stdout } = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    expect(parseJson(stdout).findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['pss-privileged', 'suppression-added']),
    );
  });
});

describe('symbolic links, special files and unreadable paths', () => {
  const secretOutside = () =>
    folder({
      'credentials.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: runner}\nstringData:\n  token: hunter2-outside-secret\n`,
    });

  it('scan never reads through a symlink that leaves the repository: it is judged as its target path', async () => {
    const outside = secretOutside();
    const dir = folder({ 'apps/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
    symlinkSync(join(outside, 'credentials.yaml'), join(dir, 'apps', 'creds.yaml'));
    symlinkSync('/dev/zero', join(dir, 'apps', 'zero.yaml'));
    const { result, ms } = timed(() => cli(['scan', dir, '--format', 'json'], dir));
    const { code, stdout } = await result;
    expect(ms).toBeLessThan(10_000);
    expect(stdout).not.toContain('hunter2');
    expect(code).toBe(0);
  });

  it('a symlink loop given as the path, a dangling link and a FIFO are findings or notes, never a crash or a hang', async () => {
    const dir = folder({});
    symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const explicit = await cli(['scan', join(dir, 'loop.yaml'), '--format', 'json'], dir);
    expect(explicit.code).toBe(0); // judged as what git stores: the text "loop.yaml"
    const walked = await cli(['scan', dir, '--format', 'json'], dir);
    expect(walked.code).toBe(0);
    expect(parseJson(walked.stdout).findings).toEqual([
      expect.objectContaining({ file: expect.stringContaining('pipe.yaml'), severity: 'info' }),
    ]);
  });

  // An unreadable file (EACCES): test/hostile/unreadable.test.ts, which drops root's capabilities.

  it('the loader turns what an adapter could not read into a finding on the path', () => {
    expect(loadManifestFile('x.yaml', { unreadable: 'permission denied' }).findings).toMatchObject([
      { ruleId: 'manifest-parse-error', severity: 'high' },
    ]);
    expect(
      loadManifestFile('p.yaml', { unreadable: 'a FIFO', cannotHoldManifest: true }).findings,
    ).toMatchObject([{ severity: 'info' }]);
  });

  it('diff on the work tree never prints the target of a symlink leaving the repository', async () => {
    const outside = secretOutside();
    const dir = newRepo({ 'apps/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
    symlinkSync(join(outside, 'credentials.yaml'), join(dir, 'apps', 'creds.yaml'));
    const workTree = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(workTree.stdout + workTree.stderr).not.toContain('hunter2');
    commit(dir, {});
    const committed = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(committed.stdout + committed.stderr).not.toContain('hunter2');
    expect(committed.code).toBe(0);
  });

  it('symlink loops in the custom rule folder end at once', () => {
    const dir = folder({ '.github/gitops-guard/policies/rule.yaml': 'id: x\n' });
    const policies = join(dir, '.github/gitops-guard/policies');
    symlinkSync('.', join(policies, 'a'));
    symlinkSync('.', join(policies, 'b'));
    symlinkSync('/etc', join(policies, 'etc'));
    const { result, ms } = timed(() => readPolicyFiles(dir, ['.github/gitops-guard/policies']));
    expect(result.map((f) => f.path)).toEqual(['.github/gitops-guard/policies/rule.yaml']);
    expect(ms).toBeLessThan(2000);
  });
});

describe('nothing from the repository can hang us', () => {
  it('the line locator on ":#" x 40,000 plus U+2028 in a container argument', () => {
    const arg = ':#'.repeat(40_000) + '\u2028';
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx\n      args:\n        - "${arg}"\n      securityContext:\n        privileged: true\n        x: ${arg}\n`;
    const { result, ms } = timed(() => scan([{ path: 'p.yaml', content: text }]));
    expect(result.findings).toContainEqual(expect.objectContaining({ ruleId: 'pss-privileged', line: 11 }));
    expect(ms).toBeLessThan(5000);
  });

  it('a duplicate `? a` key line followed by 150,000 spaces', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  ? a\n  : 1\n  ? a${' '.repeat(150_000)}\n  : 2\n`;
    const { result, ms } = timed(() => loadManifestFile('dup.yaml', text));
    expect(result.findings[0]).toMatchObject({ severity: 'high' });
    expect(ms).toBeLessThan(5000);
  });

  it('a key followed by 150,000 spaces on a located path', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a${' '.repeat(150_000)}x\n      image: nginx\n      securityContext:\n        privileged: true\n`;
    const { result, ms } = timed(() => scan([{ path: 'p.yaml', content: text }]));
    expect(result.findings.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
  });

  it('an AppProject sourceRepos entry `a://x/***...:` of 120 KB', () => {
    const entry = 'a://x/' + '*'.repeat(120_000) + ':';
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p, namespace: argocd}\nspec:\n  sourceRepos:\n    - "${entry}"\n    - "https://github.com/*"\n`;
    const { result, ms } = timed(() => scan([{ path: 'p.yaml', content: text }]));
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'argocd-project-wildcard-source-repos', line: 7 }),
    );
    expect(ms).toBeLessThan(5000);
  });

  it('a CODEOWNERS owner token of 400 KB, and one of many stars against a long path', () => {
    const token = 'a@' + '.a'.repeat(200_000) + '.@';
    const { result, ms } = timed(() => [isValidOwner(token), parseCodeowners(`* ${token}\n`)]);
    expect(result[0]).toBe(false);
    expect(ms).toBeLessThan(5000);
    expect(isValidOwner('dev@example.com')).toBe(true);
    expect(isValidOwner('dev@example')).toBe(false);
  });

  it('a CODEOWNERS pattern or a glob of many stars against a long path ends: RE2, no backtracking (no V8 flag here)', () => {
    // Jest workers run without V8's linear fallback: a backtracking matcher would not end.
    expect(process.execArgv.join(' ')).not.toContain(LINEAR_FALLBACK_FLAG);
    const path = 'a'.repeat(200_000) + '/b';
    const { result, ms } = timed(() => [
      patternMatches(compilePattern('*a'.repeat(40)), 'a'.repeat(200_000) + 'b'),
      patternMatches(compilePattern('**/' + '*a'.repeat(40) + '/c'), path),
      globMatch(path, `${'*a'.repeat(40)}/c`, { dot: true }),
      globMatch(`${'x/'.repeat(2_000)}y`, `${'**/x/'.repeat(200)}z`),
    ]);
    expect(result).toEqual([false, false, false, false]);
    expect(ms).toBeLessThan(10_000);
  });

  it('secret detection on key=value lines and template references of hostile shape', () => {
    const lines = [
      `password=${' '.repeat(100_000)}x${' '.repeat(100_000)},`,
      `token: ${'#{'.repeat(100_000)}`,
      `key: v${' \t'.repeat(100_000)}#c`,
    ].join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.properties: |\n${lines
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\n`;
    const { ms } = timed(() => scan([{ path: 'c.yaml', content: text }]));
    expect(ms).toBeLessThan(5000);
  });
});

describe('the app refuses to start without a webhook secret', () => {
  const credentials = { APP_ID: '1', PRIVATE_KEY: 'k' };
  it('in production, and outside it unless a development run says so', () => {
    expect(webhookSecretProblem({ ...credentials, NODE_ENV: 'production' })).toMatch(/production/);
    expect(
      webhookSecretProblem({ ...credentials, NODE_ENV: 'production', GITOPS_GUARD_DEVELOPMENT: '1' }),
    ).toMatch(/production/);
    expect(webhookSecretProblem({ ...credentials })).toMatch(/GITOPS_GUARD_DEVELOPMENT/);
    expect(webhookSecretProblem({ ...credentials, GITOPS_GUARD_DEVELOPMENT: '1' })).toBeUndefined();
    expect(
      webhookSecretProblem({ ...credentials, WEBHOOK_SECRET: 's3cret', NODE_ENV: 'production' }),
    ).toBeUndefined();
    expect(webhookSecretProblem({})).toBeUndefined(); // Probot's setup flow writes the secret
  });
});

describe('properties', () => {
  it('the loader never throws and a manifest-looking file it cannot judge is never below high', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('', '{{ x }}\n', '# {{ c }}\n', 'a: [\n', 'k: 1\nk: 2\n'),
        (body, noise) => {
          const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${noise}${body}`;
          const loaded = loadManifestFile('f.yaml', text);
          for (const f of loaded.findings) expect(f.severity).toBe('high');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a file that does not name apiVersion or kind never fails the gate', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        fc.pre(!text.includes('apiVersion') && !text.includes('kind') && !text.includes('\\'));
        expect(failing(loadManifestFile('values.yaml', text).findings)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('suppression annotations only apply from the base side', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (onBase, onHead) => {
        const annotate = (yes: boolean) =>
          yes
            ? privilegedPod.replace(
                'metadata: {name: p, namespace: apps}',
                'metadata: {name: p, namespace: apps, annotations: {gitops-guard.io/ignore: pss-privileged, gitops-guard.io/ignore-reason: r}}',
              )
            : privilegedPod;
        const result = diffChange({
          files: [{ path: 'p.yaml', status: 'modified', base: annotate(onBase), head: annotate(onHead) }],
          rules: resolved.rules,
          options: resolved.options,
        });
        const privileged = result.findings.find((f) => f.ruleId === 'pss-privileged' && f.status !== 'fixed');
        expect(Boolean(privileged?.suppressed)).toBe(onBase && onHead);
        expect(result.findings.some((f) => f.ruleId === 'suppression-added')).toBe(onHead && !onBase);
      }),
    );
  });
});
