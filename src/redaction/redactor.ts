import type { Finding, Fix, ResourceRef } from '../model/index.js';
import { spendTime, TimeBoundExceeded, withTimeBound } from '../model/time-bound.js';
import { mayHoldSecretFormat, mayMatch } from '../rules/secrets/_lib/patterns.js';
import { GLOBAL_PATTERNS, secretValuesOf } from './secret-values.js';

/** What a masked secret becomes. */
const MASK = '***';
/**
 * Any run of at least this many characters of a known secret is masked, not only the whole
 * value: outputs cut long values short ("postgres://admin:s3cr..."), and a cut secret is
 * still a leak.
 */
const MIN_SECRET_RUN = 6;
/**
 * A known secret of 4 or 5 characters (a short password a rule reported) is masked where it
 * stands as a whole token, not glued to letters or digits: masking every `admin` inside other
 * words would garble outputs and say which words the secret is made of. Shorter values are not
 * masked: the rules do not report them as credentials (a placeholder, not a secret), and Secret
 * values never appear in change summaries at all.
 */
const MIN_SHORT_SECRET = 4;
/** The lengths of short secrets, longest first. */
const SHORT_SECRET_LENGTHS = [MIN_SECRET_RUN - 1, MIN_SHORT_SECRET] as const;
/** Distinct texts a redactor remembers redacting (a few hundred kilobytes). */
const MAX_REMEMBERED_TEXTS = 4_096;

/**
 * The one redaction every output passes through: messages, change summaries, resource
 * names, fixes (suggestions) and suppression reasons, on both sides of a diff. It masks the
 * secret values of the resources it was given (see `secretValuesOf`) and, in any text, the
 * known token formats and URL passwords.
 */
export class Redactor {
  private readonly runs = new Set<string>();
  private readonly shortSecrets = new Set<string>();
  /** Files whose secrets were not all collected within their time bound: their findings' texts are withheld. */
  private readonly incomplete = new Set<string>();
  /**
   * Texts redacted since the last secret was added, and what they became: resource names,
   * namespaces and messages recur across findings. Bounded; emptied by `add`.
   */
  private readonly redacted = new Map<string, string>();

  /**
   * The secrets of `resources`. With a bound, each file's collection runs under what is left of
   * that file's time (`spent` is updated); a file that runs out is marked, and every text of its
   * findings is withheld rather than published half-redacted.
   */
  static forResources(
    resources: Iterable<{ kind: string; object: unknown; file?: string }>,
    bound?: FileTimeBound,
  ): Redactor {
    return new Redactor().addResources(resources, bound);
  }

  /** Adds the secrets of `resources`, as `forResources` (a streaming scan adds each file's as it goes). */
  addResources(
    resources: Iterable<{ kind: string; object: unknown; file?: string }>,
    bound?: FileTimeBound,
  ): this {
    if (!bound) {
      for (const r of resources) this.add(secretValuesOf(r));
      return this;
    }
    const now = bound.now ?? Date.now;
    const byFile = new Map<string, { kind: string; object: unknown }[]>();
    for (const r of resources) {
      const file = r.file ?? '';
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(r);
    }
    for (const [file, list] of byFile) {
      const started = now();
      const deadline = started + bound.maxFileMillis - (bound.spent.get(file) ?? 0);
      try {
        withTimeBound(
          deadline,
          () => {
            for (const r of list) this.add(secretValuesOf(r));
          },
          now,
        );
      } catch (error) {
        if (!(error instanceof TimeBoundExceeded)) throw error;
        this.incomplete.add(file);
      }
      bound.spent.set(file, (bound.spent.get(file) ?? 0) + now() - started);
    }
    return this;
  }

  add(values: Iterable<string>): this {
    for (const value of values) {
      this.redacted.clear();
      spendTime(value.length);
      if (value.length >= MIN_SHORT_SECRET && value.length < MIN_SECRET_RUN) this.shortSecrets.add(value);
      for (let i = 0; i + MIN_SECRET_RUN <= value.length; i++)
        this.runs.add(value.slice(i, i + MIN_SECRET_RUN));
    }
    return this;
  }

  /** A redactor that masks what this one and `other` mask (base and head of a diff). */
  merge(other: Redactor): Redactor {
    const merged = new Redactor();
    for (const run of this.runs) merged.runs.add(run);
    for (const run of other.runs) merged.runs.add(run);
    for (const value of [...this.shortSecrets, ...other.shortSecrets]) merged.shortSecrets.add(value);
    for (const file of [...this.incomplete, ...other.incomplete]) merged.incomplete.add(file);
    return merged;
  }

  /** Whether the secrets of `file` were not all collected (its findings' texts are withheld). */
  withholds(file: string): boolean {
    return this.incomplete.has(file);
  }

  redact(text: string): string {
    if (typeof text !== 'string' || text.length === 0) return text;
    let out = this.redacted.get(text);
    if (out === undefined) {
      out = maskKnownFormats(this.maskShortSecrets(this.maskRuns(text)));
      if (this.redacted.size >= MAX_REMEMBERED_TEXTS) this.redacted.clear();
      this.redacted.set(text, out);
    }
    return out;
  }

