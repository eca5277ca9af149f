import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, commit, git, newRepo, type JsonFinding } from '../cli/git-repo.js';
import { packagedSubchart, PARENT_CHART } from '../helpers/vendored-chart.js';

/**
 * A chart whose dependency is vendored as a packaged `.tgz` in its `charts/` folder, judged by
 * `gitops-guard diff` on git objects: the archive reaches the temporary copy byte for byte
 * (git cat-file), so the subchart renders and its findings get a status. Real helm (bundled).
 */

describe('diff renders a chart with a vendored .tgz subchart from git objects', () => {
  it('a value turning the subchart privileged is introduced at its values line; nothing is refused', async () => {
    const dir = newRepo(PARENT_CHART);
    mkdirSync(join(dir, 'charts/web/charts'));
    writeFileSync(join(dir, 'charts/web/charts/sub-0.1.0.tgz'), packagedSubchart());
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'vendored subchart');
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'charts/web/values.yaml': 'sub:\n  privileged: true\n' });
    const result = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    const { findings } = JSON.parse(result.stdout) as {
      findings: Array<JsonFinding & { targets?: string[] }>;
    };
    const shown = findings.map((f) => `${f.status} ${f.ruleId} ${f.file}:${f.line} ${f.message}`);
    expect(shown.filter((f) => /render-(refused|failed)/.test(f))).toEqual([]);
    expect(shown.filter((f) => f.startsWith('introduced pss-privileged'))).toEqual([
      expect.stringMatching(/^introduced pss-privileged charts\/web\/values\.yaml:2 /),
    ]);
  }, 60_000);
});
