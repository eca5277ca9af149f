import { atLeast, type Finding, type Severity } from '../model/index.js';
import type { CheckAnnotation, CheckConclusion, CheckRunUpdate } from '../review/github-port.js';

/** Pure: request bodies for GitHub's check-run API, within its limits. */

export const CHECK_RUN_NAME = 'gitops-guard';
/** `output.summary` and `output.text` hold at most 65,535 characters. */
export const MAX_OUTPUT_CHARS = 65_535;
/** GitHub takes at most 50 annotations per create/update request (they append). */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
const MAX_TITLE_CHARS = 255;
const MAX_ANNOTATION_MESSAGE_CHARS = 4_000;

/** Cuts markdown at a line boundary below the limit and says so. */
export function truncateMarkdown(markdown: string, limit = MAX_OUTPUT_CHARS): string {
  if (markdown.length <= limit) return markdown;
  const note = (omitted: number) => `\n\n> **Truncated:** ${omitted} more characters did not fit GitHub's ${limit.toLocaleString('en-US')}-character limit. Every introduced finding is still listed as an annotation.\n`;
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

/** Findings that count: introduced on head, not suppressed. */
export function introducedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.status === 'introduced' && !f.suppressed);
}

/** One annotation per introduced finding, on its exact line. */
export function buildAnnotations(findings: readonly Finding[]): CheckAnnotation[] {
  return introducedFindings(findings).map((f) => {
    const endLine = Math.max(f.line, f.endLine ?? f.line);
    const annotation: CheckAnnotation = {
      path: f.file,
      start_line: Math.max(1, f.line),
      end_line: Math.max(1, endLine),
      annotation_level: level(f.severity),
      title: clip(`${f.ruleId} (${f.severity})`, MAX_TITLE_CHARS),
      message: clip(f.message, MAX_ANNOTATION_MESSAGE_CHARS),
    };
    if (endLine === f.line && f.column > 0) {
      annotation.start_column = f.column;
      annotation.end_column = f.column;
    }
    return annotation;
  });
}

export interface ConclusionInput {
  findings: readonly Finding[];
  threshold: Severity;
  advisory?: boolean;
  /** `existing`: pre-existing findings at the threshold fail too (review.failOn). */
  failOn?: 'introduced' | 'existing';
}

/** `failure` when introduced findings reach the threshold (`neutral` when advisory), else `success`. */
export function conclusionFor(input: ConclusionInput): CheckConclusion {
  const counted = input.findings.filter((f) => !f.suppressed && (f.status === 'introduced' || (input.failOn === 'existing' && f.status === 'existing')));
  const failing = counted.some((f) => atLeast(f.severity, input.threshold));
  if (!failing) return 'success';
  return input.advisory ? 'neutral' : 'failure';
}

export interface CompletionInput {
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
  for (let i = 0; i < input.annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST) batches.push(input.annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  const first: CheckRunUpdate = {
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: input.completedAt,
    output: { ...output, ...(batches[0] ? { annotations: batches[0] } : {}) },
  };
  return [first, ...batches.slice(1).map((annotations) => ({ output: { ...output, annotations } }))];
}

/** A short title: `2 introduced (1 high) · 1 fixed · 3 existing`. */
export function checkRunTitle(findings: readonly Finding[], threshold: Severity): string {
  const active = findings.filter((f) => !f.suppressed);
  const introduced = active.filter((f) => f.status === 'introduced');
  const failing = introduced.filter((f) => atLeast(f.severity, threshold)).length;
  const fixed = active.filter((f) => f.status === 'fixed').length;
  const existing = active.filter((f) => f.status === 'existing').length;
  const parts = [`${introduced.length} introduced${failing ? ` (${failing} at or above ${threshold})` : ''}`, `${fixed} fixed`, `${existing} existing`];
  return parts.join(' · ');
}
