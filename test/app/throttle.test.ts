import { afterEach, beforeEach, expect, it } from '@jest/globals';
import nock from 'nock';
import { API, testProbot } from '../helpers/github-app-harness.js';

/**
 * Octokit's throttling plugin spaces writes one second apart; the app tests disable it. This
 * guards that the disabling really reaches the installation client Probot builds: with the
 * limiter on, three writes take at least two seconds.
 */

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it('writes of an installation client in the tests do not wait for the write limiter', async () => {
  nock(API)
    .post('/app/installations/7/access_tokens')
    .reply(201, { token: 't', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
  const times: number[] = [];
  nock(API)
    .post('/repos/o/r/check-runs')
    .times(3)
    .reply(201, () => (times.push(Date.now()), { id: 1 }));
  const octokit = await testProbot().auth(7);
  for (let i = 0; i < 3; i++)
    await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'o',
      repo: 'r',
      name: 'x',
      head_sha: 'a'.repeat(40),
    });
  expect(times).toHaveLength(3);
  expect(times[2]! - times[0]!).toBeLessThan(1000);
});
