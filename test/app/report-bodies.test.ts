import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/model/index.js';
import { buildCompletionUpdates, MAX_OUTPUT_CHARS, truncateMarkdown } from '../../src/report/check-run.js';
import { planReview } from '../../src/report/review-comments.js';
import { requestBodyErrors } from '../helpers/github-openapi.js';

const finding = (line: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'pss-privileged',
  severity: 'critical',
  message: 'runs privileged',
  file: 'a.yaml',
  line,
  column: 5,
  path: 'p',
  fingerprint: `fp${line}`,
  status: 'introduced',
  ...extra,
});

describe('check-run bodies', () => {
  it('truncates the summary below 65,535 characters with a note, and stays valid for GitHub', () => {
    const summary = truncateMarkdown('| row |\n'.repeat(20_000));
    expect(summary.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
    expect(summary).toMatch(/Truncated:/);
    const [update] = buildCompletionUpdates({
      title: 't',
      summary: 'x\n'.repeat(40_000),
      conclusion: 'failure',
      annotations: [],
      completedAt: '2026-01-01T00:00:00Z',
    });
    expect(requestBodyErrors('patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}', update)).toEqual([]);
  });
});

describe('review plan', () => {
  const patch = '@@ -1,3 +1,40 @@\n' + Array.from({ length: 40 }, (_, i) => `+l${i + 1}`).join('\n');

  it('caps comments at 30, counts the rest, and never anchors outside the hunks', () => {
    const findings = [...Array.from({ length: 35 }, (_, i) => finding(i + 1)), finding(90)];
    const plan = planReview({
      commitId: 'abc',
      findings,
      patches: new Map([['a.yaml', patch]]),
      alreadyCommented: new Set(['fp2']),
      ruleText: () => undefined,
    });
    expect(plan.review!.comments).toHaveLength(30);
    expect(plan.overflow).toHaveLength(4);
    expect(plan.outsideDiff.map((f) => f.line)).toEqual([90]);
    expect(plan.repeated.map((f) => f.line)).toEqual([2]);
    expect(plan.review!.body).toMatch(/4 more on changed lines/);
    expect(
      requestBodyErrors('post', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', plan.review),
    ).toEqual([]);
  });

  it('uses start_line/line for a multi-line fix and drops suggestions on Secrets', () => {
    const fix = { description: 'fix', edits: [{ startLine: 3, endLine: 4, newText: 'a\nb' }] };
    const plan = planReview({
      commitId: 'abc',
      findings: [
        finding(3, { fix }),
        finding(7, {
          fix: { description: 'x', edits: [{ startLine: 7, endLine: 7, newText: 'data: {}' }] },
          resource: { apiVersion: 'v1', kind: 'Secret', name: 's' },
        }),
      ],
      patches: new Map([['a.yaml', patch]]),
      alreadyCommented: new Set(),
      ruleText: () => ({ remediation: 'Do it.' }),
    });
    const [multi, secret] = plan.review!.comments;
    expect(multi).toMatchObject({ start_line: 3, line: 4, side: 'RIGHT', start_side: 'RIGHT' });
    expect(multi!.body).toContain('```suggestion\na\nb\n```');
    expect(secret!.body).not.toContain('suggestion');
    expect(secret!.body).not.toContain('data: {}');
  });
});
