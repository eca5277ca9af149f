/**
 * Each file has a time bound that covers its loading, its secrets and its rules (issue 17): the
 * cases of bench/worst-step.mjs, smaller and under a short bound, through `scan`. Each asserts the
 * outcome (the file fails: its own finding or the time-bound finding, exit 1) and that the scan
 * ends within a generous multiple of the bound; the benchmark measures how close to it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { runRules } from '../../src/engine/index.js';
import { DEFAULT_LIMITS, loadManifestFile } from '../../src/manifests/index.js';
import { redactFindings, Redactor } from '../../src/redaction/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { cli, parseJson } from '../cli/git-repo.js';
// @ts-expect-error plain JS helper shared with bench/worst-step.mjs
import { worstStepCases } from '../helpers/worst-step-cases.mjs';

const BOUND = 1_000;
const SIZE = 512 * 1024;
const cases = Object.entries(worstStepCases(SIZE) as Record<string, { content: string; finding: string }>);
const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
const atBound = (message: string) => /took longer than the \d+ ms bound|time bound/.test(message);

describe('a file past its time bound is a finding, not a hang (scan)', () => {
  const original = DEFAULT_LIMITS.maxFileMillis;
  beforeAll(() => {
    DEFAULT_LIMITS.maxFileMillis = BOUND; // the CLI reads the default limits
  });
  afterAll(() => {
    DEFAULT_LIMITS.maxFileMillis = original;
  });

  it.each(cases)(
    '%s',
    async (_name, { content, finding }) => {
      const dir = mkdtempSync(join(tmpdir(), 'gg-bound-'));
      writeFileSync(join(dir, 'worst.yaml'), content);
      const started = performance.now();
      const { code, stdout } = await cli(['scan', dir, '--format', 'json', '--min-severity', 'high'], dir);
      const ms = performance.now() - started;
      expect(code).toBe(1);
      const findings = parseJson(stdout).findings;
      expect(findings.some((f) => f.ruleId === finding || atBound(f.message))).toBe(true);
      expect(findings.every((f) => f.file.endsWith('worst.yaml'))).toBe(true);
      // Guards against a hang only (the old quadratic steps took minutes): the figure is the benchmark's.
      expect(ms).toBeLessThan(30 * BOUND);
    },
    120_000,
  );
});

describe('the bound covers every step of a file', () => {
  it('loading: a file whose loading outlasts the bound is a high finding on the document not loaded', () => {
    let clock = 0;
    const text = Array.from(
      { length: 5 },
      (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\n`,
    ).join('---\n');
    // Each clock reading is 100 ms: the start, the bound's start, then one per document.
    const loaded = loadManifestFile(
      'slow.yaml',
      text,
      { ...DEFAULT_LIMITS, maxFileMillis: 350 },
      () => (clock += 100),
    );
    expect(loaded.resources.length).toBeLessThan(5);
    expect(loaded.findings).toEqual([
      expect.objectContaining({
        ruleId: 'manifest-parse-error',
        severity: 'high',
        message: expect.stringMatching(/bound/),
      }),
    ]);
  });

  it('time spent loading counts against the rules: a file that used its time loading is not judged', () => {
    const { resources } = loadManifestFile(
      'a.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx}]}\n',
    );
    const findings = runRules(resources, resolved.rules, resolved.options, {
      maxFileMillis: 1000,
      spent: new Map([['a.yaml', 1500]]),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'rule-error',
        severity: 'high',
        message: expect.stringMatching(/bound/),
      }),
    ]);
  });

  it('secrets: a file whose secrets are not all collected in time has its findings withheld, not half-redacted', () => {
    const { resources } = loadManifestFile(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  DB_PASSWORD: "hunter2-s3cr3t-value"\n',
    );
    const spent = new Map([['cm.yaml', 2000]]);
    const redactor = Redactor.forResources(resources, { maxFileMillis: 1000, spent });
    expect(redactor.withholds('cm.yaml')).toBe(true);
    const finding = {
      ruleId: 'secret-in-configmap',
      severity: 'high' as const,
      message: 'DB_PASSWORD is hunter2-s3cr3t-value',
      file: 'cm.yaml',
      line: 5,
      column: 3,
      path: 'data.DB_PASSWORD',
      fingerprint: 'f',
      fix: {
        description: 'remove hunter2-s3cr3t-value',
        edits: [{ startLine: 5, endLine: 5, newText: '  DB_PASSWORD: hunter2-s3cr3t-value' }],
      },
    };
    const [withheld] = redactFindings([finding], redactor);
    expect(withheld).toMatchObject({
      ruleId: 'secret-in-configmap',
      severity: 'high',
      file: 'cm.yaml',
      line: 5,
    });
    expect(withheld!.message).toMatch(/withheld/);
    expect(withheld!.fix).toBeUndefined();
    // Other files' findings are redacted as usual.
    expect(redactFindings([{ ...finding, file: 'other.yaml' }], redactor)[0]!.message).toBe(finding.message);
  });

  it('a rule that swallows the breach is still stopped (the bound stays spent)', () => {
    const { resources } = loadManifestFile(
      'p.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n',
    );
    let clock = 0;
    const swallowing = {
      ...resolved.rules[0]!,
      rule: {
        ...resolved.rules[0]!.rule,
        id: 'swallowing',
        match: undefined,
        check: (
          _resource: unknown,
          context: { report: (input: { path: string[]; message: string }) => void },
        ) => {
          clock += 5000;
          try {
            context.report({ path: [], message: 'first' });
          } catch {
            // treats every error as "nothing found"
          }
        },
      },
    };
    const findings = runRules(resources, [swallowing] as never, resolved.options, {
      maxFileMillis: 1000,
      now: () => clock,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'rule-error',
        severity: 'high',
        message: expect.stringMatching(/bound, in rule swallowing/),
      }),
    ]);
  });
});
