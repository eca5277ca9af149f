import pc from 'picocolors';
import { atLeast, SEVERITIES, type Finding, type Severity } from '../model/index.js';
import type { ScanSummary } from './summary.js';
import { terminalText } from './safe-text.js';

const COLOURS: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.red(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};

export interface TextOptions {
  colour: boolean;
  /** Display level: findings below it are counted in one closing line, not listed (the exit code is not affected). */
  minSeverity?: Severity;
  /** Remediation and page of a rule, shown under each finding (src/report/rule-links.ts). */
  help?: (ruleId: string) => { remediation?: string; helpUri?: string };
}

/** Human output: findings grouped by file, then a summary line. */
export function renderText(findings: readonly Finding[], summary: ScanSummary, options: TextOptions): string {
  const c = options.colour ? pc : pc.createColors(false);
  const colour = (s: Severity, text: string) => (options.colour ? COLOURS[s](text) : text);
  const byFile = new Map<string, Finding[]>();
  const hidden: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    if (options.minSeverity && !atLeast(f.severity, options.minSeverity)) hidden.push(f);
    else {
      const list = byFile.get(f.file); // appended in place: copying the list per finding was quadratic
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    // Repository text goes through terminalText: a name cannot send escape sequences to the terminal.
    lines.push(c.underline(terminalText(file)));
    for (const f of list) {
      const where = `${f.line}:${f.column}`.padEnd(8);
      const resource = f.resource
        ? c.dim(
            terminalText(
              ` ${f.resource.kind}/${f.resource.namespace ? f.resource.namespace + '/' : ''}${f.resource.name}`,
            ),
          )
        : '';
      const status = f.status ? c.dim(`[${f.status}] `) : '';
      lines.push(
        `  ${c.dim(where)} ${colour(f.severity, f.severity.padEnd(8))} ${status}${terminalText(f.message)} ${c.dim(terminalText(f.ruleId))}${resource}`,
      );
      const help = options.help?.(f.ruleId);
      if (help?.remediation || help?.helpUri)
        lines.push(
          `  ${' '.repeat(17)} ${c.dim(terminalText(`fix: ${[help.remediation, help.helpUri].filter(Boolean).join(' ')}`))}`,
        );
    }
    lines.push('');
  }
  lines.push(summaryLine(summary, options.colour));
  if (hidden.length) lines.push(hiddenLine(hidden, options.minSeverity!));
  return lines.join('\n') + '\n';
}

/** `N findings (…) in N files, N resources; N at or above high.` */
export function summaryLine(summary: ScanSummary, colourful: boolean): string {
  const c = colourful ? pc : pc.createColors(false);
  const colour = (s: Severity, text: string) => (colourful ? COLOURS[s](text) : text);
  const counts = (Object.entries(summary.bySeverity) as [Severity, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => colour(s, `${n} ${s}`));
  const verdict =
    summary.failing > 0
      ? c.red(`${summary.failing} at or above ${summary.threshold}`)
      : c.green(`none at or above ${summary.threshold}`);
  return `${summary.findings} finding${summary.findings === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''} in ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.resources} resource${summary.resources === 1 ? '' : 's'}; ${verdict}${summary.suppressed ? `; ${summary.suppressed} suppressed` : ''}.`;
}

/** The one closing line about what the display level hid, and how to show it. */
function hiddenLine(hidden: readonly Finding[], minSeverity: Severity): string {
  const counts = SEVERITIES.map((s) => [s, hidden.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const lowest = counts.at(-1)![0];
  return `${hidden.length} finding${hidden.length === 1 ? '' : 's'} below ${minSeverity} not shown (${counts.map(([s, n]) => `${n} ${s}`).join(', ')}): show them with --min-severity ${lowest}.`;
}
