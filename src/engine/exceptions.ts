import { globMatch } from '../model/index.js';
import type { Finding } from '../model/index.js';
import { fingerprintOf } from '../manifests/index.js';

export interface ExceptionRule {
  rule: string;
  resource?: { kind?: string; namespace?: string; name?: string };
  path?: string;
  reason: string;
  expires?: string | Date;
}

const EXPIRED_EXCEPTION_RULE = 'exception-expired';

/**
 * Marks findings covered by a configured exception as suppressed. An expired exception
 * stops applying and yields a warning finding that names it. `today` is YYYY-MM-DD.
 */
export function applyExceptions(
  findings: Finding[],
  exceptions: readonly ExceptionRule[],
  today: string,
  configFile: string,
): Finding[] {
  const out = [...findings];
  exceptions.forEach((exception, index) => {
    const expires =
      exception.expires instanceof Date ? exception.expires.toISOString().slice(0, 10) : exception.expires;
    if (expires && expires < today) {
      const message = `Exception #${index + 1} (rule ${exception.rule}${describeScope(exception)}) expired on ${expires} and no longer applies. Its reason was: ${exception.reason}`;
      out.push({
        ruleId: EXPIRED_EXCEPTION_RULE,
        severity: 'medium',
        message,
        file: configFile,
        line: 1,
        column: 1,
        path: `exceptions[${index}]`,
        fingerprint: fingerprintOf(EXPIRED_EXCEPTION_RULE, configFile, exception.rule, String(index)),
      });
      return;
    }
    for (const finding of out) {
      if (finding.suppressed || !covers(exception, finding)) continue;
      finding.suppressed = { by: 'exception', reason: exception.reason };
    }
  });
  return out;
}

function covers(exception: ExceptionRule, finding: Finding): boolean {
  if (!globMatch(finding.ruleId, exception.rule)) return false;
  if (
    exception.path &&
    !globMatch(finding.file, exception.path, { dot: true, matchBase: !exception.path.includes('/') })
  )
    return false;
  if (exception.resource) {
    const r = finding.resource;
    if (!r) return false;
    const { kind, namespace, name } = exception.resource;
    if (kind && !globMatch(r.kind, kind)) return false;
    if (namespace && !globMatch(r.namespace ?? '', namespace)) return false;
    if (name && !globMatch(r.name, name)) return false;
  }
  return true;
}

function describeScope(exception: ExceptionRule): string {
  const parts: string[] = [];
  if (exception.resource)
    parts.push(
      Object.entries(exception.resource)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    );
  if (exception.path) parts.push(`path ${exception.path}`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}
