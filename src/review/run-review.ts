import { resolveConfig, type ConfigError, type PolicyPack, type ResolvedConfig } from '../config/resolve.js';
import type { Rule } from '../engine/index.js';
import { diffChange, splitDeltaSettings, type ActiveDelta, type ChangedFile, type DiffResult } from '../diff/index.js';
import { fingerprintOf, LOADER_RULES } from '../manifests/index.js';
import type { Finding, Severity } from '../model/index.js';
import { buildAnnotations, buildCompletionUpdates, checkRunTitle, CHECK_RUN_NAME, conclusionFor } from '../report/check-run.js';
import { planReview, type RuleText } from '../report/review-comments.js';
import { describeGitHubError } from '../github/errors.js';
import { blobKey, type BlobRequest, type BlobResult, type CheckConclusion, type GitHubPort, type PullFile, type PullRequestInfo, type ReviewThread } from './github-port.js';
import { reversePatch } from './patch.js';
import { isPolicyRulePath, loadAppPolicies, planPolicyFetch, policyBlobRequests, policyRepositoryResources, type PolicyFetchPlan } from './policies.js';
import { codeownersRequests, pullRequestRepoChecks } from './repo-checks.js';
import { isManifestPath } from './select-manifests.js';
import { resolveRepositoryConfig } from '../repo-checks/config.js';

/**
 * The review of one pull request head, as numbered steps. Pure orchestration over a GitHubPort:
 * 1 check run in progress, 2 config (default branch), 3 changed files (and the first commits), 4 contents (batched, with
 * CODEOWNERS, the base branch's policy files and its ruleset rules), 4b repository checks, 5 semantic diff (the base
 * branch's policies added to the rules), 6 review comments, 7 resolve fixed threads, 8 complete the check run.
 * The check run is always completed, whatever fails after it exists.
 */

export const CONFIG_FILE = '.github/gitops-guard.yml';

export interface SummaryContext {
  diff: DiffResult;
  findings: readonly Finding[];
  threshold: Severity;
}

export interface ReviewDeps {
  port: GitHubPort;
  rules: readonly Rule<unknown>[];
  packs: readonly PolicyPack[];
  /** Renders the markdown summary of the diff (tables, resources, risky deltas). */
  renderSummary: (context: SummaryContext) => string;
  now?: () => Date;
  /** This app's id: pins the required status check of the branch-protection baseline. */
  appId?: number;
  /** `owner/name`, for messages. */
  repository?: string;
  log?: { info: (msg: string) => void; warn: (msg: string) => void; error: (msg: string) => void };
}

export interface ReviewOutcome {
  checkRunId?: number;
  conclusion: CheckConclusion;
  title: string;
  findings: Finding[];
  commentsPosted: number;
  threadsResolved: number;
  /** What failed, when the review could not complete. */
  error?: string;
}

const IN_PROGRESS_OUTPUT = { title: 'Reviewing the manifest changes', summary: 'gitops-guard is reviewing this pull request.' };

