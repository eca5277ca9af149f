#!/usr/bin/env node
import { enableLinearRegexpFallback } from '../linear-regexps.js';
import { runCli } from './run-cli.js';
import './commands.js';

enableLinearRegexpFallback();

const code = await runCli(process.argv.slice(2), {
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
