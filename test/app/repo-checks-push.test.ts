import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { TestOctokit } from '../helpers/test-octokit.js';
import { createApp } from '../../src/app/index.js';
import { associatedPullRequestsQuery } from '../../src/github/fetch-repo-snapshot.js';
import { graphqlErrors } from '../helpers/github-graphql.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo/gitops';
const BEFORE = '1'.repeat(40);
const AFTER = '2'.repeat(40);
const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);

let privateKey: string;
beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
});

function makeProbot(): Probot {
  const probot = new Probot({ appId: 42, privateKey, Octokit: TestOctokit });
  probot.load(
    createApp({
      appId: 42,
      rules: [],
      packs: [{ name: 'recommended' }],
      now: () => new Date('2026-06-01T00:00:00Z'),
    }),
  );
  return probot;
}

function pushPayload(over: Record<string, unknown> = {}) {
  return {
    ref: 'refs/heads/main',
    before: BEFORE,
    after: AFTER,
    forced: false,
    deleted: false,
    created: false,
    pusher: { name: 'mallory' },
    commits: [],
    repository: {
      id: 1,
      name: 'gitops',
      full_name: 'octo/gitops',
      default_branch: 'main',
      owner: { login: 'octo', name: 'octo' },
    },
    installation: { id: 7 },
    ...over,
  };
}

const restCommit = (
  sha: string,
  verification: { verified: boolean; reason: string },
  message = 'change',
) => ({
  sha,
  author: { login: 'mallory', type: 'User' },
  committer: { login: 'mallory', type: 'User' },
  commit: {
    message,
    author: { name: 'M', email: 'm@example.com' },
    committer: { name: 'M', email: 'm@example.com' },
    verification: { ...verification, signature: null },
  },
});

function mockToken() {
  nock(API).post('/app/installations/7/access_tokens').reply(200, { token: 'test', permissions: {} });
}

