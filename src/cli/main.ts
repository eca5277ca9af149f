#!/usr/bin/env node
import { enableLinearRegexpFallback } from '../linear-regexps.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before anything else loads.
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
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
