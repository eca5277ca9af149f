import type { Finding, ResourceRef } from '../model/index.js';

/** The key order of a finding `runRules` makes (`toFinding`): the only shape kept encoded. */
const RULE_FINDING_KEYS = [
  'ruleId',
  'severity',
  'message',
  'file',
  'line',
  'column',
  'endLine',
  'resource',
  'path',
  'fingerprint',
  'fix',
];
const OPTIONAL = new Set(['endLine', 'fix']);
/** Fields of one encoded finding: ruleId, severity, message, file, path, resource, fix, line, column, endLine. */
const WIDTH = 10;
/** A fingerprint's bytes (24 hex digits). */
const PRINT = 12;
const NONE = -1;
/** Marks a finding kept as it is (another shape), at index `field 1` of `others`. */
const OTHER = -2;
const FINGERPRINT = /^[0-9a-f]{24}$/;

/**
 * The findings of a streaming scan while it runs, in order, in a few bytes each: a scan of 16
 * copies of the corpus holds 62,000 until every file's secrets are known (docs/architecture.md,
 * "How a scan streams"). A finding of the rules' usual shape is 10 integers and 12 bytes outside
 * V8's heap (texts as indexes into one table of distinct texts: rule ids, messages, files and
 * paths repeat; resource references shared per resource; the fingerprint as 12 bytes); any other
 * finding is kept as it is. `findings()` gives them back, equal as JSON, in the order added.
 */
export class FindingStore {
  private codes = new Int32Array(WIDTH * 1024);
  private prints = Buffer.alloc(PRINT * 1024);
  private count = 0;
  private readonly texts: string[] = [];
  private readonly textIndex = new Map<string, number>();
  private readonly refs: ResourceRef[] = [];
  private readonly refIndex = new Map<string, number>();
  private readonly others: Finding[] = [];

  get size(): number {
    return this.count;
  }

  add(finding: Finding): void {
    const at = this.slot();
    const codes = this.codes;
    if (!isRuleShaped(finding)) {
      codes[at] = OTHER;
      codes[at + 1] = this.others.push(finding) - 1;
      return;
    }
    codes[at] = this.text(finding.ruleId);
    codes[at + 1] = this.text(finding.severity);
    codes[at + 2] = this.text(finding.message);
    codes[at + 3] = this.text(finding.file);
    codes[at + 4] = this.text(finding.path);
    codes[at + 5] = this.ref(finding.resource!);
    codes[at + 6] = finding.fix ? this.text(JSON.stringify(finding.fix)) : NONE;
    codes[at + 7] = finding.line;
    codes[at + 8] = finding.column;
    codes[at + 9] = finding.endLine ?? NONE;
    this.prints.write(finding.fingerprint, (at / WIDTH) * PRINT, PRINT, 'hex');
  }

  /** Every finding added, in order (the store can then be dropped). */
  findings(): Finding[] {
    const out: Finding[] = [];
    const codes = this.codes;
    for (let at = 0; at < this.count * WIDTH; at += WIDTH) {
      if (codes[at] === OTHER) {
        out.push(this.others[codes[at + 1]!]!);
        continue;
      }
      const endLine = codes[at + 9]!;
      const fix = codes[at + 6]!;
      const fingerprint = this.prints.toString('hex', (at / WIDTH) * PRINT, (at / WIDTH + 1) * PRINT);
      out.push({
        ruleId: this.texts[codes[at]!]!,
        severity: this.texts[codes[at + 1]!]! as Finding['severity'],
        message: this.texts[codes[at + 2]!]!,
        file: this.texts[codes[at + 3]!]!,
        line: codes[at + 7]!,
        column: codes[at + 8]!,
        ...(endLine === NONE ? {} : { endLine }),
        resource: this.refs[codes[at + 5]!]!,
        path: this.texts[codes[at + 4]!]!,
        fingerprint,
        ...(fix === NONE ? {} : { fix: JSON.parse(this.texts[fix]!) as Finding['fix'] }),
      });
    }
    return out;
  }

  private slot(): number {
    if ((this.count + 1) * WIDTH > this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
      const prints = Buffer.alloc(this.prints.length * 2);
      this.prints.copy(prints);
      this.prints = prints;
    }
    return this.count++ * WIDTH;
  }

  /** The table's index of `text`; its own copy, never a slice of a file's text (V8 keeps the whole string alive for a slice). */
  private text(text: string): number {
    let index = this.textIndex.get(text);
    if (index === undefined) {
      const own = JSON.parse(JSON.stringify(text)) as string;
      index = this.texts.push(own) - 1;
      this.textIndex.set(own, index);
    }
    return index;
  }

  private ref(resource: ResourceRef): number {
    const key = JSON.stringify(resource);
    let index = this.refIndex.get(key);
    if (index === undefined) {
      index = this.refs.push(JSON.parse(key) as ResourceRef) - 1;
      this.refIndex.set(key, index);
    }
    return index;
  }
}

/** Whether `finding` has exactly the rules' shape, with values the encoding holds exactly. */
function isRuleShaped(finding: Finding): boolean {
  const keys = Object.keys(finding);
  let k = 0;
  for (const expected of RULE_FINDING_KEYS) {
    if (keys[k] === expected) k++;
    else if (!OPTIONAL.has(expected)) return false;
  }
  if (k !== keys.length) return false;
  const record = finding as unknown as Record<string, unknown>;
  for (const key of keys) if (record[key] === undefined) return false;
  return (
    typeof finding.ruleId === 'string' &&
    typeof finding.severity === 'string' &&
    typeof finding.message === 'string' &&
    typeof finding.file === 'string' &&
    typeof finding.path === 'string' &&
    typeof finding.resource === 'object' &&
    finding.resource !== null &&
    isSmallInteger(finding.line) &&
    isSmallInteger(finding.column) &&
    (finding.endLine === undefined || isSmallInteger(finding.endLine)) &&
    FINGERPRINT.test(finding.fingerprint)
  );
}

function isSmallInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 31;
}