function mockConfig(yaml?: string) {
  if (yaml === undefined) {
    nock(API).get(`${REPO}/contents/.github%2Fgitops-guard.yml`).reply(404, { message: 'Not Found' });
    nock(API)
      .get('/repos/octo/.github/contents/.github%2Fgitops-guard.yml')
      .reply(404, { message: 'Not Found' });
  } else {
    nock(API).get(`${REPO}/contents/.github%2Fgitops-guard.yml`).reply(200, yaml);
  }
}

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe('push events', () => {
  it('the associated pull requests query is valid against GitHub schema', () => {
    expect(graphqlErrors(associatedPullRequestsQuery([C1, C2]).query)).toEqual([]);
  });

  it('fails the check run on a forced push with a direct, unsigned commit; a merged, verified commit passes', async () => {
    mockToken();
    mockConfig();
    nock(API)
      .get(`${REPO}/compare/${BEFORE}...${AFTER}`)
      .query({ per_page: '100', page: '1' })
      .reply(200, {
        status: 'diverged',
        total_commits: 2,
        commits: [
          restCommit(C1, { verified: true, reason: 'valid' }),
          restCommit(C2, { verified: false, reason: 'unsigned' }, 'hotfix: disable policy'),
        ],
      });
    let graphqlBody: { query: string; variables: Record<string, string> } | undefined;
    nock(API)
      .post('/graphql', (body) => ((graphqlBody = body), true))
      .reply(200, {
        data: {
          repository: {
            c0: { associatedPullRequests: { nodes: [{ number: 12, merged: true, baseRefName: 'main' }] } },
            c1: { associatedPullRequests: { nodes: [{ number: 13, merged: false, baseRefName: 'main' }] } },
          },
        },
      });
    let checkRun: Record<string, unknown> | undefined;
    nock(API)
      .post(`${REPO}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 99 });

    await makeProbot().receive({ id: 'd1', name: 'push', payload: pushPayload({ forced: true }) as never });

    expect(graphqlBody!.variables).toMatchObject({ owner: 'octo', repo: 'gitops', o0: C1, o1: C2 });
    expect(checkRun).toMatchObject({
      name: 'gitops-guard',
      head_sha: AFTER,
      status: 'completed',
      conclusion: 'failure',
      output: { title: '3 problems with the push to main' },
    });
    const summary = (checkRun!.output as { summary: string }).summary;
    // Logins and references are quoted as code: text in our markdown never notifies anyone.
    expect(summary).toContain('Forced push by `@mallory` to main: 1111111 was replaced by 2222222');
    expect(summary).toContain(
      'Commit bbbbbbb ("hotfix: disable policy") reached main without a merged pull request (direct push by `@mallory`).',
    );
    expect(summary).toContain('Commit bbbbbbb by `@mallory` ("hotfix: disable policy") is not signed.');
    expect(summary).toContain('aaaaaaa came through `#12`.');
  });

  it('passes a push of merged, verified commits', async () => {
    mockToken();
    mockConfig();
    nock(API)
      .get(`${REPO}/compare/${BEFORE}...${AFTER}`)
      .query(true)
      .reply(200, {
        status: 'ahead',
        total_commits: 1,
        commits: [
          {
            ...restCommit(C1, { verified: true, reason: 'valid' }),
            committer: { login: 'web-flow', type: 'User' },
          },
        ],
      });
    nock(API)
      .post('/graphql')
      .reply(200, {
        data: {
          repository: {
            c0: { associatedPullRequests: { nodes: [{ number: 5, merged: true, baseRefName: 'main' }] } },
          },
        },
      });
    let checkRun: Record<string, unknown> | undefined;
    nock(API)
      .post(`${REPO}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 100 });
    await makeProbot().receive({ id: 'd2', name: 'push', payload: pushPayload() as never });
    expect(checkRun).toMatchObject({ conclusion: 'success', output: { title: 'Push to main: no problems' } });
  });

  it('uses the repository configuration: an allowed bot and a lower severity', async () => {
    mockToken();
    mockConfig('severityThreshold: high\nrepository:\n  signatures:\n    severity: medium\n');
    nock(API)
      .get(`${REPO}/compare/${BEFORE}...${AFTER}`)
      .query(true)
      .reply(200, {
        status: 'ahead',
        total_commits: 1,
        commits: [restCommit(C1, { verified: false, reason: 'unknown_key' })],
      });
    nock(API)
      .post('/graphql')
      .reply(200, {
        data: {
          repository: {
            c0: { associatedPullRequests: { nodes: [{ number: 5, merged: true, baseRefName: 'main' }] } },
          },
        },
      });
    let checkRun: Record<string, unknown> | undefined;
    nock(API)
      .post(`${REPO}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 101 });
    await makeProbot().receive({ id: 'd3', name: 'push', payload: pushPayload() as never });
    // The unverified commit is a medium finding: reported, below the threshold.
    expect(checkRun).toMatchObject({ conclusion: 'success' });
    expect((checkRun!.output as { summary: string }).summary).toContain(
      'not registered to any GitHub account',
    );
  });

  it('ignores pushes to unprotected feature branches, tags and deletions', async () => {
    mockToken();
    nock(API).get(`${REPO}/branches/feature`).reply(200, { name: 'feature', protected: false });
    await makeProbot().receive({
      id: 'd4',
      name: 'push',
      payload: pushPayload({ ref: 'refs/heads/feature' }) as never,
    });
    await makeProbot().receive({
      id: 'd5',
      name: 'push',
      payload: pushPayload({ ref: 'refs/tags/v1' }) as never,
    });
    await makeProbot().receive({
      id: 'd6',
      name: 'push',
      payload: pushPayload({ deleted: true, after: '0'.repeat(40) }) as never,
    });
  });

  it('checks a protected non-default branch; says so when the commits cannot be compared', async () => {
    mockToken();
    nock(API).get(`${REPO}/branches/release`).reply(200, { name: 'release', protected: true });
    mockConfig();
    nock(API).get(`${REPO}/compare/${BEFORE}...${AFTER}`).query(true).reply(404, { message: 'Not Found' });
    let checkRun: Record<string, unknown> | undefined;
    nock(API)
      .post(`${REPO}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 102 });
    await makeProbot().receive({
      id: 'd7',
      name: 'push',
      payload: pushPayload({ ref: 'refs/heads/release' }) as never,
    });
    expect(checkRun).toMatchObject({ conclusion: 'success' });
    expect((checkRun!.output as { summary: string }).summary).toMatch(
      /The pushed commits could not be read: GitHub answered 404/,
    );
  });
});
