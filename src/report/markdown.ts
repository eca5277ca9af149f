import { atLeast, severityRank, type Finding, type Severity } from '../model/index.js';
import { deltaRules } from '../diff/deltas/index.js';
import type { DiffResult, ResourceChange } from '../diff/types.js';
import { markdownCell, markdownCode } from './safe-text.js';

export interface DiffMarkdownOptions {
  /** Hard cap on the output length (GitHub check-run summaries take 65,535 characters). */
  maxLength?: number;
  /** Severity at or above which a finding fails the gate (marked in the counts). */
  threshold?: Severity;
  /** Heading of the summary (none when empty). */
  title?: string;
  /** Rows per table before "and N more". */
  maxRows?: number;
}

const DELTA_IDS = new Set(deltaRules.map((r) => r.id));
const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/**
 * The markdown summary of a semantic diff: counts (introduced / fixed / existing, resources
 * changed, risky deltas), then tables. Pure, so the CLI and the GitHub check run share it.
 * Output never exceeds `maxLength`: rows that do not fit are dropped with a note.
 */
export function renderDiffMarkdown(
  result: Pick<DiffResult, 'findings' | 'resources'>,
  options: DiffMarkdownOptions = {},
): string {
  const maxRows = options.maxRows ?? 100;
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.length - active.length;
  const introduced = sortBySeverity(active.filter((f) => f.status === 'introduced'));
  const deltas = introduced.filter((f) => DELTA_IDS.has(f.ruleId));
  const violations = introduced.filter((f) => !DELTA_IDS.has(f.ruleId));
  const fixed = sortBySeverity(active.filter((f) => f.status === 'fixed'));
  const existing = sortBySeverity(active.filter((f) => f.status === 'existing' || f.status === undefined));
  const failing = options.threshold
    ? introduced.filter((f) => atLeast(f.severity, options.threshold!)).length
    : undefined;

  const blocks: string[][] = [];
  const head: string[] = [];
  if (options.title) head.push(`## ${options.title}`, '');
  const counts = [
    `**${introduced.length}** introduced${failing !== undefined ? ` (${failing} at or above ${options.threshold})` : ''}`,
    `**${fixed.length}** fixed`,
    `**${existing.length}** existing`,
    `**${result.resources.length}** resource${result.resources.length === 1 ? '' : 's'} changed`,
    `**${deltas.length}** risky change${deltas.length === 1 ? '' : 's'}`,
  ];
  head.push(counts.join(' · '));
  if (suppressed) head.push('', `${suppressed} suppressed finding${suppressed === 1 ? '' : 's'} not listed.`);
  if (introduced.length === 0 && fixed.length === 0) head.push('', 'This change introduces no findings.');
  blocks.push(head);

  if (deltas.length) blocks.push(findingTable('Risky changes', deltas, maxRows));
  if (violations.length) blocks.push(findingTable('Introduced', violations, maxRows));
  if (fixed.length) blocks.push(findingTable('Fixed', fixed, maxRows));
  if (result.resources.length) blocks.push(resourceTable(result.resources, maxRows));
  if (existing.length) {
    const table = findingTable(`Existing (not introduced by this change)`, existing, maxRows);
    blocks.push([
      '<details><summary>Existing findings: ' + existing.length + '</summary>',
      '',
      ...table.slice(1),
      '</details>',
    ]);
  }
  return fit(blocks, options.maxLength);
}

function sortBySeverity(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) || a.file.localeCompare(b.file) || a.line - b.line,
  );
}

function findingTable(title: string, findings: readonly Finding[], maxRows: number): string[] {
  const lines = [
    `### ${title}`,
    '',
    '| severity | rule | resource | location | message |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const f of findings.slice(0, maxRows)) {
    const resource = f.resource
      ? markdownCell(
          `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`,
        )
      : '';
    lines.push(
      `| ${ICON[f.severity]} ${f.severity} | ${markdownCode(f.ruleId, { table: true })} | ${resource} | ${markdownCell(f.file)}:${f.line} | ${markdownCell(f.message)} |`,
    );
  }
  if (findings.length > maxRows) lines.push('', `… and ${findings.length - maxRows} more.`);
  lines.push('');
  return lines;
}

function resourceTable(resources: readonly ResourceChange[], maxRows: number): string[] {
  const lines = [
    '### Resources changed',
    '',
    '| change | resource | file | what changed |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of resources.slice(0, maxRows)) {
    const name = markdownCell(
      `${r.resource.kind} ${r.resource.namespace ? `${r.resource.namespace}/` : ''}${r.resource.name}`,
    );
    const file = markdownCell(r.previousFile ? `${r.previousFile} → ${r.file}` : r.file);
    const summary =
      r.summary
        .slice(0, 5)
        .map((s) => markdownCode(s, { table: true }))
        .join('<br>') + (r.summary.length > 5 ? `<br>… ${r.summary.length - 5} more` : '');
    lines.push(`| ${r.change} | ${name} | ${file} | ${summary} |`);
  }
  if (resources.length > maxRows) lines.push('', `… and ${resources.length - maxRows} more.`);
  lines.push('');
  return lines;
}

/** Joins blocks line by line until the next line would pass maxLength, then says what was cut. */
function fit(blocks: string[][], maxLength: number | undefined): string {
  const all = blocks.flat();
  const full = all.join('\n') + '\n';
  if (maxLength === undefined || full.length <= maxLength) return full;
  const note = (n: number) =>
    `\n\n**Truncated:** ${n} more line${n === 1 ? '' : 's'} did not fit in ${maxLength} characters; run \`gitops-guard diff\` or see the annotations for everything.\n`;
  const reserve = note(all.length).length + 16;
  let out = '';
  let used = 0;
  let openDetails = false;
  for (const line of all) {
    if (out.length + line.length + 1 > maxLength - reserve) break;
    out += line + '\n';
    used++;
    if (line.startsWith('<details>')) openDetails = true;
    if (line === '</details>') openDetails = false;
  }
  if (openDetails) out += '</details>\n';
  out += note(all.length - used);
  return out.length <= maxLength ? out : out.slice(0, maxLength);
}