export async function runReview(pull: PullRequestInfo, deps: ReviewDeps): Promise<ReviewOutcome> {
  const { port } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? { info: () => {}, warn: () => {}, error: () => {} };

  // 1. The check run, at once: reuse ours on this SHA (redelivery, re-run) or create it.
  let existing: Awaited<ReturnType<GitHubPort['findCheckRun']>>;
  try {
    existing = await port.findCheckRun(pull.headSha, CHECK_RUN_NAME);
  } catch (error) {
    log.warn(`could not list check runs, creating a new one: ${describeGitHubError(error)}`);
  }
  const started = { status: 'in_progress' as const, started_at: now().toISOString(), output: IN_PROGRESS_OUTPUT };
  let checkRunId: number;
  if (existing) {
    checkRunId = existing.id;
    await port.updateCheckRun(checkRunId, started);
  } else {
    checkRunId = await port.createCheckRun(pull.headSha, CHECK_RUN_NAME, started);
  }

  try {
    const outcome = await review(pull, deps, existing?.annotationsCount ?? 0, now);
    for (const update of outcome.updates) await port.updateCheckRun(checkRunId, update);
    return { ...outcome.result, checkRunId };
  } catch (error) {
    const message = describeGitHubError(error);
    log.error(`review of #${pull.number} at ${pull.headSha} failed: ${message}`);
    const title = 'gitops-guard could not complete the review';
    try {
      await port.updateCheckRun(checkRunId, {
        status: 'completed',
        conclusion: 'failure',
        completed_at: now().toISOString(),
        output: {
          title,
          summary: `**The review failed, so this change was not checked.**\n\n${message}\n\nRe-run the check once the cause is fixed (the "Re-run" button re-runs gitops-guard).`,
        },
      });
    } catch (completeError) {
      log.error(`could not complete check run ${checkRunId}: ${describeGitHubError(completeError)}`);
    }
    return { checkRunId, conclusion: 'failure', title, findings: [], commentsPosted: 0, threadsResolved: 0, error: message };
  }
}

interface Reviewed {
  result: Omit<ReviewOutcome, 'checkRunId'>;
  updates: ReturnType<typeof buildCompletionUpdates>;
}

