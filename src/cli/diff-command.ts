import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeChange, type ChangeSnapshot, type RendererPort } from '../judge/index.js';
import type { Finding } from '../model/index.js';
import type { CheckResult } from '../repo-checks/index.js';
import { renderRepoChecksMarkdown } from '../repo-checks/report.js';
import { renderJson } from '../report/json.js';
import { renderDiffMarkdown } from '../report/markdown.js';
import { summarize } from '../report/summary.js';
import { renderText } from '../report/text.js';
import { ruleHelpWith } from '../report/rule-links.js';
import { catalogueRules } from '../catalogue.js';
import { terminalText } from '../report/safe-text.js';
import { createRendererPort } from '../render/exec/renderer-port.js';
import { gatherGitChange } from './gather-git.js';
import { GitError, gitRoot, mergeBase, readBlobs, resolveBase, resolveCommit } from './git.js';
import { CONFIG_NAMES, parseConfigText, type RawConfig } from './load-config.js';
import {
  EXIT,
  loadSettings,
  policyRepositoryFor,
  reportOutput,
  sarifReport,
  SCAN_OPTIONS,
  shownAtLevel,
  UsageError,
  type CliIo,
  type CommonSettings,
} from './run-cli.js';

const DIFF_HELP = `Usage: gitops-guard diff --base REF [--head REF] [options]
       gitops-guard diff --pr OWNER/REPO#NUMBER [options]

Judges a change: scans the base and head versions of the changed manifest files and reports
each finding as introduced, existing or fixed, plus risky changes (RBAC widened, policies
switched to audit, network policies removed, ...). Run it inside a git work tree.

  --base REF                     what the change is compared with (a branch, tag or commit)
  --head REF                     the changed version (default: the work tree, uncommitted changes included)
  --staged                       the changed version is the index: what \`git commit\` would record (pre-commit hooks);
                                 with --base HEAD on a repository without commits, everything staged is introduced
  --no-merge-base                compare with REF itself, not with the merge base of REF and head
  --pr OWNER/REPO#NUMBER         judge a pull request on GitHub instead (or its URL): read-only, through the app's own
                                 gatherer, with the token in GITHUB_TOKEN or GH_TOKEN (GITHUB_API_URL for GitHub
                                 Enterprise Server); the configuration is read as the app reads it
  --format text|json|sarif|markdown
  --fail-on introduced|existing  what counts for the exit code (default: review.failOn of the configuration, else introduced)
  --min-severity LEVEL           list findings at or above LEVEL (default medium in text, or the threshold when lower)
  -o, --output FILE              write the report to FILE (the summary line still goes to the terminal)
  --severity-threshold LEVEL     exit 1 when a counted finding is at or above it (default high)
  --repo-checks                  run the local repository checks even without a \`repository\` section
  --no-repo-checks               skip them
  --policy-repo DIR              also apply the admission policies of DIR (a checkout of another repository, read as it is on disk)
  --no-render                    judge changed files as they are; do not render the Kustomize targets they affect
  --profile, --pss-version, --config, --no-config   as for scan

The Kustomize targets (Flux, Argo CD, top overlays) that the change affects are rendered on base
and head and compared per target: a finding on a rendered resource points at the line that set
the field (a patch, an images: entry, the base) and names its target (docs/rendering.md).

The configuration is read from the BASE version of .github/gitops-guard.yml, so a change cannot
switch off its own checks. The repository's own policies (custom CEL rules, ValidatingAdmissionPolicies,
Kyverno policies) are also the base commit's. When the configuration has a \`repository\` section
(or with --repo-checks), diff also checks the signatures of the commits of the range (with --head)
and CODEOWNERS coverage of the changed files (CODEOWNERS of the base commit).
`;

const DIFF_OPTIONS = {
  ...SCAN_OPTIONS,
  base: { type: 'string' },
  head: { type: 'string' },
  'fail-on': { type: 'string' },
  'no-merge-base': { type: 'boolean', default: false },
  staged: { type: 'boolean', default: false },
  pr: { type: 'string' },
  'repo-checks': { type: 'boolean', default: false },
  'no-repo-checks': { type: 'boolean', default: false },
} as const;