  /** Whole-token occurrences of the short secrets, in one pass (each position tries 4 and 5 characters). */
  private maskShortSecrets(text: string): string {
    if (this.shortSecrets.size === 0 || text.length < MIN_SHORT_SECRET) return text;
    let out = '';
    let copied = 0;
    for (let i = 0; i + MIN_SHORT_SECRET <= text.length; i++) {
      if (i > 0 && isWordCharacter(text[i - 1]!) && isWordCharacter(text[i]!)) continue;
      for (const length of SHORT_SECRET_LENGTHS) {
        const end = i + length;
        if (end > text.length || !this.shortSecrets.has(text.slice(i, end))) continue;
        if (end < text.length && isWordCharacter(text[end]!) && isWordCharacter(text[end - 1]!)) continue;
        out += text.slice(copied, i) + MASK;
        copied = end;
        i = end - 1;
        break;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private maskRuns(text: string): string {
    if (this.runs.size === 0 || text.length < MIN_SECRET_RUN) return text;
    let out = '';
    let copied = 0;
    let maskEnd = -1;
    for (let i = 0; i + MIN_SECRET_RUN <= text.length; i++) {
      if (!this.runs.has(text.slice(i, i + MIN_SECRET_RUN))) continue;
      if (i > maskEnd) {
        out += text.slice(copied, i) + MASK;
      }
      maskEnd = i + MIN_SECRET_RUN;
      copied = maskEnd;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

/** Known token formats and URL passwords (only the password of a URL), in any text. */
function maskKnownFormats(text: string): string {
  if (!mayHoldSecretFormat(text)) return text;
  let out = text;
  for (const { source, pattern } of GLOBAL_PATTERNS) {
    if (!mayMatch(source, out)) continue;
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    let rebuilt = '';
    let copied = 0;
    for (const m of out.matchAll(pattern)) {
      const [start, end] = m.indices?.[1] ?? m.indices![0]!;
      if (/^-----BEGIN/.test(out.slice(start, end))) continue;
      rebuilt += out.slice(copied, start) + MASK;
      copied = end;
    }
    out = rebuilt + out.slice(copied);
  }
  return out;
}

/** Every piece of repository text redacted; a fix that would carry a secret is dropped (a masked suggestion would break the file). */
/**
 * Findings this module returned, with the redactor and the suppression they were redacted with:
 * the scan redacts each finding as a rule makes it (inside the file's time bound), so its final
 * pass only redacts what changed since (an exception's reason).
 */
const redactedWith = new WeakMap<Finding, { redactor: Redactor; suppressed: Finding['suppressed'] }>();

/** A finding with every piece of repository text redacted (see `redactFindings`). */
export function redactFinding(finding: Finding, redactor: Redactor): Finding {
  const done = redactedWith.get(finding);
  if (done && done.redactor === redactor && done.suppressed === finding.suppressed) return finding;
  const out = redactedFinding(finding, redactor);
  redactedWith.set(out, { redactor, suppressed: out.suppressed });
  return out;
}

function redactedFinding(finding: Finding, redactor: Redactor): Finding {
  if (redactor.withholds(finding.file)) return withheld(finding, redactor);
  const message = redactor.redact(finding.message);
  const resource = finding.resource && redactRef(finding.resource, redactor);
  const fix = finding.fix && redactFix(finding.fix, redactor);
  const reason = finding.suppressed && redactor.redact(finding.suppressed.reason);
  const out: Finding = { ...finding, message };
  if (resource) out.resource = resource;
  if (fix) out.fix = fix;
  else delete out.fix;
  if (finding.suppressed) out.suppressed = { ...finding.suppressed, reason: reason! };
  return out;
}

/** The message is replaced and the fix dropped: the file's secrets are not all known, so its texts may carry one. */
function withheld(finding: Finding, redactor: Redactor): Finding {
  const out: Finding = { ...finding, message: WITHHELD };
  delete out.fix;
  if (finding.resource) out.resource = redactRef(finding.resource, redactor);
  if (finding.suppressed) out.suppressed = { ...finding.suppressed, reason: MASK };
  return out;
}

const WITHHELD =
  'Message withheld: the secrets of this file could not all be collected within its time bound, so its findings are not shown in full.';

export interface FileTimeBound {
  maxFileMillis: number;
  /** Time each file has spent already; updated with the time its secrets took. */
  spent: Map<string, number>;
  now?: () => number;
}

export function redactFindings(findings: readonly Finding[], redactor: Redactor): Finding[] {
  return findings.map((f) => redactFinding(f, redactor));
}

export function redactRef<T extends ResourceRef>(ref: T, redactor: Redactor): T {
  return {
    ...ref,
    name: redactor.redact(ref.name),
    ...(ref.namespace ? { namespace: redactor.redact(ref.namespace) } : {}),
  };
}

function redactFix(fix: Fix, redactor: Redactor): Fix | undefined {
  if (fix.edits.some((e) => redactor.redact(e.newText) !== e.newText)) return undefined;
  return { ...fix, description: redactor.redact(fix.description) };
}

function isWordCharacter(ch: string): boolean {
  return /[\p{L}\p{N}_]/u.test(ch);
}
