import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseConfig } from '../config/resolve.js';
import type { Config } from '../config/schema.js';
import { resolveSettings, type Settings } from '../judge/index.js';
import { parsePssVersion, scanFiles, sortFindings, type ManifestFile, type Rule } from '../engine/index.js';
import { SEVERITIES, type Severity } from '../model/index.js';
import { redactFindings, Redactor } from '../redaction/index.js';
import { renderJson } from '../report/json.js';
import { renderRulesJson, renderRulesMarkdown, renderRulesText } from '../report/rules-catalogue.js';
import { renderSarif } from '../report/sarif.js';
import { summarize } from '../report/summary.js';
import { renderText } from '../report/text.js';
import { builtinRules } from '../rules/index.js';
import { catalogueRules } from '../catalogue.js';
import { deltaRules } from '../diff/index.js';
import { discoverFiles } from './discover-files.js';
import { readRepositoryFile } from './read-files.js';
import { builtinPacksDir, findConfigFile, loadPacks, readConfigFile, type RawConfig } from './load-config.js';
import { createProgress } from './progress.js';
import { renderAndJudge } from '../render/index.js';
import { loadRepositoryPolicies, policyRepositoryFiles, policyResources, repositoryRootOf } from './policies-loader.js';

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

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

export const HELP = `gitops-guard ${VERSION}: stops insecure GitOps changes before they merge.

Usage:
  gitops-guard scan [PATH...]            scan files or folders (default .); skips .git and node_modules
  gitops-guard diff --base REF [--head REF]   judge a change: introduced, fixed, existing findings
  gitops-guard rules [--format text|json|markdown] [--dir DIR]   the rule catalogue (with DIR's custom rules and admission policies)
  gitops-guard codeowners [--dir DIR] [--format text|json] PATH...   who owns each path (CODEOWNERS)

Run \`gitops-guard COMMAND --help\` for the options of diff, rules and codeowners.

Options (scan; diff takes them too):
  --format text|json|sarif       output format (default text)
  --profile baseline|restricted  Pod Security Standards level (default restricted)
  --pss-version v1.N|latest      Pod Security Standards version (default latest)
  --severity-threshold LEVEL     critical|high|medium|low|info: exit 1 when a finding is at or above it (default high)
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
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export interface CommonSettings {
  /** The judgement's settings (configuration, packs, delta and repository-check settings), with the flags applied. */
  settings: Settings;
  /** The configuration file read, as found (undefined: none). */
  configFile?: string;
  format: string;
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
  const configPath = fromSource ? source.file : values['no-config'] ? undefined : typeof values.config === 'string' ? values.config : findConfigFile(searchFrom);
  const raw = fromSource ? source : readConfigFile(configPath);
  if (raw.error) throw new UsageError(`configuration ${configPath}: ${raw.error}`);
  const { packs, errors: packErrors } = loadPacks(builtinPacksDir());
  if (packErrors.length) throw new UsageError(`built-in policy packs: ${packErrors.join('; ')}`);
  // One file serves scan and diff: `scan` accepts and validates the `rules.<delta-id>` settings of `diff` too.
  const { settings, errors } = resolveSettings({ raw: raw.raw, rules: builtinRules, packs, today: io.today });
  if (errors.length) {
    throw new UsageError(`invalid configuration${configPath ? ` ${configPath}` : ''}:\n${errors.map((e) => `  ${e.key}: ${e.message}`).join('\n')}`);
  }
  if (typeof values.profile === 'string') {
    if (values.profile !== 'baseline' && values.profile !== 'restricted') throw new UsageError('--profile must be baseline or restricted');
    settings.options.profile = values.profile;
  }
  if (typeof values['pss-version'] === 'string') {
    const version = parsePssVersion(values['pss-version']);
    if (!version) throw new UsageError('--pss-version must look like v1.35 or be latest');
    settings.options.pssVersion = version;
  }
  if (typeof values['severity-threshold'] === 'string') {
    if (!(SEVERITIES as readonly string[]).includes(values['severity-threshold'])) throw new UsageError(`--severity-threshold must be one of ${SEVERITIES.join(', ')}`);
    settings.threshold = values['severity-threshold'] as Severity;
  }
  if (settings.config._extends !== undefined) {
    io.stderr(`gitops-guard: note: ${configPath} has \`_extends: ${settings.config._extends}\`: the GitHub App inherits from it, the CLI uses this file alone.\n`);
  }
  return { settings, configFile: configPath, format };
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
  const { values, positionals } = parseArgs({ args, options: SCAN_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const paths = positionals.length ? positionals : ['.'];
  const loaded = loadSettings(values, paths[0]!, io, ['text', 'json', 'sarif']);
  const { settings } = loaded;
  const root = loaded.configFile ? dirname(dirname(loaded.configFile)) : io.cwd;
  const unlistable: ManifestFile[] = [];
  const onUnlistable = (dir: string, reason: string) => unlistable.push({ path: dir, content: { unreadable: `folder could not be listed: ${reason}` } });
  const files = discoverFiles(paths, { include: settings.config.paths?.include, exclude: settings.config.paths?.exclude, root, onUnlistable });
  const progress = createProgress(io, files.length);
  const manifests: ManifestFile[] = files.map((path, i) => {
    progress.tick(i);
    return { path, content: readRepositoryFile(path) };
  });
  manifests.push(...unlistable);
  progress.done();
  // Custom CEL rules and the repository's own admission policies (src/policy, issue 7).
  const policyRoot = loaded.configFile ? root : (repositoryRootOf(paths[0]!) ?? root);
  const fromPolicyRepo = policyRepositoryFor(values['policy-repo'], settings.config, io);
  const policies = loadRepositoryPolicies(policyRoot, settings.config, policyResources([...manifests, ...(fromPolicyRepo?.files ?? [])]), io.cwd);
  // What Flux and Argo CD deploy: Kustomize targets rendered and judged, each finding on the line that set the field (docs/rendering.md).
  const renderRoot = loaded.configFile ? root : repositoryRootOf(paths[0]!) ?? (paths.length === 1 && isDirectory(paths[0]!) ? paths[0]! : root);
  const rendered = values['no-render'] || settings.config.render?.enabled === false
    ? undefined
    : await renderAndJudge({
        root: renderRoot,
        cwd: io.cwd,
        rules: [...settings.rules, ...policies.active],
        options: settings.options,
        exceptions: settings.config.exceptions,
        today: io.today,
        configFile: loaded.configFile ? relative(io.cwd, loaded.configFile) || loaded.configFile : undefined,
        settings: settings.config.render,
      });
  const rawFiles = rendered ? manifests.filter((m) => !rendered.renderedFiles.has(relative(io.cwd, resolve(io.cwd, m.path)).split('\\').join('/'))) : manifests;
  const result = scanFiles({
    files: rawFiles,
    rules: [...settings.rules, ...policies.active],
    options: settings.options,
    exceptions: settings.config.exceptions,
    today: io.today,
    configFile: loaded.configFile ? relative(io.cwd, loaded.configFile) || loaded.configFile : undefined,
  });
  result.findings.push(...policies.findings, ...policies.runtimeFindings(), ...(rendered?.findings ?? []));
  // Rendered resources hold secrets too (Helm values land in Secrets and env).
  const redactor = rendered ? result.redactor.merge(Redactor.forResources(rendered.resources)) : result.redactor;
  result.findings = sortFindings(redactFindings(result.findings, redactor));
  const summary = summarize(result.findings, manifests.length, result.resources.length + (rendered?.resources.length ?? 0), settings.threshold);
  if (loaded.format === 'json') io.stdout(renderJson(result.findings, summary));
  else if (loaded.format === 'sarif') io.stdout(renderSarif(result.findings, { version: VERSION, rules: [...builtinRules, ...policies.rules], root: io.cwd }));
  else io.stdout(renderText(result.findings, summary, { colour: io.isTTY }));
  return summary.failing > 0 ? EXIT.findings : EXIT.ok;
}

export const RULES_HELP = `Usage: gitops-guard rules [--format text|json|markdown] [--dir DIR]

Lists the rule catalogue: every built-in rule, the risky-change (delta) rules of \`diff\` and the
findings of the engine itself, with their metadata.

  --format text|json|markdown    output format (default text)
  --dir DIR                      also list the custom rules and admission policies of the repository at DIR
`;

function rulesCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    io.stdout(RULES_HELP);
    return EXIT.ok;
  }
  const rules = [...catalogueRules, ...repositoryRules(values.dir, io)].sort((a, b) => a.id.localeCompare(b.id));
  const builtinIds = new Set(builtinRules.map((r) => r.id));
  const deltaIds = new Set(deltaRules.map((r) => r.id));
  const sourceOf = (rule: Rule<unknown>) => (builtinIds.has(rule.id) ? (rule.engineFinding ? 'engine' : 'builtin') : deltaIds.has(rule.id) ? 'delta' : rule.id.startsWith('vap/') || rule.id.startsWith('kyverno/') ? 'repository' : 'custom');
  if (values.format === 'json') io.stdout(renderRulesJson(rules, sourceOf));
  else if (values.format === 'markdown') io.stdout(renderRulesMarkdown(rules));
  else if (values.format === 'text') io.stdout(renderRulesText(rules));
  else throw new UsageError('--format must be one of text, json, markdown');
  return EXIT.ok;
}

/** Custom rules and repository policies of the repository at `--dir`, for `rules`. */
function repositoryRules(dir: string | undefined, io: CliIo) {
  if (dir === undefined) return [];
  const root = resolve(io.cwd, dir);
  if (!existsSync(root)) throw new UsageError(`--dir ${dir}: no such folder`);
  if (!statSync(root).isDirectory()) throw new UsageError(`--dir ${dir}: not a folder`);
  const configPath = findConfigFile(root);
  const raw = readConfigFile(configPath);
  const config = raw.error ? undefined : parseConfig(raw.raw).config;
  const files = discoverFiles([root], { include: config?.paths?.include, exclude: config?.paths?.exclude, root });
  const manifests = files.map((path) => ({ path: relative(root, path), content: readRepositoryFile(path) }));
  return loadRepositoryPolicies(root, config, policyResources(manifests)).rules;
}

/** Whether `path` is a folder; false for anything that cannot be stat'ed (a symlink loop is a finding on the path, not a crash). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
