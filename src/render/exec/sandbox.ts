import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SandboxLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  /** Address-space limit of the child (prlimit --as), and the Go runtime's soft limit. */
  maxMemoryBytes: number;
}

const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  timeoutMs: 30_000,
  maxOutputBytes: 32 * 1024 * 1024,
  maxMemoryBytes: 2 * 1024 * 1024 * 1024,
};

export interface SandboxResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when a limit stopped the child. */
  limit?: 'time' | 'output' | 'memory';
}

/** An address that refuses connections: any HTTP(S) fetch the child tries goes there and fails. */
const DEAD_PROXY = 'http://127.0.0.1:9';

/**
 * Runs a renderer binary with nothing of ours: a clean environment (no credentials, no
 * PATH: kustomize finds no `git` to clone remote bases with), a private HOME (no kubeconfig,
 * no plugins), every proxy variable pointing at a dead address (no network), its own
 * process group (killed whole on a limit) and limits on time, output and memory.
 */
export function runSandboxed(
  binary: string,
  args: readonly string[],
  options: {
    cwd: string;
    home: string;
    limits?: Partial<SandboxLimits>;
    /** Variables of the renderer's own (Helm's private folders), on top of the clean environment. */
    env?: Readonly<Record<string, string>>;
    /**
     * Leaves the proxy variables out, so the child can reach the network: only for our own git
     * fetch of a remote base the configuration allows (the URL is ours, never the child's choice).
     */
    network?: boolean;
    /** Largest file the child may write (prlimit --fsize): bounds a download. */
    maxFileBytes?: number;
  },
): Promise<SandboxResult> {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  const env: NodeJS.ProcessEnv = {
    HOME: options.home,
    XDG_CONFIG_HOME: `${options.home}/.config`,
    KUSTOMIZE_PLUGIN_HOME: `${options.home}/no-plugins`,
    KUBECONFIG: `${options.home}/no-kubeconfig`,
    PATH: '',
    ...(options.network
      ? {}
      : {
          HTTP_PROXY: DEAD_PROXY,
          HTTPS_PROXY: DEAD_PROXY,
          http_proxy: DEAD_PROXY,
          https_proxy: DEAD_PROXY,
          NO_PROXY: '',
        }),
    GOMEMLIMIT: String(Math.floor(limits.maxMemoryBytes / 2)),
    LANG: 'C',
    ...options.env,
  };
  const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
  const [command, commandArgs] = prlimit
    ? [
        prlimit,
        [
          `--as=${limits.maxMemoryBytes}`,
          ...(options.maxFileBytes ? [`--fsize=${options.maxFileBytes}`] : []),
          '--',
          binary,
          ...args,
        ],
      ]
    : [binary, [...args]];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let limit: SandboxResult['limit'];
    const kill = (why: NonNullable<SandboxResult['limit']>) => {
      limit ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => kill('time'), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > limits.maxOutputBytes) return kill('output');
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= 64 * 1024) err.push(chunk);
    });
    const finish = (code: number | null) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (
        !limit &&
        code !== 0 &&
        /out of memory|cannot allocate memory|runtime: (?:out of memory|failed to reserve)/i.test(stderr)
      )
        limit = 'memory';
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, ...(limit ? { limit } : {}) });
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: '', stderr: error.message });
    });
    child.on('close', finish);
  });
}

export function limitMessage(limit: 'time' | 'output' | 'memory', limits: SandboxLimits): string {
  if (limit === 'time')
    return `Rendering took longer than ${limits.timeoutMs / 1000} s and was stopped; the target was not evaluated.`;
  if (limit === 'output')
    return `Rendering produced more than ${limits.maxOutputBytes} bytes and was stopped; the target was not evaluated.`;
  return `Rendering needed more than ${limits.maxMemoryBytes} bytes of memory and was stopped; the target was not evaluated.`;
}

/** kustomize's message without the temporary folder's path, shortened. */
export function cleanMessage(stderr: string, tree: string, tool = 'kustomize'): string {
  const text = stderr.split(`${tree}/`).join('').split(tree).join('.').trim();
  const firstLines = text.split('\n').slice(0, 6).join('\n');
  return (
    (firstLines.length > 1_500 ? `${firstLines.slice(0, 1_500)}…` : firstLines) ||
    `${tool} failed without a message.`
  );
}