async function review(pull: PullRequestInfo, deps: ReviewDeps, existingAnnotations: number, now: () => Date): Promise<Reviewed> {
  const { port } = deps;
  const notes: string[] = [];

  // 2. Configuration from the default branch only: a pull request cannot relax its own checks.
  const { resolved, deltas, errors: configErrors } = await loadConfig(deps);
  const config = resolved.config;

  // 3. Changed files: up to 300, one compare call (with the first 100 commits); beyond, every page of pulls/{n}/files (GitHub stops at 3,000).
  const { files, truncated, firstCommits } = await port.listChanges(pull);
  if (truncated) notes.push(`GitHub lists at most 3,000 changed files; this pull request has more, and files past the first ${files.length} were not reviewed.`);
  const isManifest = (path: string) => isManifestPath(path, config.paths) && !isPolicyRulePath(path, config);
  const manifests = files.filter((f) => f.status !== 'unchanged' && (isManifest(f.path) || (f.previousPath !== undefined && isManifest(f.previousPath))));
  const commentsOn = config.review?.comments !== 'off' && (!pull.draft || config.review?.drafts === true);
  const repoConfig = resolveRepositoryConfig(config.repository);

  // 4a. The base branch's policy files: one tree listing; their blobs join the batched query below.
  let policyPlan: PolicyFetchPlan | undefined;
  if (manifests.length > 0) {
    const tree = await port.listTree(pull.baseSha).catch((error: unknown) => ({ unavailable: describeGitHubError(error) }));
    policyPlan = planPolicyFetch(tree, files, config);
    notes.push(...policyPlan.notes);
  }
  // 4a'. Admission policies of another repository (`policies.repository`): one tree listing, one blob query.
  const policyRepo = config.policies?.repository;
  const policyRepoRead = manifests.length > 0 && policyRepo && port.readPolicyRepository ? await port.readPolicyRepository(policyRepo.name, policyRepo.ref, policyRepo.paths) : undefined;
  if (policyRepoRead && 'notes' in policyRepoRead) notes.push(...(policyRepoRead.notes ?? []));
  const fromPolicyRepo = policyRepositoryResources(policyRepoRead, CONFIG_FILE);

  // 4. Contents: head blobs in batched GraphQL; base rebuilt from GitHub's patch (the merge base), fetched only when there is none.
  // CODEOWNERS (base, and head when changed) and the policy files share the same requests.
  const headRequests: BlobRequest[] = manifests.filter((f) => f.status !== 'removed').map((f) => ({ sha: pull.headSha, path: f.path }));
  const baseRequests: BlobRequest[] = manifests.filter((f) => needsBaseBlob(f)).map((f) => ({ sha: pull.baseSha, path: f.previousPath ?? f.path }));
  const extraRequests = [...codeownersRequests(pull, files, repoConfig), ...(policyPlan ? policyBlobRequests(policyPlan, pull.baseSha, pull.headSha) : [])];
  const requests = dedupe([...headRequests, ...baseRequests, ...extraRequests]);
  // The base branch's ruleset rules (branch protection) ride in the same query.
  const rulesOf = repoConfig.branchProtection.enabled ? pull.baseRef : undefined;
  const threadsOf = manifests.length && commentsOn ? pull.number : undefined;
  const first = requests.length || threadsOf !== undefined || rulesOf !== undefined ? await port.fetchBlobs(requests, threadsOf, rulesOf) : { blobs: new Map<string, BlobResult>(), threads: [] };
  const blobs = first.blobs;
  const threads: ReviewThread[] = first.threads ?? [];

  // 4b. Repository checks: signatures, CODEOWNERS coverage, branch protection (each part that cannot be read is "not available").
  const repoChecks = await pullRequestRepoChecks({ port, pull, files, config: repoConfig, blobs, firstCommits, ...('branchRules' in first && first.branchRules ? { branchRules: first.branchRules } : {}), repository: deps.repository, appId: deps.appId });
  const repoFindings = repoChecks?.findings ?? [];
  const repoSection = repoChecks?.markdown.trim() ?? '';

  if (manifests.length === 0) {
    const conclusion = conclusionFor({ findings: repoFindings, threshold: resolved.severityThreshold, advisory: config.review?.advisory, failOn: config.review?.failOn });
    const summary = [configSection(configErrors), `No Kubernetes, Argo CD or Flux manifest changed in this pull request (${files.length} file${files.length === 1 ? '' : 's'} checked).`, ...notes.map((n) => `> ${n}`), repoSection]
      .filter(Boolean)
      .join('\n\n');
    const failing = repoFindings.length ? checkRunTitle(repoFindings, resolved.severityThreshold) : '';
    const title = (configErrors.length ? 'No manifest changes · invalid configuration' : 'No manifest changes') + (failing ? ` · repository checks: ${failing}` : '');
    return {
      result: { conclusion, title, findings: repoFindings, commentsPosted: 0, threadsResolved: 0 },
      updates: buildCompletionUpdates({ title, summary, conclusion, annotations: fileAnnotations(repoFindings), completedAt: now().toISOString() }),
    };
  }
  const changed: ChangedFile[] = [];
  const unreadable: Finding[] = [];
  const retry: PullFile[] = [];
  const assemble = (file: PullFile, allowRetry: boolean) => {
    const head = file.status === 'removed' ? undefined : blobs.get(blobKey({ sha: pull.headSha, path: file.path }));
    if (head && head.kind !== 'text') {
      unreadable.push(unreadableFinding(file.path, head, deps));
      return;
    }
    let base: string | undefined;
    if (file.status !== 'added' && file.status !== 'copied') {
      const baseBlob = blobs.get(blobKey({ sha: pull.baseSha, path: file.previousPath ?? file.path }));
      if (baseBlob) base = baseBlob.kind === 'text' ? baseBlob.text : undefined;
      else if (file.patch !== undefined) base = reversePatch(head?.text ?? '', file.patch);
      else if (file.status === 'renamed' && file.changes === 0) base = head?.text;
      if (base === undefined && baseBlob === undefined) {
        if (allowRetry) return void retry.push(file);
        notes.push(`The base version of \`${file.path}\` could not be read; its findings are all counted as introduced.`);
      }
    }
    changed.push({ path: file.path, ...(file.previousPath ? { previousPath: file.previousPath } : {}), status: file.status === 'removed' ? 'removed' : file.status === 'added' || file.status === 'copied' ? 'added' : file.status === 'renamed' ? 'renamed' : 'modified', ...(base !== undefined ? { base } : {}), ...(head?.kind === 'text' ? { head: head.text } : {}), ...(file.patch !== undefined ? { patch: file.patch } : {}) });
  };
  for (const file of manifests) assemble(file, true);
  if (retry.length) {
    // A patch that did not apply (rare): fetch those base blobs in one more request.
    const second = await port.fetchBlobs(retry.map((f) => ({ sha: pull.baseSha, path: f.previousPath ?? f.path })));
    for (const [key, value] of second.blobs) blobs.set(key, value);
    for (const file of retry) assemble(file, false);
  }

  // 5. Semantic diff: introduced / existing / fixed, judged by the built-in rules and the BASE branch's own policies.
  const policies = loadAppPolicies({ plan: policyPlan!, blobs, baseSha: pull.baseSha, headSha: pull.headSha, changed, files, config, reservedIds: deps.rules.map((r) => r.id), extraResources: fromPolicyRepo.resources });
  const today = now().toISOString().slice(0, 10);
  const diff = diffChange({ files: changed, rules: [...resolved.rules, ...policies.compiled.active], options: resolved.options, exceptions: config.exceptions ?? [], today, configFile: CONFIG_FILE, ...(deltas ? { deltas } : {}) });
  const manifestFindings = [...diff.findings, ...unreadable, ...policies.compileFindings, ...fromPolicyRepo.findings, ...policies.runtimeFindings({ options: resolved.options, exceptions: config.exceptions ?? [], today })];
  const findings = [...manifestFindings, ...repoFindings];
  const threshold = resolved.severityThreshold;
  const conclusion = conclusionFor({ findings, threshold, advisory: config.review?.advisory, failOn: config.review?.failOn });
  let commentsPosted = 0;
  let threadsResolved = 0;

  // 6. One review with inline comments on introduced findings inside the diff, never repeating a fingerprint.
  if (commentsOn) {
    const ruleText = ruleTextLookup([...deps.rules, ...policies.compiled.rules]);
    const plan = planReview({
      commitId: pull.headSha,
      findings: manifestFindings,
      patches: new Map(manifests.map((f) => [f.path, f.patch])),
      alreadyCommented: new Set(threads.map((t) => t.fingerprint)),
      ruleText,
      maxComments: config.review?.maxComments,
    });
    if (plan.review) {
      try {
        await port.createReview(pull.number, plan.review);
        commentsPosted = plan.review.comments.length;
      } catch (error) {
        notes.push(`Review comments could not be posted: ${describeGitHubError(error)}. The annotations below still show every introduced finding.`);
      }
    }
    if (plan.overflow.length) notes.push(`${plan.overflow.length} introduced finding(s) on changed lines were not commented inline (at most ${config.review?.maxComments ?? 30} comments per review).`);

    // 7. Threads of ours whose finding is gone (fixed, suppressed, or no longer in the change): resolve them.
    const stillThere = new Set(findings.filter((f) => f.status !== 'fixed' && !f.suppressed).map((f) => f.fingerprint));
    const stale = threads.filter((t) => !t.isResolved && !stillThere.has(t.fingerprint)).map((t) => t.id);
    if (stale.length) {
      try {
        await port.resolveThreads(stale);
        threadsResolved = stale.length;
      } catch (error) {
        notes.push(`${stale.length} review thread(s) about fixed findings could not be resolved: ${describeGitHubError(error)}.`);
      }
    }
  } else if (pull.draft && config.review?.comments !== 'off') {
    notes.push('Draft pull request: no review comments (set `review.drafts: true` to comment on drafts).');
  }

  // 8. Completion: conclusion, summary, annotations 50 per request.
  let annotations = fileAnnotations(findings);
  if (existingAnnotations > 0 && annotations.length > 0) {
    notes.push(`This check run was re-run: GitHub keeps the ${existingAnnotations} annotation(s) of the first run (annotations can only be appended), so they were not sent again.`);
    annotations = [];
  }
  const title = (configErrors.length ? 'Invalid configuration · ' : '') + checkRunTitle(findings, threshold);
  const summary = [
    configSection(configErrors),
    notes.length ? notes.map((n) => `> ${n}`).join('\n>\n') : '',
    deps.renderSummary({ diff, findings: manifestFindings, threshold }),
    repoSection,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    result: { conclusion, title, findings, commentsPosted, threadsResolved },
    updates: buildCompletionUpdates({ title, summary, conclusion, annotations, completedAt: now().toISOString() }),
  };
}

