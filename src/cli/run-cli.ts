import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseConfig } from '../config/resolve.js';
import type { Config } from '../config/schema.js';
import { resolveSettings } from '../judge/settings.js';
import type { Settings } from '../judge/types.js';
import {
  extendContext,
  gatherContext,
  lookupKinds,
  parsePssVersion,
  scanStream,
  sortFindings,
  type ManifestFile,
  type Rule,
  type StreamedFile,
} from '../engine/index.js';
import { DEFAULT_LIMITS } from '../manifests/index.js';
import { mayHoldPolicy, POLICY_KINDS, vapParamKinds } from '../policy/paths.js';
import { atLeast, SEVERITIES, type Finding, type Severity } from '../model/index.js';
import { redactFindings, Redactor } from '../redaction/index.js';
import { renderJsonChunks } from '../report/json.js';
import { summarize } from '../report/summary.js';
import { renderText, summaryLine } from '../report/text.js';
import { ruleHelpWith } from '../report/rule-links.js';
import { builtinRules } from '../rules/index.js';
import { catalogueRules } from '../catalogue.js';
import { deltaRules } from '../diff/deltas/all.js';
import { discoverFiles } from './discover-files.js';
import { readRepositoryFile } from './read-files.js';
import { builtinPacksDir, findConfigFile, loadPacks, readConfigFile, type RawConfig } from './load-config.js';
import { createProgress } from './progress.js';
import { VERSION } from './version.js';
import {
  loadRepositoryPolicies,
  policyRepositoryFiles,
  policyResources,
  repositoryRootOf,
} from './policies-loader.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Colours and progress only on a terminal. */
  isTTY: boolean;
  stderrIsTTY: boolean;
  /** YYYY-MM-DD (exception expiry). */
  today: string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {}

const HELP = `gitops-guard ${VERSION}: stops insecure GitOps changes before they merge.

Usage:
  gitops-guard scan [PATH...]            scan files or folders (default .); skips .git and node_modules
  gitops-guard diff --base REF [--head REF]   judge a change: introduced, fixed, existing findings
  gitops-guard rules [ID...] [--format text|json|markdown] [--dir DIR]   the rule catalogue, or rules in full (with DIR's custom rules and admission policies)
  gitops-guard codeowners [--dir DIR] [--format text|json] PATH...   who owns each path (CODEOWNERS)

Run \`gitops-guard COMMAND --help\` for the options of diff, rules and codeowners.

Options (scan; diff takes them too):
  --format text|json|sarif       output format (default text)
  --profile baseline|restricted  Pod Security Standards level (default restricted)
  --pss-version v1.N|latest      Pod Security Standards version (default latest)
  --severity-threshold LEVEL     critical|high|medium|low|info: exit 1 when a finding is at or above it (default high)
  --min-severity LEVEL           list findings at or above LEVEL (default: medium in text, or the threshold when lower;
                                 everything in json and sarif); one closing line counts the others
  -o, --output FILE              write the report to FILE (the summary line still goes to the terminal)
  --config FILE                  configuration (default: .github/gitops-guard.yml of the scanned repository)
  --no-config                    ignore the repository's configuration
  --policy-repo DIR              also apply the admission policies of DIR, a checkout of another repository (policies.repository)
  --no-render                    judge files as they are; do not render Kustomize targets (docs/rendering.md)
  -h, --help, --version

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it, 2 usage or configuration error.
`;

type Command = (args: string[], io: CliIo) => Promise<number> | number;

const commands: Record<string, Command> = { scan: scanCommand, rules: rulesCommand };