export async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: DIFF_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`diff takes no paths (got ${positionals.join(' ')})`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'introduced' && failOn !== 'existing')
    throw new UsageError('--fail-on must be introduced or existing');
  if (values.pr !== undefined) {
    if (values.base || values.head || values.staged)
      throw new UsageError(
        '--pr takes the base and head from the pull request: no --base, --head or --staged',
      );
    return pullRequestDiff(values, failOn, io);
  }
  if (!values.base) throw new UsageError('diff needs --base REF');
  if (values.staged && values.head) throw new UsageError('--staged and --head exclude each other');
  const staged = values.staged;

  let root: string;
  let baseCommit: string;
  let headCommit: string | undefined;
  try {
    root = await gitRoot(io.cwd);
    const base = await resolveBase(root, values.base);
    if (base.unborn)
      io.stderr(
        `gitops-guard: ${values.base} has no commit yet (a new repository): everything ${staged ? 'staged' : 'in the work tree'} is introduced.\n`,
      );
    baseCommit = base.commit;
    headCommit = values.head ? await resolveCommit(root, values.head) : undefined;
    if (!values['no-merge-base'] && !base.unborn)
      baseCommit = (await mergeBase(root, baseCommit, headCommit ?? 'HEAD')) ?? baseCommit;
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }

  // Configuration from the base commit, never from the change itself.
  const configSource = await baseConfig(root, baseCommit);
  const loaded = loadSettings(values, root, io, ['text', 'json', 'sarif', 'markdown'], configSource);
  const { settings } = loaded;
  if (failOn) settings.failOn = failOn;
  // The base configuration's path is relative to the root already; a --config FILE is relative to where the user stands.
  if (loaded.configFile !== undefined)
    settings.configFile =
      loaded.configFile === configSource.file
        ? loaded.configFile
        : relative(root, resolve(io.cwd, loaded.configFile));

  // Gather (git) → judge (the same pure judgement as the app) → publish (the CLI formats).
  const wantRepoChecks =
    !values['no-repo-checks'] && (values['repo-checks'] || settings.config.repository !== undefined);
  const external = policyRepositoryFor(values['policy-repo'], settings.config, io);
  // The Kustomize targets the change affects are rendered on base and head (docs/rendering.md).
  const rendering = !values['no-render'] && settings.config.render?.enabled !== false;
  const snapshot = await gatherGitChange(settings, {
    root,
    base: baseCommit,
    head: headCommit,
    staged,
    repositoryChecks: wantRepoChecks,
    ...(external ? { external } : {}),
    render: rendering,
  });
  return report(snapshot, loaded, values, io, {
    root,
    base: baseCommit,
    head: headCommit ?? (staged ? 'index' : 'worktree'),
    range: `${values.base}${values.head ? `...${values.head}` : staged ? ' against the index' : ' against the work tree'}`,
    ...(rendering ? { renderer: createRendererPort(settings.config.render) } : {}),
  });
}

/** `diff --pr`: the app's gatherer over GitHub (read-only), then the same judgement and formats. */
async function pullRequestDiff(
  values: DiffValues,
  failOn: 'introduced' | 'existing' | undefined,
  io: CliIo,
): Promise<number> {
  // GitHub's client loads only for --pr.
  const [
    { describeGitHubError },
    { gatherPullRequest },
    { githubAccessFromEnv, openPullRequest, parsePullRequestRef },
  ] = await Promise.all([
    import('../github/errors.js'),
    import('../github/gather-pull-request.js'),
    import('./github-pull-request.js'),
  ]);
  const ref = parsePullRequestRef(values.pr!);
  const { port, pull, config } = await openPullRequest(ref, githubAccessFromEnv(process.env));
  const loaded = loadSettings(values, io.cwd, io, ['text', 'json', 'sarif', 'markdown'], config);
  const { settings } = loaded;
  if (failOn) settings.failOn = failOn;
  const repository = `${ref.owner}/${ref.repo}`;
  // The configuration is another repository's: its binary paths are not run here.
  const rendering = !values['no-render'] && settings.config.render?.enabled !== false;
  const { snapshot } = await gatherPullRequest(port, pull, settings, {
    threads: false,
    repository,
    render: rendering,
  }).catch((error: unknown) => {
    throw new Error(`reading ${repository}#${pull.number} from GitHub failed: ${describeGitHubError(error)}`);
  });
  return report(snapshot, loaded, values, io, {
    root: io.cwd,
    base: pull.baseSha,
    head: pull.headSha,
    range: `${repository}#${pull.number} (${pull.baseRef}...${pull.headSha.slice(0, 12)})`,
    ...(rendering ? { renderer: createRendererPort() } : {}),
  });
}

type DiffValues = ReturnType<typeof parseArgs<{ options: typeof DIFF_OPTIONS }>>['values'];

interface ReportLabels {
  /** Where file paths are relative to. */
  root: string;
  base: string;
  head: string;
  /** What was compared, in words. */
  range: string;
  /** Renders the Kustomize targets the change affects; absent with --no-render. */
  renderer?: RendererPort;
}

