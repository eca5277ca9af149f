/** Octokit errors turned into messages a user can act on. */

interface RequestErrorLike {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** Seconds GitHub asks us to wait (403/429 rate limits), if it said so. */
export function retryAfterSeconds(error: unknown, now = Date.now()): number | undefined {
  const e = error as RequestErrorLike;
  if (e.status !== 429 && e.status !== 403) return undefined;
  const retryAfter = header(e, 'retry-after');
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter);
  if (header(e, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(e, 'x-ratelimit-reset'));
    if (Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - now / 1000));
  }
  return undefined;
}

export function isRateLimit(error: unknown): boolean {
  const e = error as RequestErrorLike;
  if (e.status === 429) return true;
  return e.status === 403 && (retryAfterSeconds(e) !== undefined || /rate limit/i.test(e.message ?? ''));
}

function endpoint(error: RequestErrorLike): string {
  const url = error.request?.url;
  if (!url) return 'a GitHub API request';
  const withoutHost = url.replace(/^https?:\/\/[^/]+/, '');
  const query = withoutHost.indexOf('?');
  const path = query < 0 ? withoutHost : withoutHost.slice(0, query);
  return `${error.request?.method ?? 'GET'} ${path}`;
}

/** One line saying what failed: `GitHub answered 502 (server error) to GET /repos/o/r/pulls/2/files`. */
export function describeGitHubError(error: unknown): string {
  const e = error as RequestErrorLike;
  if (typeof e?.status !== 'number') {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0]!.slice(0, 500);
  }
  const wait = retryAfterSeconds(e);
  let kind: string;
  if (isRateLimit(e))
    kind = `rate limited${wait !== undefined ? `; GitHub asked to retry after ${wait} s` : ''}`;
  else if (e.status >= 500) kind = 'server error; GitHub may be degraded, re-run the check later';
  else if (e.status === 404)
    kind = 'not found: the app may lack access to this repository or the object no longer exists';
  else if (e.status === 403) kind = 'forbidden: the app lacks a permission (see docs/github-app.md)';
  else if (e.status === 422) kind = 'unprocessable: GitHub rejected the request body';
  else if (e.status === 401) kind = 'unauthorized: the installation token was refused';
  else kind = 'request failed';
  const detail = (e.message ?? '')
    .split('\n')[0]!
    .replace(/ - https:\/\/docs\.github\.com\S*/g, '')
    .slice(0, 300);
  return `GitHub answered ${e.status} (${kind}) to ${endpoint(e)}${detail ? `: ${detail}` : ''}`;
}
