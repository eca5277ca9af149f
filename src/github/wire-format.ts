/**
 * GitHub's wire format for what we write: check-run updates and review bodies, the name of our
 * check run, and the hidden marker that ties a review comment to a finding's fingerprint.
 * Publishers (src/report) build these; the port (create-github-port.ts) sends them.
 */

import { createHash } from 'node:crypto';

/** The name of our check run, on pull requests and on pushes. */
export const CHECK_RUN_NAME = 'gitops-guard';

export type CheckConclusion =
  'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled' | 'timed_out' | 'action_required';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface CheckRunUpdate {
  status?: 'in_progress' | 'completed';
  conclusion?: CheckConclusion;
  started_at?: string;
  completed_at?: string;
  output?: CheckOutput;
}

export interface ReviewCommentBody {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface ReviewBody {
  commit_id: string;
  event: 'COMMENT';
  body: string;
  comments: ReviewCommentBody[];
}

/** Our hidden marker: the last line of the body, hex only, so no repository text is inside it or can close it. */
const MARKER = /\n<!-- gitops-guard:fingerprint=([0-9a-f]{8,64}) -->\s*$/;
const HEX_FINGERPRINT = /^[0-9a-f]{8,64}$/;

/** What the marker carries: the fingerprint when it is hex (all of ours are hashes), else a hash of it. */
export function markerId(fingerprint: string): string {
  return HEX_FINGERPRINT.test(fingerprint)
    ? fingerprint
    : createHash('sha256').update(fingerprint).digest('hex').slice(0, 24);
}

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- gitops-guard:fingerprint=${markerId(fingerprint)} -->`;
}

/** The fingerprint of one of our comments; a marker anywhere but on the last line (quoted repository text) is not ours. */
export function fingerprintFromBody(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined;
}

/** The second check run: separation of duties (docs/approvals.md), re-judged on every review. */
export const APPROVALS_CHECK_RUN_NAME = 'gitops-guard / approvals';
