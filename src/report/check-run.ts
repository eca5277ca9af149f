import type { ConfigError } from '../config/resolve.js';
import type { CheckAnnotation, CheckConclusion, CheckRunUpdate } from '../github/wire-format.js';
import type { Judgement, PushJudgement } from '../judge/index.js';
import { atLeast, type Finding, type Severity } from '../model/index.js';
import { renderRepoChecksMarkdown } from '../repo-checks/index.js';
import { renderDiffMarkdown } from './markdown.js';
import { markdownCell, markdownCode, markdownText, plainText } from './safe-text.js';

/** Pure: a Judgement rendered as request bodies for GitHub's check-run API, within its limits. */

/** `output.summary` and `output.text` hold at most 65,535 characters. */
export const MAX_OUTPUT_CHARS = 65_535;
/** GitHub takes at most 50 annotations per create/update request (they append). */
const MAX_ANNOTATIONS_PER_REQUEST = 50;
const MAX_TITLE_CHARS = 255;
const MAX_ANNOTATION_MESSAGE_CHARS = 4_000;

/** Cuts markdown at a line boundary below the limit and says so. */
export function truncateMarkdown(markdown: string, limit = MAX_OUTPUT_CHARS): string {
  if (markdown.length <= limit) return markdown;
  const note = (omitted: number) =>
    `\n\n> **Truncated:** ${omitted} more characters did not fit GitHub's ${limit.toLocaleString('en-US')}-character limit. Every introduced finding is still listed as an annotation.\n`;
  const room = limit - note(markdown.length).length;
  let cut = markdown.lastIndexOf('\n', room);
  if (cut <= 0) cut = room;
  return markdown.slice(0, cut) + note(markdown.length - cut);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function level(severity: Severity): CheckAnnotation['annotation_level'] {
  if (severity === 'critical' || severity === 'high') return 'failure';
  if (severity === 'medium') return 'warning';
  return 'notice';
}

/** One annotation per introduced finding with a file (repository-level findings are in the summary only), on its exact line. */
function buildAnnotations(findings: readonly Finding[]): CheckAnnotation[] {
  return findings
    .filter((f) => f.status === 'introduced' && !f.suppressed && f.file !== '')
    .map((f) => {
      const endLine = Math.max(f.line, f.endLine ?? f.line);
      const annotation: CheckAnnotation = {
        path: f.file,
        start_line: Math.max(1, f.line),
        end_line: Math.max(1, endLine),
        annotation_level: level(f.severity),
        // Annotations are plain text: repository text loses its control characters, nothing else is needed.
        title: clip(plainText(`${f.ruleId} (${f.severity})`), MAX_TITLE_CHARS),
        message: clip(plainText(f.message), MAX_ANNOTATION_MESSAGE_CHARS),
      };
      if (endLine === f.line && f.column > 0) {
        annotation.start_column = f.column;
        annotation.end_column = f.column;
      }
      return annotation;
    });
}

interface CompletionInput {
  title: string;
  summary: string;
  conclusion: CheckConclusion;
  annotations: readonly CheckAnnotation[];
  completedAt: string;
}

/**
 * The update that completes the run (with the first 50 annotations), then one update per
 * further 50 annotations (GitHub appends them; each update repeats title and summary).
 */
export function buildCompletionUpdates(input: CompletionInput): CheckRunUpdate[] {
  const output = { title: clip(input.title, MAX_TITLE_CHARS), summary: truncateMarkdown(input.summary) };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < input.annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST)
    batches.push(input.annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  const first: CheckRunUpdate = {
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: input.completedAt,
    output: { ...output, ...(batches[0] ? { annotations: batches[0] } : {}) },
  };
  return [first, ...batches.slice(1).map((annotations) => ({ output: { ...output, annotations } }))];
}

/** A short title: `2 introduced (1 high) · 1 fixed · 3 existing`. */
function checkRunTitle(findings: readonly Finding[], threshold: Severity): string {
  const active = findings.filter((f) => !f.suppressed);
  const introduced = active.filter((f) => f.status === 'introduced');
  const failing = introduced.filter((f) => atLeast(f.severity, threshold)).length;
  const fixed = active.filter((f) => f.status === 'fixed').length;
  const existing = active.filter((f) => f.status === 'existing').length;
  const parts = [
    `${introduced.length} introduced${failing ? ` (${failing} at or above ${threshold})` : ''}`,
    `${fixed} fixed`,
    `${existing} existing`,
  ];
  return parts.join(' · ');
}

export interface CheckRunReportInput {
  judgement: Judgement;
  threshold: Severity;
  advisory: boolean;
  /** Problems of the configuration (the run used the safe defaults) and where it lives. */
  configErrors: readonly ConfigError[];
  configFile: string;
  /** What publishing could not do (review comments not posted), beside the judgement's notes. */
  notes?: readonly string[];
  /** Annotations GitHub already holds for this run (a re-run): annotations only append, so none are sent again. */
  existingAnnotations?: number;
  completedAt: string;
  /** A hidden machine-readable first line (the approval plan, src/approvals/block.ts): kept whole, the rest is cut to fit. */
  hiddenBlock?: string;
}

/**
 * The updates that complete the check run: one title, summary and conclusion for every pull
 * request, whether manifests changed or not (then the repository checks decide alone).
 */
export function checkRunUpdates(input: CheckRunReportInput): CheckRunUpdate[] {
  const { judgement, threshold } = input;
  const notes = [...judgement.notes, ...(input.notes ?? [])];
  const repoFindings = judgement.repository?.findings ?? [];
  const all = [...judgement.findings, ...repoFindings];
  let annotations = buildAnnotations(all);
  if ((input.existingAnnotations ?? 0) > 0 && annotations.length > 0) {
    notes.push(
      `This check run was re-run: GitHub keeps the ${input.existingAnnotations} annotation(s) of the first run (annotations can only be appended), so they were not sent again.`,
    );
    annotations = [];
  }
  const noManifests = judgement.manifestCount === 0;
  let title: string;
  if (noManifests) {
    const failing = repoFindings.length ? checkRunTitle(repoFindings, threshold) : '';
    title =
      (input.configErrors.length ? 'No manifest changes · invalid configuration' : 'No manifest changes') +
      (failing ? ` · repository checks: ${failing}` : '');
  } else {
    title = (input.configErrors.length ? 'Invalid configuration · ' : '') + checkRunTitle(all, threshold);
  }
  const count = judgement.changedPathCount;
  const summary = [
    configSection(input.configErrors, input.configFile),
    noManifests
      ? `No Kubernetes, Argo CD or Flux manifest changed in this pull request (${count} file${count === 1 ? '' : 's'} checked).`
      : '',
    // Notes quote paths and GitHub's errors: prose, escaped.
    notes.length ? notes.map((n) => `> ${markdownText(n)}`).join('\n>\n') : '',
    noManifests
      ? ''
      : renderDiffMarkdown(
          { findings: judgement.findings, resources: judgement.resources },
          { threshold, maxLength: 60_000 },
        ),
    judgement.repository ? renderRepoChecksMarkdown(judgement.repository.results).trim() : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const conclusion: CheckConclusion =
    judgement.failing.length === 0 ? 'success' : input.advisory ? 'neutral' : 'failure';
  const block = input.hiddenBlock ?? '';
  return buildCompletionUpdates({
    title,
    summary: block + truncateMarkdown(summary, MAX_OUTPUT_CHARS - block.length),
    conclusion,
    annotations,
    completedAt: input.completedAt,
  });
}

function configSection(errors: readonly ConfigError[], configFile: string): string {
  if (errors.length === 0) return '';
  const rows = errors.map((e) => `| ${markdownCode(e.key, { table: true })} | ${markdownCell(e.message)} |`);
  return [
    `### ⚠️ Invalid configuration (\`${configFile}\` on the default branch)`,
    'This review ran on the built-in safe defaults instead. Fix these keys:',
    '',
    '| Key | Problem |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

/** The completed check run of a push (no annotations: repository-level findings have no file). */
export function pushCheckRun(
  judgement: PushJudgement,
  options: { advisory: boolean; completedAt: string },
): CheckRunUpdate {
  const { branch, failing } = judgement;
  const title = failing.length
    ? `${failing.length} problem${failing.length === 1 ? '' : 's'} with the push to ${branch}`
    : `Push to ${branch}: no problems`;
  const summary = [
    judgement.notes.map((n) => `> ${n}`).join('\n>\n'),
    renderRepoChecksMarkdown(judgement.results),
  ]
    .filter(Boolean)
    .join('\n\n');
  const conclusion: CheckConclusion = failing.length ? (options.advisory ? 'neutral' : 'failure') : 'success';
  return {
    status: 'completed',
    conclusion,
    completed_at: options.completedAt,
    output: { title: clip(title, MAX_TITLE_CHARS), summary: truncateMarkdown(summary) },
  };
}
