import { isObject, SCHEMA_KINDS } from '../manifests/index.js';
import { spendTime } from '../model/time-bound.js';
import { keyedSecret } from '../rules/secrets/_lib/keyed-secrets.js';
import { mayHoldSecretFormat, mayMatch, SECRET_PATTERNS } from '../rules/secrets/_lib/patterns.js';
import {
  credentialLabel,
  isPlaceholderOrReference,
  looksLikeSecret,
  scanEmbeddedText,
} from '../rules/secrets/_lib/redact.js';

/**
 * The secret values a resource holds, so that outputs can mask them wherever they turn up
 * (a change summary, a policy's message, a fix line). It finds what the secrets rules find:
 * every value of a Secret's `data`/`stringData` (and its base64 decoding) except public
 * settings (user names, hosts, URLs), credential-named keys with literal values anywhere
 * (`DB_PASSWORD`, an env var `API_TOKEN`, Helm values `auth.password`), known token formats
 * and URL passwords in any string, and the same inside embedded config files and JSON.
 */
export function secretValuesOf(resource: { kind: string; object: unknown }): string[] {
  const out = new Set<string>();
  if (SCHEMA_KINDS.has(resource.kind)) return [];
  const secret = resource.kind === 'Secret' && isObject(resource.object);
  walk(resource.object, undefined, out, 0, secret ? 'secret-root' : undefined);
  return [...out];
}

/** Secret values inside a free text (a config file, a token in an annotation). */
function secretValuesInText(text: string, out = new Set<string>()): Set<string> {
  for (const value of formatMatches(text)) out.add(value);
  if (!text.includes('\n')) return out;
  let lines: string[] | undefined; // split only when needed: most texts hold neither a key nor a setting
  const linesOf = () => (lines ??= text.split(/\r?\n/));
  let inKey = false;
  if (text.includes('PRIVATE KEY'))
    for (const line of linesOf()) {
      // A private key's body is the secret, not its BEGIN line.
      if (/-----BEGIN[ A-Z]*PRIVATE KEY/.test(line)) inKey = true;
      else if (/-----END[ A-Z]*PRIVATE KEY/.test(line)) inKey = false;
      else if (inKey && line.trim()) out.add(line.trim());
    }
  for (const hit of scanEmbeddedText(text)) {
    if (hit.setting === undefined) continue;
    const value = settingValue(linesOf()[hit.line] ?? '');
    if (value) out.add(value);
  }
  return out;
}

const MAX_DEPTH = 64;
/** Keys of a Secret whose values are public by convention (Argo CD repository Secrets, basic-auth, databases). */
const PUBLIC_SECRET_KEY =
  /(?:^|[._-])(?:user|username|login|email|host|hostname|port|url|uri|endpoint|server|name|type|project|region|namespace|namespaces|database|dbname|sslmode|insecure|proxy|noproxy|enablelfs|ca\.crt|tls\.crt|ca\.pem|cert\.pem)$/i;

type Context = 'secret-root' | 'secret-data' | 'secret-string-data' | undefined;

function walk(
  value: unknown,
  key: string | undefined,
  out: Set<string>,
  depth: number,
  context: Context,
): void {
  if (depth > MAX_DEPTH) return;
  spendTime();
  if (typeof value === 'string') return addString(value, key, out, depth, context);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, key, out, depth + 1, undefined);
    return;
  }
  if (!isObject(value)) return;
  // `{name: API_TOKEN, value: ...}` (env vars, Helm `set` entries): the name is the value's key.
  const named = typeof value.name === 'string' && typeof value.value === 'string' ? value.name : undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'description' && typeof v === 'string') continue; // prose
    const childContext: Context =
      context === 'secret-root'
        ? k === 'data'
          ? 'secret-data'
          : k === 'stringData'
            ? 'secret-string-data'
            : undefined
        : undefined;
    if (context === 'secret-data' || context === 'secret-string-data') {
      if (typeof v === 'string') addSecretField(k, v, context === 'secret-data', out);
      continue;
    }
    walk(v, k === 'value' && named !== undefined ? named : k, out, depth + 1, childContext);
  }
}

