/**
 * Provider credentials recognised the way gitleaks recognises them: the provider's name in the key
 * and the provider's format in the whole value (`ALIBABA_SECRET: <30 alphanumerics>`), from the
 * keyed rules vendored in gitleaks-keyed-rules.ts. The patterns are RE2 and run on re2js, which is
 * linear in the input, since keys and values come from the pull request.
 */
import { RE2JS } from 're2js';
import { GITLEAKS_KEYED_RULES, type KeyedRule } from './gitleaks-keyed-rules.js';

interface CompiledRule {
  rule: KeyedRule;
  keyword: RE2JS;
  value: RE2JS;
  label: string;
}

let compiled: CompiledRule[] | undefined;

/** `alibaba-secret-key` -> `Alibaba secret key`. */
function labelOf(id: string): string {
  const words = id.split('-');
  return [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' ');
}

function rules(): CompiledRule[] {
  compiled ??= GITLEAKS_KEYED_RULES.map((rule) => ({
    rule,
    keyword: RE2JS.compile(`(?i)(?:${rule.keyword})`),
    value: RE2JS.compile(`(?i)(?:${rule.value})`),
    label: labelOf(rule.id),
  }));
  return compiled;
}

let prefilter: RegExp | undefined;
/**
 * Whether the key may hold any provider keyword: one pass of a V8 expression over the key (at most
 * 120 characters, so bounded whatever it backtracks), case-insensitive everywhere, so a superset of
 * the keywords with `(?-i:...)`. Almost every key holds none, and then no RE2 match runs at all.
 */
function mayHoldKeyword(key: string): boolean {
  prefilter ??= new RegExp(
    GITLEAKS_KEYED_RULES.map((r) => `(?:${r.keyword.replace(/\(\?-i:/g, '(?:')})`).join('|'),
    'i',
  );
  return prefilter.test(key);
}

const byKey = new Map<string, CompiledRule[]>();
const NONE: CompiledRule[] = [];
/** The rules whose provider keyword the key holds, remembered: the same keys recur in every resource. */
function rulesForKey(key: string): CompiledRule[] {
  if (!mayHoldKeyword(key)) return NONE;
  let found = byKey.get(key);
  if (found === undefined) {
    found = rules().filter((r) => r.keyword.matcher(key).find());
    if (byKey.size < 10_000) byKey.set(key, found);
  }
  return found;
}

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Keys and values longer than this are not one provider credential (and are not scanned). */
const MAX_KEY = 120;
const MAX_VALUE = 512;

export interface KeyedSecret {
  /** gitleaks' rule id, e.g. `cloudflare-api-key`. */
  id: string;
  /** For messages: "Cloudflare api key". */
  label: string;
}

/** The provider credential that `value` under `key` is, if a vendored gitleaks rule says so. */
export function keyedSecret(key: string, value: string): KeyedSecret | undefined {
  if (key.length === 0 || key.length > MAX_KEY) return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_VALUE) return undefined;
  for (const r of rulesForKey(key)) {
    if (!r.value.matches(text)) continue;
    if (r.rule.entropy !== undefined && shannonEntropy(text) < r.rule.entropy) continue;
    return { id: `gitleaks:${r.rule.id}`, label: r.label };
  }
  return undefined;
}
