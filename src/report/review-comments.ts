import type { Finding } from '../model/index.js';
import {
  fingerprintMarker,
  markerId,
  type ReviewBody,
  type ReviewCommentBody,
} from '../github/wire-format.js';
import { hasUnsafeCharacters, markdownText } from './safe-text.js';
import { rightSideRanges } from '../diff/unified-diff.js';

/** Pure: the one review of a run, with inline comments anchored only where GitHub accepts them. */

/** reviewdog's cap: more comments in one review trip GitHub's abuse detection. */
const MAX_REVIEW_COMMENTS = 30;

export interface RuleText {
  title?: string;
  description?: string;
  remediation?: string;
}

/** Kinds whose source lines never go into a comment (their values are secrets). */
const SECRET_KINDS = new Set(['Secret']);

export interface ReviewPlanInput {
  commitId: string;
  findings: readonly Finding[];
  /** GitHub's patch of each changed file (by head path). */
  patches: ReadonlyMap<string, string | undefined>;
  /** Fingerprints we already commented on in earlier runs. */
  alreadyCommented: ReadonlySet<string>;
  ruleText: (ruleId: string) => RuleText | undefined;
  maxComments?: number;
  /** Link to the check run, for findings not commented inline. */
  detailsUrl?: string;
}

export interface ReviewPlan {
  /** Undefined when there is nothing new to say (no review is posted). */
  review?: ReviewBody;
  commented: Finding[];
  /** Introduced findings on lines outside the diff: annotations only. */
  outsideDiff: Finding[];
  /** Over the per-review cap: counted in the body. */
  overflow: Finding[];
  /** Already commented in an earlier run. */
  repeated: Finding[];
}

interface Anchor {
  line: number;
  startLine?: number;
  suggestion?: string;
}

/** Where a finding can be commented: its fix's line range when that is inside one hunk, else its own line. */
function anchorFor(finding: Finding, hunks: Array<Set<number>>): Anchor | undefined {
  const hunkOf = (line: number) => hunks.find((h) => h.has(line));
  const edit = finding.fix?.edits.length === 1 ? finding.fix.edits[0] : undefined;
  const secret = finding.resource && SECRET_KINDS.has(finding.resource.kind);
  if (edit && !secret && edit.startLine <= edit.endLine) {
    const hunk = hunkOf(edit.endLine);
    let inside = Boolean(hunk);
    for (let l = edit.startLine; inside && l <= edit.endLine; l++) inside = hunk!.has(l);
    if (inside)
      return {
        line: edit.endLine,
        ...(edit.startLine < edit.endLine ? { startLine: edit.startLine } : {}),
        suggestion: edit.newText,
      };
  }
  if (hunkOf(finding.line)) return { line: finding.line };
  return undefined;
}

function fence(text: string): string {
  let ticks = '```';
  while (text.includes(ticks)) ticks += '`';
  return ticks;
}

/**
 * The markdown of one inline comment. Every piece of text (rule ids and texts of custom rules,
 * messages quoting names) goes through `markdownText`; only the suggestion block is verbatim,
 * because it must reproduce the file, and it is fenced longer than any backtick run inside it.
 */
export function commentBody(finding: Finding, rule: RuleText | undefined, suggestion?: string): string {
  const parts = [
    `**${markdownText(finding.ruleId)}** (${finding.severity})${rule?.title ? `: ${markdownText(rule.title)}` : ''}`,
    '',
    markdownText(finding.message),
  ];
  if (rule?.description) parts.push('', `**Why it matters:** ${markdownText(rule.description)}`);
  if (rule?.remediation) parts.push('', `**Remediation:** ${markdownText(rule.remediation)}`);
  if (suggestion !== undefined && !hasUnsafeCharacters(suggestion, { lineBreaks: true })) {
    const f = fence(suggestion);
    parts.push(
      '',
      finding.fix?.description ? `Suggested fix: ${markdownText(finding.fix.description)}` : 'Suggested fix:',
      `${f}suggestion`,
      suggestion,
      f,
    );
  }
  parts.push('', fingerprintMarker(finding.fingerprint));
  return parts.join('\n');
}

export function planReview(input: ReviewPlanInput): ReviewPlan {
  const max = input.maxComments ?? MAX_REVIEW_COMMENTS;
  const plan: ReviewPlan = { commented: [], outsideDiff: [], overflow: [], repeated: [] };
  const comments: ReviewCommentBody[] = [];
  const hunksByFile = new Map<string, Array<Set<number>>>();
  const seen = new Set<string>();
  const introduced = input.findings.filter((f) => f.status === 'introduced' && !f.suppressed);
  for (const finding of introduced) {
    if (
      input.alreadyCommented.has(finding.fingerprint) ||
      input.alreadyCommented.has(markerId(finding.fingerprint))
    ) {
      plan.repeated.push(finding);
      continue;
    }
    if (!hunksByFile.has(finding.file))
      hunksByFile.set(finding.file, rightSideRanges(input.patches.get(finding.file)));
    const anchor = anchorFor(finding, hunksByFile.get(finding.file)!);
    // One comment per line: GitHub shows one suggestion per line per review.
    const key = `${finding.file}:${anchor?.line}`;
    if (!anchor) {
      plan.outsideDiff.push(finding);
      continue;
    }
    if (comments.length >= max) {
      plan.overflow.push(finding);
      continue;
    }
    const suggestion = seen.has(key) ? undefined : anchor.suggestion;
    // A comment without a suggestion leaves the line's one suggestion to a later finding (a risky delta first, the rule's fix after).
    if (suggestion !== undefined) seen.add(key);
    const comment: ReviewCommentBody = {
      path: finding.file,
      body: commentBody(finding, input.ruleText(finding.ruleId), suggestion),
      line: anchor.line,
      side: 'RIGHT',
    };
    if (anchor.startLine !== undefined && suggestion !== undefined) {
      comment.start_line = anchor.startLine;
      comment.start_side = 'RIGHT';
    }
    comments.push(comment);
    plan.commented.push(finding);
  }
  if (comments.length === 0) return plan;
  const body = [
    `**gitops-guard** found ${introduced.length} introduced finding${introduced.length === 1 ? '' : 's'}; ${comments.length} commented inline below.`,
  ];
  if (plan.overflow.length)
    body.push(
      `${plan.overflow.length} more on changed lines were not commented (at most ${max} comments per review).`,
    );
  if (plan.outsideDiff.length)
    body.push(`${plan.outsideDiff.length} on lines outside the diff are shown as annotations only.`);
  if (plan.repeated.length) body.push(`${plan.repeated.length} already commented in an earlier review.`);
  if (input.detailsUrl) body.push(`All findings: ${input.detailsUrl}`);
  plan.review = { commit_id: input.commitId, event: 'COMMENT', body: body.join('\n\n'), comments };
  return plan;
}
