import { existsSync } from 'node:fs';
import { ProbotOctokit, run } from 'probot';
import { enableLinearRegexpFallback } from '../linear-regexps.js';
import { createApp, type AppRole } from './index.js';
import { webhookSecretProblem } from './webhook-secret.js';

enableLinearRegexpFallback();

/**
 * `npm start`: Probot's server with our app, in the role APP_ROLE says (`web`, `worker`, or
 * `all`, the default: both in one process). Waits for GitHub's rate limits only briefly
 * (MAX_RATE_LIMIT_WAIT_SECONDS, default 60): a longer wait is the queue's job (the review is
 * delayed until the reset), not a process held for an hour.
 */
const role = (process.env.APP_ROLE || 'all') as AppRole;
if (!['web', 'worker', 'all'].includes(role)) {
  console.error(`APP_ROLE must be web, worker or all, not ${role}`);
  process.exit(2);
}
// A process that receives webhooks needs a webhook secret (docs/security.md); `.env` is read first, as Probot would, so that its value counts.
if (existsSync('.env')) process.loadEnvFile('.env');
const secretProblem = role === 'worker' ? undefined : webhookSecretProblem(process.env);
if (secretProblem) {
  console.error(`gitops-guard: ${secretProblem}`);
  process.exit(2);
}
const maxWait = Number(process.env.MAX_RATE_LIMIT_WAIT_SECONDS || 60);
const waitBriefly = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
  retryAfter <= maxWait && retryCount < 1;

await run(createApp({ queue: 'env', role }), {
  // The function form: Probot merges its own throttle options (the shared Redis connection) first.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Octokit: ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    // GITHUB_THROTTLE=off is for a simulated GitHub only (tests, bench:queue): real GitHub needs the throttle.
    throttle: {
      ...options.throttle,
      onRateLimit: waitBriefly,
      onSecondaryRateLimit: waitBriefly,
      ...(process.env.GITHUB_THROTTLE === 'off' ? { enabled: false } : {}),
    },
  })),
});
