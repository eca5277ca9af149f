import { ProbotOctokit } from 'probot';

/**
 * ProbotOctokit without retries and without the throttling plugin. The function form matters:
 * Probot merges its own throttle options over a plain-object default, so
 * `defaults({ throttle: { enabled: false } })` leaves Octokit's one-write-per-second limiter on
 * (see test/app/throttle.test.ts, which fails if a write waits).
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, any> | undefined) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...options?.throttle, enabled: false },
}));