/** Judge (the same pure judgement as the app) → publish (the CLI formats). */
async function report(
  snapshot: ChangeSnapshot,
  loaded: CommonSettings,
  values: DiffValues,
  io: CliIo,
  labels: ReportLabels,
): Promise<number> {
  const { settings } = loaded;
  const { root } = labels;
  const judgement = await judgeChange(
    snapshot,
    settings,
    labels.renderer ? { renderer: labels.renderer } : {},
  );
  const repoChecks = judgement.repository?.results;

  // Paths relative to where the user stands, like scan.
  const rel = (file: string) => (file ? relative(io.cwd, `${root}/${file}`) || file : file);
  const findings = [...judgement.findings, ...(judgement.repository?.findings ?? [])].map((f) => ({
    ...f,
    file: rel(f.file),
  }));
  const resources = judgement.resources.map((r) => ({
    ...r,
    file: rel(r.file),
    ...(r.previousFile ? { previousFile: rel(r.previousFile) } : {}),
  }));
  const failing = judgement.failing.length;
  const fileCount = judgement.manifestCount;
  const reported = findings.filter((f) => f.status !== 'fixed');
  // Repository-level findings (commit signatures) have no file: shown as "(repository)" in text.
  const named = (list: readonly Finding[]) =>
    list.map((f) => (f.file ? f : { ...f, file: REPOSITORY_LABEL }));

  const out = reportOutput(values.output, io);
  const help = ruleHelpWith(judgement.policyRules);
  const counts = statusCounts(findings);
  if (loaded.format === 'json') {
    const summary = {
      ...summarize(reported, fileCount, judgement.headResourceCount, settings.threshold),
      failing,
      ...counts,
    };
    const extra = {
      base: labels.base,
      head: labels.head,
      failOn: settings.failOn,
      resources,
      ...(repoChecks ? { repositoryChecks: repoChecks } : {}),
    };
    out.write(renderJson(findings, summary, extra, { minSeverity: loaded.minSeverity, help }));
  } else if (loaded.format === 'sarif') {
    // SARIF results need a file: repository-level findings (commit signatures) are left out.
    out.write(
      await sarifReport(
        shownAtLevel(reported, loaded.minSeverity).filter((f) => f.file),
        [...catalogueRules, ...judgement.policyRules],
        root,
        io,
      ),
    );
  } else if (loaded.format === 'markdown') {
    out.write(
      renderDiffMarkdown(
        { findings: named(findings), resources },
        { threshold: settings.threshold, title: 'gitops-guard diff' },
      ),
    );
    if (repoChecks) out.write(`\n${renderRepoChecksMarkdown(repoChecks)}`);
  } else {
    const shown =
      settings.failOn === 'existing' ? reported : reported.filter((f) => f.status === 'introduced');
    const summary = {
      ...summarize(shown, fileCount, judgement.headResourceCount, settings.threshold),
      failing,
    };
    out.write(
      renderText(named(shown), summary, {
        colour: io.isTTY && !values.output,
        minSeverity: loaded.minSeverity,
        help,
      }),
    );
    out.write(
      `diff ${labels.range}: ${counts.introduced} introduced, ${counts.fixed} fixed, ${counts.existing} existing; ${resources.length} resource${resources.length === 1 ? '' : 's'} changed in ${fileCount} file${fileCount === 1 ? '' : 's'}.\n`,
    );
    if (repoChecks) out.write(renderRepoChecksText(repoChecks));
  }
  out.finish(
    `diff: ${counts.introduced} introduced, ${counts.fixed} fixed, ${counts.existing} existing; ${failing} counted at or above ${settings.threshold}.`,
  );
  return failing > 0 ? EXIT.findings : EXIT.ok;
}

async function baseConfig(root: string, commit: string): Promise<RawConfig> {
  const blobs = await readBlobs(
    root,
    CONFIG_NAMES.map((name) => `${commit}:${name}`),
  );
  const index = blobs.findIndex((b) => b !== undefined);
  if (index < 0) return { raw: undefined };
  return parseConfigText(blobs[index]!.toString('utf8'), CONFIG_NAMES[index]!);
}

const REPOSITORY_LABEL = '(repository)';

const OUTCOME_WORDS = {
  pass: 'pass',
  fail: 'FAIL',
  not_available: 'not available',
  not_applicable: 'not applicable',
  error: 'ERROR',
} as const;

/** One line per repository check, plus the items that could not be decided (they are not findings). */
function renderRepoChecksText(results: readonly CheckResult[]): string {
  const lines = ['repository checks:'];
  for (const r of results) {
    lines.push(`  ${r.title}: ${OUTCOME_WORDS[r.outcome]}. ${terminalText(r.summary)}`);
    for (const item of r.items.filter((i) => i.outcome === 'not_available'))
      lines.push(`    ${terminalText(item.message)}`);
  }
  return lines.join('\n') + '\n';
}

function statusCounts(findings: readonly Finding[]) {
  const active = findings.filter((f) => !f.suppressed);
  return {
    introduced: active.filter((f) => f.status === 'introduced').length,
    existing: active.filter((f) => f.status === 'existing').length,
    fixed: active.filter((f) => f.status === 'fixed').length,
  };
}
