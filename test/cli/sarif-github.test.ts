/** SARIF that GitHub code scanning takes as it is (issue 16). The multitool's Gh rules run in CI: .ci/sarif-github.sh. */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sarifReport, type CliIo } from '../../src/cli/run-cli.js';
import { catalogueRules } from '../../src/catalogue.js';
import type { Finding } from '../../src/model/index.js';
import { cli, newRepo, write } from './git-repo.js';

const pod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {privileged: true}\n';
const kyvernoWithContext =
  'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: needs-context}\nspec:\n  validationFailureAction: Enforce\n  rules:\n    - name: lookup\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      context:\n        - name: cm\n          apiCall: {urlPath: /api/v1/namespaces/default/configmaps}\n      validate:\n        message: x\n        deny: {}\n';

interface Log {
  runs: {
    tool: {
      driver: {
        rules: {
          id: string;
          fullDescription?: { text: string };
          help?: { text: string };
          properties?: Record<string, unknown>;
        }[];
      };
    };
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
const uris = (log: Log) =>
  [...new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))].sort();

describe('SARIF for GitHub code scanning', () => {
  it('URIs are relative to the git top level, whatever the working folder (scan and diff)', async () => {
    const dir = newRepo({ 'apps/team/pod.yaml': pod });
    const sub = join(dir, 'apps');
    const scan = JSON.parse((await cli(['scan', sub, '--format', 'sarif'], sub)).stdout) as Log;
    expect(uris(scan)).toEqual(['apps/team/pod.yaml']);
    write(dir, { 'apps/team/pod2.yaml': pod.replace('name: p,', 'name: q,') });
    const diff = JSON.parse(
      (await cli(['diff', '--base', 'HEAD', '--format', 'sarif', '--no-repo-checks'], join(dir, 'apps/team')))
        .stdout,
    ) as Log;
    expect(uris(diff)).toEqual(['apps/team/pod2.yaml']);
  });

  it('every referenced rule has a full description and help (GH2012), repository checks and policy findings included; notes are not security alerts', async () => {
    const dir = newRepo({ '.github/CODEOWNERS': '/docs/ @org/docs\n', 'docs/x.md': 'x\n' });
    write(dir, {
      'apps/pod.yaml': pod,
      'policies/kyverno.yaml': kyvernoWithContext,
      'values.yml': 'site_name: x\nemoji: !!python/name:material.emoji\n',
    });
    const { stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'sarif', '--repo-checks'], dir);
    const log = JSON.parse(stdout) as Log;
    const ids = log.runs[0]!.results.map((r) => r.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'codeowners-uncovered-file',
        'policy-not-evaluated',
        'non-manifest-parse-error',
        'pss-privileged',
      ]),
    );
    for (const rule of log.runs[0]!.tool.driver.rules) {
      expect({ id: rule.id, full: !!rule.fullDescription?.text, help: !!rule.help?.text }).toEqual({
        id: rule.id,
        full: true,
        help: true,
      });
    }
    const rule = (id: string) => log.runs[0]!.tool.driver.rules.find((r) => r.id === id)!;
    expect(rule('policy-not-evaluated').properties!['security-severity']).toBeUndefined();
    expect(rule('non-manifest-parse-error').properties!['security-severity']).toBeUndefined();
    expect(rule('pss-privileged').properties!['security-severity']).toBe('9.5');
  });

  it('warns above the 5,000 results GitHub shows per run', async () => {
    let stderr = '';
    const io: CliIo = {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      cwd: tmpdir(),
      isTTY: false,
      stderrIsTTY: false,
      today: '2026-06-01',
    };
    const finding = (i: number): Finding => ({
      ruleId: 'pss-privileged',
      severity: 'critical',
      message: 'm',
      file: `f${i}.yaml`,
      line: 1,
      column: 1,
      path: '',
      fingerprint: String(i),
    });
    await sarifReport(
      Array.from({ length: 5000 }, (_, i) => finding(i)),
      catalogueRules,
      tmpdir(),
      io,
    );
    expect(stderr).toBe('');
    await sarifReport(
      Array.from({ length: 5001 }, (_, i) => finding(i)),
      catalogueRules,
      tmpdir(),
      io,
    );
    expect(stderr).toMatch(/5001 SARIF results; GitHub code scanning shows at most 5000/);
  });
});
