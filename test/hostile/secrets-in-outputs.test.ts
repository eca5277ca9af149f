import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import nock from 'nock';
import { isPlaceholderOrReference } from '../../src/rules/secrets/_lib/redact.js';
import { checkRunOutput } from './check-run-output.js';
import { renderJson } from '../../src/report/json.js';
import { renderDiffMarkdown } from '../../src/report/markdown.js';
import { planReview } from '../../src/report/review-comments.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import { diffTexts } from '../diff/helpers.js';
import { cli, commit, newRepo } from '../cli/git-repo.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { manifestFile } from '../app/fixtures.js';
import {
  BASE_SECRETS,
  ECHO_RULE,
  forbidden,
  HEAD_SECRETS,
  leaks,
  plantedManifests,
  type Planted,
} from './planted-secrets.js';

// Issue 17: secrets planted on both sides of a change never leave through any output.
const ALL = forbidden(BASE_SECRETS, HEAD_SECRETS);
const BASE = plantedManifests(BASE_SECRETS, false);
const HEAD = plantedManifests(HEAD_SECRETS, true);
const RULE_FILE = '.github/gitops-guard/policies/secret-echo.yaml';

describe('the CLI leaks no planted secret', () => {
  const dir = newRepo({ 'apps/all.yaml': BASE, [RULE_FILE]: ECHO_RULE });
  commit(dir, { 'apps/all.yaml': HEAD }, 'rotate every secret and make the pod privileged');

  it('scan: text, JSON and SARIF', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const out = await cli(['scan', dir, '--format', format, '--severity-threshold', 'info'], dir);
      expect(out.stdout).toContain(format === 'text' ? 'secret-echo' : '"secret-echo"');
      if (format === 'json') {
        const rules = JSON.parse(out.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
        expect(rules).toEqual(
          expect.arrayContaining([
            'secret-plaintext',
            'secret-in-configmap',
            'workload-secret-env-literal',
            'argocd-secret-plaintext-credentials',
          ]),
        );
      }
      expect(leaks(out.stdout + out.stderr, ALL)).toEqual([]);
    }
  });

  it('diff: text, JSON, SARIF and markdown, with both sides in the change summary', async () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const out = await cli(
        [
          'diff',
          '--base',
          'HEAD~1',
          '--head',
          'HEAD',
          '--format',
          format,
          '--no-repo-checks',
          '--severity-threshold',
          'info',
          '--fail-on',
          'existing',
        ],
        dir,
      );
      expect(out.stdout.length).toBeGreaterThan(200);
      expect(leaks(out.stdout + out.stderr, ALL)).toEqual([]);
    }
    const json = JSON.parse(
      (await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-repo-checks'], dir))
        .stdout,
    );
    // The summary still says what changed, with the values masked.
    const configMap = json.resources.find(
      (r: { resource: { kind: string } }) => r.resource.kind === 'ConfigMap',
    );
    expect(configMap.summary).toContain('data.DB_PASSWORD: "***" -> "***"');
    // The policy's message still reaches the user, without the value it quoted.
    expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'secret-echo').message).toMatch(
      /^the token is \*\*\* and the password \*\*\*/,
    );
  });

  it('fingerprints do not depend on secret values (rotating a secret introduces nothing)', async () => {
    const json = JSON.parse(
      (await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-repo-checks'], dir))
        .stdout,
    );
    const introduced = json.findings
      .filter((f: { status: string }) => f.status === 'introduced')
      .map((f: { ruleId: string }) => f.ruleId);
    expect(introduced).toEqual(['pss-privileged']);
    for (const f of json.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('short secrets (4-5 characters) that a rule reports do not leak either', () => {
  const configMap = (password: string, token: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: short}\ndata:\n  DB_PASSWORD: "${password}"\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - {name: API_TOKEN, value: "${token}"}\n`;
  const dir = newRepo({ 'apps/short.yaml': configMap('k9Zq2', 'Qx7w') });
  commit(dir, { 'apps/short.yaml': configMap('Wm4xR', 'Tb3v') }, 'rotate the short secrets');

  it('diff in every format, with both sides in the change summary', async () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const out = await cli(
        ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', format, '--no-repo-checks'],
        dir,
      );
      for (const secret of ['k9Zq2', 'Wm4xR', 'Qx7w', 'Tb3v'])
        expect(out.stdout + out.stderr).not.toContain(secret);
    }
    const json = JSON.parse(
      (await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-repo-checks'], dir))
        .stdout,
    );
    const summaries = json.resources.flatMap((r: { summary: string[] }) => r.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'data.DB_PASSWORD: "***" -> "***"',
        expect.stringMatching(/API_TOKEN.*\*\*\*/),
      ]),
    );
    const scan = await cli(['scan', dir, '--format', 'json'], dir);
    const rules = JSON.parse(scan.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['secret-in-configmap', 'workload-secret-env-literal']));
  });
});

describe('the app leaks no planted secret', () => {
  const payload = examplePayload<any>('pull_request', 'synchronize');
  const file = 'apps/all.yaml';
  const baseLines = BASE.replace(/\n$/, '').split('\n');
  const headLines = HEAD.replace(/\n$/, '').split('\n');
  // The whole file replaced: every head line is commentable, the base is rebuilt from the patch.
  const patch = `@@ -1,${baseLines.length} +1,${headLines.length} @@\n${baseLines.map((l) => `-${l}`).join('\n')}\n${headLines.map((l) => `+${l}`).join('\n')}`;
  let mock: GitHubMock;

  beforeEach(() => {
    nock.disableNetConnect();
    mock = new GitHubMock('Codertocat', 'Hello-World');
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(mock.errors).toEqual([]);
    expect(pending).toEqual([]);
  });

  it('check-run summary, annotations and review comments (nock-captured request bodies)', async () => {
    const { sha: head } = payload.pull_request.head;
    const { sha: base, ref: branch } = payload.pull_request.base;
    mock
      .token(1)
      .findCheckRuns(head)
      .createCheckRun(42)
      .config('review:\n  maxComments: 50\n')
      .files(payload.number, [manifestFile(file, patch)])
      .tree(base, { [RULE_FILE]: ECHO_RULE })
      .graphql({ [`${head}:${file}`]: { text: HEAD } })
      .repoChecks({ base, head, branch })
      .review(payload.number)
      .updateCheckRun(42);
    await testProbot().receive({ id: 'd1', name: 'pull_request', payload });

    const [done] = mock.bodies('patch', '/check-runs/42');
    expect(done.output.summary).toContain('secret-echo');
    expect(done.output.summary).toContain('DB\\_PASSWORD');
    const [review] = mock.bodies('post', '/reviews');
    expect(review.comments.length).toBeGreaterThan(0);
    const everything = JSON.stringify(mock.requests.map((r) => r.body));
    expect(leaks(everything, ALL)).toEqual([]);
  });
});

/** Every output of the pure producers for a change from `base` to `head` secrets. */
function outputsFor(base: Planted, head: Planted, moved = false): string {
  const result = diffTexts(
    { 'apps/all.yaml': plantedManifests(base, false) },
    { [moved ? 'apps/moved.yaml' : 'apps/all.yaml']: plantedManifests(head, true) },
  );
  const summary = summarize(result.findings, 1, result.headResources.length, 'info');
  const plan = planReview({
    commitId: 'abc',
    findings: result.findings,
    patches: new Map(),
    alreadyCommented: new Set(),
    ruleText: () => undefined,
  });
  return [
    renderDiffMarkdown(result, { threshold: 'info' }),
    renderJson(result.findings, summary, { resources: result.resources }),
    renderText(result.findings, summary, { colour: false }),
    renderSarif(result.findings, { version: '0', rules: [] }),
    JSON.stringify(checkRunOutput(result.findings, 'x', result.resources)),
    JSON.stringify(plan),
  ].join('\n');
}

describe('property (fast-check): no output contains a planted secret', () => {
  // Our own words ("app.properties", "privileged") are not leaks: a value sharing a 6-character run with them is not planted.
  const ours = outputsFor(BASE_SECRETS, HEAD_SECRETS);
  // Realistic: a value starting with `/` is a path to the rules, not a secret.
  const secret = fc
    .stringMatching(/^[A-Za-z0-9][A-Za-z0-9+_-]{9,29}$/)
    .filter(
      (s) =>
        /[A-Za-z]/.test(s) && /\d/.test(s) && !isPlaceholderOrReference(s) && leaks(ours, [s]).length === 0,
    );
  const token = fc
    .stringMatching(/^[A-Za-z0-9]{36}$/)
    .map((s) => `ghp_${s}`)
    .filter((s) => leaks(ours, [s]).length === 0);
  const side: fc.Arbitrary<Planted> = fc.record({
    password: secret,
    urlPassword: secret,
    githubToken: token,
    annotationToken: secret,
    helmPassword: secret,
    secretString: secret,
    secretData: secret,
    embedded: secret,
    awsKey: fc.constant('AKIAQWERTZUIOPASDFGH'),
  });

  it('diff (every format), review comments and annotations, for secrets on both sides', () => {
    fc.assert(
      fc.property(
        side,
        side,
        fc.boolean(),
        (b, h, moved) => leaks(outputsFor(b, h, moved), forbidden(b, h)).length === 0,
      ),
      { numRuns: 40 },
    );
  });
});
