import type { Octokit } from './create-github-port.js';

/**
 * GitHub answers that are not what the endpoint promises (a cut-off or malformed JSON body, an
 * HTML error page from a proxy) become an error naming the endpoint and what came back, instead
 * of a `Cannot read properties of undefined` deep in the review. Octokit hands such bodies over
 * as a string when it cannot parse them.
 */

export class MalformedAnswerError extends Error {
  constructor(
    readonly endpoint: string,
    readonly httpStatus: number,
    detail: string,
  ) {
    super(
      `GitHub's answer to ${endpoint} was not the JSON this endpoint promises (HTTP ${httpStatus}, ${detail}); GitHub or a proxy in between may be degraded, re-run the check later`,
    );
    this.name = 'MalformedAnswerError';
  }
}

interface RequestOptions {
  method?: string;
  url?: string;
  headers?: Record<string, string | number | undefined>;
  [key: string]: unknown;
}

interface ResponseLike {
  status: number;
  url?: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

export interface RequestObserver {
  /** Every answer (the metrics count calls and the remaining rate limit). */
  answered?(endpoint: string, status: number, headers: Record<string, string | number | undefined>): void;
}

/** `GET /repos/acme/gitops/pulls/7/files`: the path without host, API prefix or query. */
function endpointOf(options: RequestOptions): string {
  const url = String(options.url ?? '').replace(/\{(\w+)\}/g, (whole, name: string) =>
    options[name] === undefined ? whole : encodeURIComponent(String(options[name])),
  );
  const withoutHost = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/api\/v3(?=\/)/, '');
  const query = withoutHost.indexOf('?'); // not `/\?.*$/`: it backtracks quadratically (test/hostile/regexps.test.ts)
  const path = query < 0 ? withoutHost : withoutHost.slice(0, query);
  return `${options.method ?? 'GET'} ${path}`;
}

/** Media types whose body is meant to be text (raw file contents, diffs), not JSON. */
function expectsJson(options: RequestOptions): boolean {
  const format = (options.mediaType as { format?: string } | undefined)?.format;
  if (format && format !== 'json') return false;
  const accept = String(options.headers?.accept ?? 'application/json');
  return /json/.test(accept) && !/\.(raw|diff|patch|html|sha)\b/.test(accept);
}

/** Throws MalformedAnswerError for a JSON endpoint whose successful answer is not JSON. */
function checkAnswer(options: RequestOptions, response: ResponseLike): void {
  if (response.status === 204 || response.status === 304 || !expectsJson(options)) return;
  const { data } = response;
  // An empty answer is only wrong where something must come back (a GET); writes may answer with nothing.
  const empty = data === undefined || data === null || data === '';
  if ((typeof data === 'string' && data !== '') || (empty && (options.method ?? 'GET') === 'GET')) {
    const type = String(response.headers['content-type'] ?? 'no content type');
    const text = typeof data === 'string' ? data : '';
    const detail =
      text.length === 0
        ? `${type}, empty body`
        : `${type}, ${text.length} characters starting ${JSON.stringify(text.slice(0, 60))}`;
    throw new MalformedAnswerError(endpointOf(options), response.status, detail);
  }
}

/** Installs the check (and the observer) on an Octokit instance; returns it. */
export function guardAnswers<T extends Pick<Octokit, 'hook'>>(octokit: T, observer: RequestObserver = {}): T {
  octokit.hook.wrap('request', async (request, options) => {
    try {
      const response = (await request(options)) as unknown as ResponseLike;
      observer.answered?.(endpointOf(options as RequestOptions), response.status, response.headers);
      checkAnswer(options as RequestOptions, response);
      return response as never;
    } catch (error) {
      const e = error as {
        status?: number;
        response?: { headers?: Record<string, string | number | undefined> };
      };
      if (typeof e.status === 'number')
        observer.answered?.(endpointOf(options as RequestOptions), e.status, e.response?.headers ?? {});
      throw error;
    }
  });
  return octokit;
}
