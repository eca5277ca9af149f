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

/** `alibaba-secret-key` -> `Alibaba secret key`. */
function labelOf(id: string): string {
  const words = id.split('-');
  return [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' ');
}

/**
 * A V8 expression that matches a superset of what a keyword matches: case-insensitive everywhere,
 * so `(?-i:...)` becomes a plain group. Run on keys of at most 120 characters only, so bounded
 * whatever it backtracks.
 */
function keywordSuperset(keyword: string): string {
  return `(?:${keyword.replace(/\(\?-i:/g, '(?:')})`;
}

interface LazyRule {
  rule: KeyedRule;
  mayHold: RegExp;
  /** The RE2 patterns, compiled the first time a key may hold the keyword (compiling them all takes ~50 ms). */
  compiled?: CompiledRule;
}

let lazyRules: LazyRule[] | undefined;
let prefilter: RegExp | undefined;

function candidates(): LazyRule[] {
  lazyRules ??= GITLEAKS_KEYED_RULES.map((rule) => ({
    rule,
    mayHold: new RegExp(keywordSuperset(rule.keyword), 'i'),
  }));
  return lazyRules;
}

function compiledRule(lazy: LazyRule): CompiledRule {
  lazy.compiled ??= {
    rule: lazy.rule,
    keyword: RE2JS.compile(`(?i)(?:${lazy.rule.keyword})`),
    value: RE2JS.compile(`(?i)(?:${lazy.rule.value})`),
    label: labelOf(lazy.rule.id),
  };
  return lazy.compiled;
}

/**
 * Whether the key may hold any provider keyword: one pass of the keywords' supersets over the key.
 * Almost every key holds none, and then no RE2 match runs at all.
 */
function mayHoldKeyword(key: string): boolean {
  prefilter ??= new RegExp(GITLEAKS_KEYED_RULES.map((r) => keywordSuperset(r.keyword)).join('|'), 'i');
  return prefilter.test(key);
}

const byKey = new Map<string, CompiledRule[]>();
const NONE: CompiledRule[] = [];
/** The rules whose provider keyword the key holds, remembered (also when none): the same keys recur in every resource. */
function rulesForKey(key: string): CompiledRule[] {
  let found = byKey.get(key);
  if (found === undefined) {
    found = !mayHoldKeyword(key)
      ? NONE
      : candidates()
          .filter((r) => r.mayHold.test(key))
          .map(compiledRule)
          .filter((r) => r.keyword.matcher(key).find());
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

/** Whether a vendored rule's provider keyword is in `key`: if not, `keyedSecret` is undefined whatever the value. */
export function namesAProvider(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY && rulesForKey(key).length > 0;
}

/** The provider credential that `value` under `key` is, if a vendored gitleaks rule says so. */
export function keyedSecret(key: string, value: string): KeyedSecret | undefined {
  if (!namesAProvider(key)) return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_VALUE) return undefined;
  for (const r of rulesForKey(key)) {
    if (!r.value.matches(text)) continue;
    if (r.rule.entropy !== undefined && shannonEntropy(text) < r.rule.entropy) continue;
    return { id: `gitleaks:${r.rule.id}`, label: r.label };
  }
  return undefined;
}
