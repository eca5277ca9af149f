export interface PullLimits {
  timeoutMs: number;
  /** Bytes of one answer (an index.yaml, a manifest, a chart archive). */
  maxBytes: number;
}

/** How remote charts and bases are fetched: where they are cached (default: $XDG_CACHE_HOME/gitops-guard), and the bounds. */
export interface RemoteFetchOptions {
  cacheDir?: string;
  limits?: PullLimits;
}

export const DEFAULT_PULL_LIMITS: PullLimits = { timeoutMs: 15_000, maxBytes: 32 * 1024 * 1024 };

export interface BoundedAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * One GET with a time and size bound, never following a redirect (the caller decides), never
 * sending anything but the given headers. A string says why it failed (unreachable, too large).
 */
export async function boundedGet(
  url: string,
  limits: PullLimits,
  options: { fetch?: typeof fetch; headers?: Record<string, string> } = {},
): Promise<BoundedAnswer | string> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(limits.timeoutMs),
      headers: { accept: '*/*', ...options.headers },
    });
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.maxBytes) return `${url} is larger than ${limits.maxBytes} bytes`;
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body)
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > limits.maxBytes) return `${url} is larger than ${limits.maxBytes} bytes`;
        chunks.push(chunk);
      }
    return { status: response.status, headers: response.headers, bytes: Buffer.concat(chunks) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${url} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`;
  }
}