function addString(
  value: string,
  key: string | undefined,
  out: Set<string>,
  depth: number,
  _context: Context,
): void {
  if (value.length === 0 || value.length > 1_000_000) return;
  spendTime(value.length);
  secretValuesInText(value, out);
  // A credential-named key's literal value is the secret, unless a known format inside it already is (a URL's password).
  if (
    key !== undefined &&
    !value.includes('\n') &&
    ((credentialLabel(key) !== undefined && looksLikeSecret(key, value)) || keyedSecret(key, value)) &&
    formatMatches(value).length === 0
  )
    out.add(value.trim());
  const trimmed = value.trim();
  // Embedded JSON (last-applied-configuration, a docker config): its keys name its values.
  if (/^[[{]/.test(trimmed) && trimmed.length < 200_000) {
    try {
      walk(JSON.parse(trimmed), key, out, depth + 1, undefined);
    } catch {
      // not JSON
    }
  }
}

function addSecretField(key: string, value: string, base64: boolean, out: Set<string>): void {
  const plain = base64 ? decodeBase64(value) : value;
  if (PUBLIC_SECRET_KEY.test(key) && credentialLabel(key) === undefined) {
    // Public by convention, but a token in it is still a token.
    secretValuesInText(plain, out);
    return;
  }
  for (const text of plain === value ? [value] : [value, plain]) {
    secretValuesInText(text, out);
    if (!text.includes('\n') && !isPlaceholderOrReference(text) && !isTrivial(text)) out.add(text.trim());
  }
  if (plain.includes('\n'))
    for (const line of plain.split(/\r?\n/))
      if (line.trim().length >= 16 && !/\s/.test(line.trim())) out.add(line.trim());
}

function isTrivial(value: string): boolean {
  const v = value.trim();
  return (
    v.length < 4 || // 4 and 5 characters: masked as whole tokens (redactor.ts)
    /^(?:true|false|yes|no|on|off)$/i.test(v) ||
    /^-?\d+(?:\.\d+)?$/.test(v) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(v)
  );
}

function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return value;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? value : decoded;
}

/** Every match of a known token format (for URLs, the password only). */
function formatMatches(text: string): string[] {
  const out: string[] = [];
  if (text.length < SHORTEST_FORMAT || !mayHoldSecretFormat(text)) return out;
  for (const { source, pattern } of GLOBAL_PATTERNS) {
    if (!mayMatch(source, text)) continue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const value = m[1] ?? m[0];
      if (value && !/^-----BEGIN/.test(value)) out.push(value);
    }
  }
  return out;
}

/** No known format fits in fewer characters (a Slack token `xoxb-1-a`). */
const SHORTEST_FORMAT = 8;

/** The known formats with the `g` flag (and `d`, for the position of a captured password). */
export const GLOBAL_PATTERNS = SECRET_PATTERNS.map((p) => ({
  id: p.id,
  source: p,
  pattern: new RegExp(p.pattern.source, `${p.pattern.flags.replace(/[gd]/g, '')}gd`),
}));

/** The value of a `key: value` / `key = value` / `"key": "value"` line, unquoted (string operations: the line is repository text). */
function settingValue(line: string): string | undefined {
  if (line.length > 10_000) return undefined;
  const text = line.trim().replace(/^- /, '');
  const at = text.search(/[:=]/);
  if (at <= 0) return undefined;
  let value = text.slice(at + 1).trim();
  const comment = value.indexOf(' #');
  if (comment >= 0) value = value.slice(0, comment).trim();
  if (value.endsWith(',')) value = value.slice(0, -1).trim();
  if (/^["']/.test(value)) {
    const end = value.indexOf(value[0]!, 1);
    value = end > 0 ? value.slice(1, end) : value.slice(1);
  }
  return value || undefined;
}