/** Registers a subcommand (diff, codeowners) from its own module. */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === '-h' || name === '--help' || name === 'help') {
      io.stdout(HELP);
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const help = name && commands[name] ? `gitops-guard ${name} --help` : 'gitops-guard --help';
      io.stderr(`gitops-guard: ${(error as Error).message}\nRun \`${help}\` for usage.\n`);
      return EXIT.usage;
    }
    if ((error as { code?: string }).code === 'ENOENT') {
      io.stderr(`gitops-guard: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

export const SCAN_OPTIONS = {
  format: { type: 'string', default: 'text' },
  profile: { type: 'string' },
  'pss-version': { type: 'string' },
  'severity-threshold': { type: 'string' },
  config: { type: 'string' },
  'no-config': { type: 'boolean', default: false },
  'policy-repo': { type: 'string' },
  'no-render': { type: 'boolean', default: false },
  'min-severity': { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export interface CommonSettings {
  /** The judgement's settings (configuration, packs, delta and repository-check settings), with the flags applied. */
  settings: Settings;
  /** The configuration file read, as found (undefined: none). */
  configFile?: string;
  format: string;
  /** What is listed: `--min-severity`, else medium (or the threshold, when lower) in text and everything in JSON and SARIF. */
  minSeverity: Severity | undefined;
}

/** Reads the configuration and the flags that override it; throws UsageError on any problem. */
export function loadSettings(
  values: Record<string, string | boolean | undefined>,
  searchFrom: string,
  io: CliIo,
  formats: string[],
  /** Configuration already read elsewhere (`diff` reads it from the base ref); replaces the file lookup unless --config or --no-config is given. */
  source?: RawConfig,
): CommonSettings {
  const format = String(values.format ?? 'text');
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  const fromSource = source !== undefined && !values['no-config'] && typeof values.config !== 'string';
  const configPath = fromSource
    ? source.file
    : values['no-config']
      ? undefined
      : typeof values.config === 'string'
        ? values.config
        : findConfigFile(searchFrom);
  const raw = fromSource ? source : readConfigFile(configPath);
  if (raw.error) throw new UsageError(`configuration ${configPath}: ${raw.error}`);
  const { packs, errors: packErrors } = loadPacks(builtinPacksDir());
  if (packErrors.length) throw new UsageError(`built-in policy packs: ${packErrors.join('; ')}`);
  // One file serves scan and diff: `scan` accepts and validates the `rules.<delta-id>` settings of `diff` too.
  const { settings, errors } = resolveSettings({ raw: raw.raw, rules: builtinRules, packs, today: io.today });
  if (errors.length) {
    throw new UsageError(
      `invalid configuration${configPath ? ` ${configPath}` : ''}:\n${errors.map((e) => `  ${e.key}: ${e.message}`).join('\n')}`,
    );
  }
  if (typeof values.profile === 'string') {
    if (values.profile !== 'baseline' && values.profile !== 'restricted')
      throw new UsageError('--profile must be baseline or restricted');
    settings.options.profile = values.profile;
  }
  if (typeof values['pss-version'] === 'string') {
    const version = parsePssVersion(values['pss-version']);
    if (!version) throw new UsageError('--pss-version must look like v1.35 or be latest');
    settings.options.pssVersion = version;
  }
  if (typeof values['severity-threshold'] === 'string') {
    if (!(SEVERITIES as readonly string[]).includes(values['severity-threshold']))
      throw new UsageError(`--severity-threshold must be one of ${SEVERITIES.join(', ')}`);
    settings.threshold = values['severity-threshold'] as Severity;
  }
  let minSeverity: Severity | undefined;
  if (typeof values['min-severity'] === 'string') {
    if (!(SEVERITIES as readonly string[]).includes(values['min-severity']))
      throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`);
    minSeverity = values['min-severity'] as Severity;
  } else if (format === 'text') {
    // Never hide what fails the gate.
    minSeverity = atLeast(settings.threshold, 'medium') ? 'medium' : settings.threshold;
  }
  if (settings.config._extends !== undefined) {
    io.stderr(
      `gitops-guard: note: ${configPath} has \`_extends: ${settings.config._extends}\`: the GitHub App inherits from it, the CLI uses this file alone.\n`,
    );
  }
  return { settings, configFile: configPath, format, minSeverity };
}

/**
 * SARIF for code scanning: URIs relative to `root` (the git top level) whatever folder the
 * command runs in, and a warning when GitHub would drop results.
 */
