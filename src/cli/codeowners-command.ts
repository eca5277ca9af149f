import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CODEOWNERS_LOCATIONS,
  locateCodeowners,
  ownersOf,
  parseCodeowners,
} from '../repo-checks/codeowners/parse.js';
import { EXIT, UsageError, type CliIo } from './run-cli.js';

const CODEOWNERS_HELP = `Usage: gitops-guard codeowners [--dir DIR] [--format text|json] PATH...

Prints who owns each path and which CODEOWNERS line decided, with GitHub's rules: the first of
${CODEOWNERS_LOCATIONS.join(', ')} is used; the last matching line wins; a matching line without
owners leaves the path unowned; paths are case-sensitive.

  --dir DIR              the repository root (default: the current directory)
  --format text|json     json: {"file": "<CODEOWNERS used>", "paths": {"<path>": {"owners": [...], "line": N|null}}}

Exit codes: 0 every path has an owner, 1 some path has none, 2 usage error or no CODEOWNERS file.
`;

/** A path as CODEOWNERS sees it: relative to the repository root, forward slashes, no leading ./ or /. */
function normalizeRepoPath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

export function codeownersCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(CODEOWNERS_HELP);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be one of text, json');
  if (!positionals.length) throw new UsageError('codeowners needs at least one PATH');
  const dir = resolve(io.cwd, values.dir ?? '.');
  const file = locateCodeowners((p) => existsSync(join(dir, p)));
  if (!file) {
    io.stderr(`gitops-guard: no CODEOWNERS file in ${dir} (looked for ${CODEOWNERS_LOCATIONS.join(', ')})\n`);
    return EXIT.usage;
  }
  const parsed = parseCodeowners(readFileSync(join(dir, file), 'utf8'));
  for (const e of parsed.errors) io.stderr(`${file}:${e.line}:${e.column}: ${e.message}\n`);

  const paths: Record<string, { owners: string[]; line: number | null }> = {};
  const text: string[] = [];
  let unowned = 0;
  for (const raw of positionals) {
    const path = normalizeRepoPath(raw);
    const match = ownersOf(parsed, path);
    paths[path] = { owners: match.owners, line: match.rule?.line ?? null };
    if (!match.owners.length) unowned++;
    if (match.owners.length)
      text.push(`${path}  ${match.owners.join(' ')}  (${file}:${match.rule!.line} ${match.rule!.pattern})`);
    else if (match.rule)
      text.push(`${path}  no owner  (${file}:${match.rule.line} ${match.rule.pattern} has no owners)`);
    else text.push(`${path}  no owner  (no line of ${file} matches)`);
  }
  if (format === 'json') io.stdout(JSON.stringify({ file, paths }, null, 2) + '\n');
  else io.stdout(text.join('\n') + '\n');
  return unowned ? EXIT.findings : EXIT.ok;
}
