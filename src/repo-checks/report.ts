import { fingerprintOf } from '../manifests/fingerprint.js';
import type { Finding } from '../model/index.js';
import type { CheckItem, CheckResult, Outcome } from './types.js';
import { markdownCell, markdownText } from '../report/safe-text.js';

const ICON: Record<Outcome, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  not_available: '⚠️ not available',
  not_applicable: '➖ not applicable',
  error: '💥 error',
};

/** Failing and erroring items become findings; pass, not_available and not_applicable are report-only. */
export function checkResultFindings(result: CheckResult): Finding[] {
  return result.items
    .filter((item) => item.outcome === 'fail' || item.outcome === 'error')
    .map((item) => itemFinding(result, item));
}

function itemFinding(result: CheckResult, item: CheckItem): Finding {
  return {
    ruleId: item.ruleId,
    severity: item.severity ?? result.severity,
    message: item.message,
    file: item.file ?? '',
    line: item.line ?? 1,
    column: 1,
    path: item.subject,
    // A hash: the subject is repository text (a path, an owner), and fingerprints travel in hidden comments.
    fingerprint: fingerprintOf(item.ruleId, item.subject),
  };
}

/** Check summaries and items quote repository text (paths, owners, commit authors). */
const cell = markdownCell;

/** A markdown section per check: outcome, one-line summary, and a table of what did not pass (passing items are folded). */
export function renderRepoChecksMarkdown(
  results: readonly CheckResult[],
  options: { maxRows?: number } = {},
): string {
  const maxRows = options.maxRows ?? 50;
  const out: string[] = ['## Repository checks', '', '| Check | Outcome | Summary |', '|---|---|---|'];
  for (const r of results) out.push(`| ${r.title} | ${ICON[r.outcome]} | ${cell(r.summary)} |`);
  for (const r of results) {
    const notable = r.items.filter((i) => i.outcome !== 'pass' && i.outcome !== 'not_applicable');
    const passed = r.items.filter((i) => i.outcome === 'pass');
    if (!notable.length && !passed.length) continue;
    out.push('', `### ${r.title}: ${ICON[r.outcome]}`, '', markdownText(r.summary));
    if (notable.length) {
      out.push('', '| Outcome | Severity | Details |', '|---|---|---|');
      for (const i of notable.slice(0, maxRows))
        out.push(
          `| ${ICON[i.outcome]} | ${i.outcome === 'fail' || i.outcome === 'error' ? (i.severity ?? r.severity) : ''} | ${cell(i.message)} |`,
        );
      if (notable.length > maxRows) out.push('', `…and ${notable.length - maxRows} more.`);
    }
    if (passed.length) {
      out.push('', `<details><summary>${passed.length} passed</summary>`, '');
      for (const i of passed.slice(0, maxRows)) out.push(`- ${markdownText(i.message)}`);
      if (passed.length > maxRows) out.push(`- …and ${passed.length - maxRows} more.`);
      out.push('', '</details>');
    }
  }
  return out.join('\n') + '\n';
}
