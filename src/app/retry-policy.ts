import { MalformedAnswerError } from '../github/answer-check.js';
import { isRateLimit, retryAfterSeconds } from '../github/errors.js';

/** When a failed job runs again, and what its check run says meanwhile. */
export interface RetryDecision {
  /** Epoch ms. */
  at: number;
  /** Shown in the check run while it waits. */
  note: string;
  /** Rate-limit waits do not use up the attempts a transient failure has. */
  countsAsAttempt: boolean;
}

export interface RetryPolicy {
  /** Attempts for transient failures (5xx, secondary rate limits, network, malformed answers). */
  maxAttempts: number;
  /** First backoff; doubles with every attempt, capped at `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseBackoffMs: 5_000,
  maxBackoffMs: 300_000,
};

const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, ' UTC')
    .replace('T', ' ');

interface ErrorLike {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** The primary rate limit: used up until a reset time GitHub gives (epoch ms). */
function primaryReset(error: unknown): number | undefined {
  const e = error as ErrorLike;
  if (!isRateLimit(error) || String(e.response?.headers?.['x-ratelimit-remaining']) !== '0') return undefined;
  const reset = Number(e.response?.headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) ? reset * 1000 : undefined;
}

function isTransient(error: unknown): boolean {
  if (error instanceof MalformedAnswerError) return true;
  const status = (error as ErrorLike)?.status;
  if (typeof status !== 'number')
    return /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|socket hang up|fetch failed|network/i.test(
      error instanceof Error ? error.message : String(error),
    );
  return status >= 500 || isRateLimit(error);
}

/**
 * A primary rate limit waits (in the queue, not in a process) until GitHub's reset; a transient
 * failure is retried with exponential backoff (at least GitHub's retry-after) until the attempts
 * run out; anything else is not retried (undefined), and the check run is completed with it.
 */
export function retryDecision(
  error: unknown,
  attempts: number,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision | undefined {
  const reset = primaryReset(error);
  if (reset !== undefined) {
    const at = Math.max(reset, now) + 1_000;
    return {
      at,
      countsAsAttempt: false,
      note: `GitHub's API rate limit for this installation is used up. The review waits in the queue and **resumes at ${utc(at)}**, when the limit resets; nothing needs re-running.`,
    };
  }
  if (!isTransient(error) || attempts + 1 >= policy.maxAttempts) return undefined;
  const backoff = Math.min(policy.baseBackoffMs * 2 ** attempts, policy.maxBackoffMs);
  const jittered = backoff / 2 + Math.random() * (backoff / 2);
  const at = now + Math.max(jittered, (retryAfterSeconds(error, now) ?? 0) * 1000);
  return {
    at,
    countsAsAttempt: true,
    note: `This looks transient: attempt ${attempts + 1} of ${policy.maxAttempts} failed, and the review is **retried at ${utc(at)}**.`,
  };
}
