import pc from 'picocolors';
import type { Finding, Severity } from '../model/index.js';
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
}

/** Human output: findings grouped by file, then a summary line. */
export function renderText(findings: readonly Finding[], summary: ScanSummary, options: TextOptions): string {
  const c = options.colour ? pc : pc.createColors(false);
  const colour = (s: Severity, text: string) => (options.colour ? COLOURS[s](text) : text);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.suppressed) continue;
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    // Repository text goes through terminalText: a name cannot send escape sequences to the terminal.
    lines.push(c.underline(terminalText(file)));
    for (const f of list) {
      const where = `${f.line}:${f.column}`.padEnd(8);
      const resource = f.resource ? c.dim(terminalText(` ${f.resource.kind}/${f.resource.namespace ? f.resource.namespace + '/' : ''}${f.resource.name}`)) : '';
      const status = f.status ? c.dim(`[${f.status}] `) : '';
      lines.push(`  ${c.dim(where)} ${colour(f.severity, f.severity.padEnd(8))} ${status}${terminalText(f.message)} ${c.dim(terminalText(f.ruleId))}${resource}`);
    }
    lines.push('');
  }
  const counts = (Object.entries(summary.bySeverity) as [Severity, number][]).filter(([, n]) => n > 0).map(([s, n]) => colour(s, `${n} ${s}`));
  const verdict = summary.failing > 0 ? c.red(`${summary.failing} at or above ${summary.threshold}`) : c.green(`none at or above ${summary.threshold}`);
  lines.push(
    `${summary.findings} finding${summary.findings === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''} in ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.resources} resource${summary.resources === 1 ? '' : 's'}; ${verdict}${summary.suppressed ? `; ${summary.suppressed} suppressed` : ''}.`,
  );
  return lines.join('\n') + '\n';
}