export async function sarifReport(
  findings: readonly Finding[],
  rules: readonly Rule<unknown>[],
  root: string,
  io: CliIo,
): Promise<string> {
  const { GITHUB_SARIF_RESULT_LIMIT, renderSarif } = await import('../report/sarif.js');
  const count = findings.filter((f) => !f.suppressed).length;
  if (count > GITHUB_SARIF_RESULT_LIMIT) {
    io.stderr(
      `gitops-guard: warning: ${count} SARIF results; GitHub code scanning shows at most ${GITHUB_SARIF_RESULT_LIMIT} per run and drops the rest. Raise --min-severity or narrow paths.include.\n`,
    );
  }
  return renderSarif(findings, { version: VERSION, rules, root, cwd: io.cwd });
}

/** Findings at or above the display level (all without one). */
export function shownAtLevel(
  findings: readonly Finding[],
  minSeverity: Severity | undefined,
): readonly Finding[] {
  return minSeverity ? findings.filter((f) => atLeast(f.severity, minSeverity)) : findings;
}

/**
 * Where the report goes: stdout, or with `--output FILE` that file, written once at the end;
 * the summary line then still goes to the terminal.
 */
export function reportOutput(
  file: string | undefined,
  io: CliIo,
): { write: (text: string) => void; finish: (summary: string) => void } {
  const parts: string[] = [];
  return {
    write: (text) => (file === undefined ? io.stdout(text) : parts.push(text)),
    finish: (summary) => {
      if (file === undefined) return;
      try {
        writeFileSync(resolve(io.cwd, file), parts.join(''));
      } catch (error) {
        throw new UsageError(`--output ${file}: ${(error as Error).message}`);
      }
      io.stdout(`${summary}\nReport written to ${file}.\n`);
    },
  };
}

