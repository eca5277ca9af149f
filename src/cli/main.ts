#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { enableLinearRegexpFallback } from '../linear-regexps.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before anything else loads.
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // A scan keeps little (findings, a few context resources) and throws away much (every parsed
  // document): let the heap grow by a quarter of what is live after a full GC, not V8's up to 4x,
  // so that peak memory follows what is kept (docs/architecture.md, "How a scan streams").
  setFlagsFromString('--heap-growing-percent=25');
  // A report written to a pipe waits for its reader instead of queueing in memory (a 16x scan's
  // JSON is 56 MB): Node leaves pipes non-blocking on POSIX.
  (process.stdout as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(
    true,
  );
  enableLinearRegexpFallback();
  const { runCli } = await import('./run-cli.js');
  await import('./commands.js');
  const code = await runCli(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    today: new Date().toISOString().slice(0, 10),
  }).catch((error: unknown) => {
    process.stderr.write(`gitops-guard: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  });
  process.exitCode = code;
}