/** Annotations need a file: repository-level findings (no file) are in the summary only. */
function fileAnnotations(findings: readonly Finding[]) {
  return buildAnnotations(findings.filter((f) => f.file !== ''));
}

function dedupe(requests: readonly BlobRequest[]): BlobRequest[] {
  const seen = new Set<string>();
  return requests.filter((r) => !seen.has(blobKey(r)) && Boolean(seen.add(blobKey(r))));
}

function needsBaseBlob(file: PullFile): boolean {
  if (file.status === 'added' || file.status === 'copied') return false;
  if (file.patch !== undefined) return false;
  return !(file.status === 'renamed' && file.changes === 0);
}

async function loadConfig(deps: ReviewDeps): Promise<{ resolved: ResolvedConfig; deltas?: ActiveDelta[]; errors: ConfigError[] }> {
  let raw: unknown;
  const errors: ConfigError[] = [];
  try {
    raw = await deps.port.loadConfig();
  } catch (error) {
    // A GitHub failure is a failure; a file that does not parse is a configuration error.
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    errors.push({ key: CONFIG_FILE, message: (error as Error).message.replace(/^\[@probot\/octokit-plugin-config\] /, '') });
  }
  // `rules.<delta-id>` (docs/diff.md) configures the risky-change rules of the diff, not the scan rules.
  const split = splitDeltaSettings(raw);
  const resolved = resolveConfig(deps.rules, deps.packs, split.raw);
  if (resolved.errors.length === 0 && split.errors.length === 0 && errors.length === 0) return { resolved, deltas: split.deltas, errors };
  // Safe defaults: the whole configuration is dropped, never half-applied.
  return { resolved: resolveConfig(deps.rules, deps.packs, undefined), errors: [...errors, ...resolved.errors, ...split.errors] };
}