/** `--policy-repo DIR`: its admission policies (UsageError when DIR is no directory). */
export function policyRepositoryFor(dir: string | undefined, config: Config, io: CliIo) {
  try {
    return policyRepositoryFiles(dir, config, io.cwd, io.stderr);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function scanCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: SCAN_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const paths = positionals.length ? positionals : ['.'];
  const loaded = loadSettings(values, paths[0]!, io, ['text', 'json', 'sarif']);
  const { settings } = loaded;
  // `paths` globs are relative to the repository: the folder holding the configuration's `.github/`, else the git top level, else the scanned folder.
  const root =
    loaded.configFile && basename(dirname(resolve(loaded.configFile))) === '.github'
      ? dirname(dirname(resolve(loaded.configFile)))
      : (repositoryRootOf(paths[0]!) ?? scannedFolder(paths[0]!));
  const unlistable: ManifestFile[] = [];
  const onUnlistable = (dir: string, reason: string) =>
    unlistable.push({ path: dir, content: { unreadable: `folder could not be listed: ${reason}` } });
  const files = discoverFiles(paths, {
    include: settings.config.paths?.include,
    exclude: settings.config.paths?.exclude,
    root,
    onUnlistable,
  });
  if (files.length === 0) warnNoManifests(paths, settings.config.paths, io);
  // The files are read when the scan comes to them (twice: the context pass, then judged one by one).
  const progress = createProgress(io, files.length);
  const manifests: StreamedFile[] = files.map((path, i) => ({
    path,
    read: () => {
      progress.tick(i);
      return readRepositoryFile(path);
    },
  }));
  manifests.push(...unlistable.map((m) => ({ path: m.path, read: () => m.content })));
  const limits = DEFAULT_LIMITS;
  // First pass: the resources other verdicts depend on, the admission policies among them and
  // the Namespaces compiled policies look up (gathered now rather than in a pass of their own).
  let context = gatherContext(
    manifests,
    new Set([...lookupKinds(settings.rules), ...POLICY_KINDS, 'Namespace']),
    limits,
    mayHoldPolicy,
  );
  // Custom CEL rules and the repository's own admission policies (src/policy, issue 7), compiled
  // from the resources of the files that may hold one, and of `--policy-repo` DIR.
  const fromPolicyRepo = policyRepositoryFor(values['policy-repo'], settings.config, io);
  const policyRepoResources = policyResources(fromPolicyRepo?.files ?? []);
  const policySide = () => [
    ...context.resources.filter((r) => context.tagged.has(r.file)),
    ...policyRepoResources,
  ];
  // A ValidatingAdmissionPolicy's params can be of any kind: those are context too.
  context = extendContext(manifests, context, vapParamKinds(policySide()), limits);
  const policies = await loadRepositoryPolicies(root, settings.config, policySide(), io.cwd);
  const rules = [...settings.rules, ...policies.active];
  context = extendContext(manifests, context, lookupKinds(rules), limits);
  // What Flux and Argo CD deploy: Kustomize targets rendered and judged, each finding on the line that set the field (docs/rendering.md).
  const rendered =
    values['no-render'] || settings.config.render?.enabled === false
      ? undefined
      : await (
          await import('../render/index.js')
        ).renderAndJudge({
          root,
          cwd: io.cwd,
          rules,
          options: settings.options,
          exceptions: settings.config.exceptions,
          today: io.today,
          configFile: loaded.configFile
            ? relative(io.cwd, loaded.configFile) || loaded.configFile
            : undefined,
          settings: settings.config.render,
          // A scan of a sub-folder renders only the targets that include files under it.
          scope: paths.map((p) => relative(root, resolve(io.cwd, p)).split('\\').join('/')),
        });
  const isRendered = (path: string) =>
    rendered?.renderedFiles.has(relative(io.cwd, resolve(io.cwd, path)).split('\\').join('/')) ?? false;
  const rawFiles = rendered ? manifests.filter((m) => !isRendered(m.path)) : manifests;
  const result = scanStream({
    files: rawFiles,
    // The rendered files are judged in their targets: they are no context of the raw scan.
    context: rendered
      ? { ...context, resources: context.resources.filter((r) => !isRendered(r.file)) }
      : context,
    rules,
    options: settings.options,
    exceptions: settings.config.exceptions,
    today: io.today,
    configFile: loaded.configFile ? relative(io.cwd, loaded.configFile) || loaded.configFile : undefined,
    limits,
  });
  progress.done();
  result.findings.push(...policies.findings, ...policies.runtimeFindings(), ...(rendered?.findings ?? []));
  // Rendered resources hold secrets too (Helm values land in Secrets and env).
  const redactor = rendered
    ? result.redactor.merge(Redactor.forResources(rendered.resources))
    : result.redactor;
  result.findings = sortFindings(redactFindings(result.findings, redactor));
  const summary = summarize(
    result.findings,
    manifests.length,
    result.resourceCount + (rendered?.resources.length ?? 0),
    settings.threshold,
  );
  const out = reportOutput(values.output, io);
  const help = ruleHelpWith(policies.rules);
  if (loaded.format === 'json')
    for (const chunk of renderJsonChunks(
      result.findings,
      summary,
      {},
      { minSeverity: loaded.minSeverity, help },
    ))
      out.write(chunk);
  else if (loaded.format === 'sarif')
    out.write(
      await sarifReport(
        shownAtLevel(result.findings, loaded.minSeverity),
        [...catalogueRules, ...policies.rules],
        repositoryRootOf(paths[0]!) ?? io.cwd,
        io,
      ),
    );
  else
    out.write(
      renderText(result.findings, summary, {
        colour: io.isTTY && !values.output,
        minSeverity: loaded.minSeverity,
        help,
      }),
    );
  out.finish(summaryLine(summary, io.isTTY));
  return summary.failing > 0 ? EXIT.findings : EXIT.ok;
}

/** The folder a path names (a file's folder for a file). */
function scannedFolder(path: string): string {
  const full = resolve(path);
  return isDirectory(full) ? full : dirname(full);
}

/** A path that cannot be stat'ed (missing, a symlink loop) is no folder: the caller goes on and reports it. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** "0 manifests matched" is never a silent pass: say so, with the globs that matched nothing. */
function warnNoManifests(
  paths: readonly string[],
  globs: { include?: string[]; exclude?: string[] } | undefined,
  io: CliIo,
): void {
  const filter = [
    globs?.include?.length ? `paths.include ${JSON.stringify(globs.include)}` : '',
    globs?.exclude?.length ? `paths.exclude ${JSON.stringify(globs.exclude)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  io.stderr(
    `gitops-guard: warning: 0 manifests matched in ${paths.join(', ')}${filter ? ` with ${filter} (relative to the repository root)` : ''}: nothing was checked.\n`,
  );
}

const RULES_HELP = `Usage: gitops-guard rules [ID...] [--format text|json|markdown] [--dir DIR]

Lists the rule catalogue: every id that scan, diff and the app can report (the built-in rules,
the risky-change (delta) rules of \`diff\`, the repository checks, the engine's and the
policies' own findings), with their metadata. With IDs, shows those rules in full: description,
remediation, equivalent checks and the doc page.

  --format text|json|markdown    output format (default text)
  --dir DIR                      also list the custom rules and admission policies of the repository at DIR
`;

async function rulesCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'text' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(RULES_HELP);
    return EXIT.ok;
  }
  const { renderRuleDetail, renderRulesJson, renderRulesMarkdown, renderRulesText } =
    await import('../report/rules-catalogue.js');
  const all = [...catalogueRules, ...(await repositoryRules(values.dir, io))].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const unknown = positionals.filter((id) => !all.some((r) => r.id === id));
  if (unknown.length)
    throw new UsageError(
      `unknown rule ${unknown.join(', ')}${suggestion(unknown[0]!, all)}; \`gitops-guard rules\` lists them all`,
    );
  const rules = positionals.length ? all.filter((r) => positionals.includes(r.id)) : all;
  const builtinIds = new Set(builtinRules.map((r) => r.id));
  const deltaIds = new Set(deltaRules.map((r) => r.id));
  const sourceOf = (rule: Rule<unknown>) => {
    if (builtinIds.has(rule.id)) return rule.engineFinding ? 'engine' : 'builtin';
    if (deltaIds.has(rule.id)) return 'delta';
    if (rule.category === 'repository') return 'repository-check';
    if (rule.engineFinding) return 'engine';
    return rule.id.startsWith('vap/') || rule.id.startsWith('kyverno/') ? 'repository' : 'custom';
  };
  if (positionals.length && values.format === 'text') io.stdout(renderRuleDetail(rules));
  else if (values.format === 'json') io.stdout(renderRulesJson(rules, sourceOf));
  else if (values.format === 'markdown') io.stdout(renderRulesMarkdown(rules));
  else if (values.format === 'text') io.stdout(renderRulesText(rules));
  else throw new UsageError('--format must be one of text, json, markdown');
  return EXIT.ok;
}

/** " (did you mean X?)" for a near miss: a catalogue id that contains the given text. */
function suggestion(id: string, rules: readonly Rule<unknown>[]): string {
  const near = rules.find((r) => r.id.includes(id) || id.includes(r.id));
  return near ? ` (did you mean ${near.id}?)` : '';
}

/** Custom rules and repository policies of the repository at `--dir`, for `rules`. */
async function repositoryRules(dir: string | undefined, io: CliIo) {
  if (dir === undefined) return [];
  const root = resolve(io.cwd, dir);
  if (!existsSync(root)) throw new UsageError(`--dir ${dir}: no such folder`);
  if (!statSync(root).isDirectory()) throw new UsageError(`--dir ${dir}: not a folder`);
  const configPath = findConfigFile(root);
  const raw = readConfigFile(configPath);
  const config = raw.error ? undefined : parseConfig(raw.raw).config;
  const files = discoverFiles([root], {
    include: config?.paths?.include,
    exclude: config?.paths?.exclude,
    root,
  });
  const manifests = files.map((path) => ({ path: relative(root, path), content: readRepositoryFile(path) }));
  return (await loadRepositoryPolicies(root, config, policyResources(manifests))).rules;
}

/** Whether `path` is a folder; false for anything that cannot be stat'ed (a symlink loop is a finding on the path, not a crash). */