function configSection(errors: readonly ConfigError[]): string {
  if (errors.length === 0) return '';
  const rows = errors.map((e) => `| \`${e.key.replace(/\|/g, '\\|')}\` | ${e.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  return [
    `### ⚠️ Invalid configuration (\`${CONFIG_FILE}\` on the default branch)`,
    'This review ran on the built-in safe defaults instead. Fix these keys:',
    '',
    '| Key | Problem |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

function unreadableFinding(path: string, blob: Exclude<BlobResult, { kind: 'text' }>, deps: ReviewDeps): Finding {
  const message =
    blob.kind === 'binary'
      ? 'File is binary; it was not scanned.'
      : blob.kind === 'too-large'
        ? `File is ${blob.byteSize} bytes, too large for GitHub's API to return in full; it was not scanned.`
        : 'File could not be read from GitHub; it was not scanned.';
  const rule = deps.rules.find((r) => r.id === LOADER_RULES.parseError);
  return {
    ruleId: LOADER_RULES.parseError,
    severity: blob.kind === 'missing' ? (rule?.severity ?? 'high') : 'medium',
    message,
    file: path,
    line: 1,
    column: 1,
    path: '',
    fingerprint: fingerprintOf(LOADER_RULES.parseError, path, blob.kind),
    status: 'introduced',
  };
}

function ruleTextLookup(rules: readonly Rule<unknown>[]): (id: string) => RuleText | undefined {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return (id) => {
    const rule = byId.get(id);
    return rule ? { title: rule.title, description: rule.description, remediation: rule.remediation } : undefined;
  };
}

