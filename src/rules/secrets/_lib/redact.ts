/**
 * Secret detection shared by the secrets rules and by other rules (workload env values,
 * Argo CD repository Secrets). Nothing here ever returns a secret value: findings name the
 * key and the kind of secret, and `redact` keeps at most a 2-character prefix.
 */
import { spendTime } from '../../../model/time-bound.js';
import { keyedSecret, namesAProvider } from './keyed-secrets.js';
import { mayHoldSecretFormat, mayMatch, SECRET_PATTERNS } from './patterns.js';

export interface SecretMatch {
  /** Pattern id (`aws-access-key-id`, `private-key`, ...) or `credential-key` for a key-name match. */
  id: string;
  /** What was found, for messages: "AWS access key ID", "password". */
  label: string;
}

/** A safe stand-in for a secret value: a 2-character prefix at most, and only for long values. */
export function redact(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return '""';
  if (value.length < 12) return '"***"';
  return `"${value.slice(0, 2)}***" (${value.length} characters)`;
}

/** Known secret formats in a text (ported from secretlint's recommended rules). */
export function detectSecrets(text: string): SecretMatch[] {
  if (typeof text !== 'string' || text.length === 0 || !mayHoldSecretFormat(text)) return [];
  const out: SecretMatch[] = [];
  for (const p of SECRET_PATTERNS) {
    if (!mayMatch(p, text)) continue;
    const m = p.pattern.exec(text);
    if (!m) continue;
    if (p.allow?.some((a) => m[0].includes(a))) continue;
    if (p.id === 'url-credentials' && isPlaceholderOrReference(decodeURIComponentSafe(m[1] ?? ''))) continue;
    out.push({ id: p.id, label: p.label });
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const CREDENTIAL_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pass',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'secretkey',
  'accesskey',
  'clientsecret',
  'authtoken',
  'bearer',
  'dsn',
  'connectionstring',
];
/** Last words that make a credential-looking key describe something else (a file, a name, a length...). */
const NOT_A_CREDENTIAL = new Set([
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'url',
  'uri',
  'urls',
  'endpoint',
  'name',
  'names',
  'ref',
  'refs',
  'reference',
  'length',
  'len',
  'ttl',
  'timeout',
  'expiry',
  'expiration',
  'expires',
  'policy',
  'enabled',
  'enable',
  'disabled',
  'type',
  'header',
  'field',
  'env',
  'id',
  'mode',
  'count',
  'size',
  'min',
  'max',
  'regex',
  'pattern',
  'template',
  'prefix',
  'suffix',
  'location',
  'source',
  'provider',
  'rotation',
  'validation',
  'reset',
  'format',
  'algorithm',
  'version',
  'lifetime',
  'duration',
  'seconds',
  'minutes',
  'hours',
  'days',
  'interval',
  'required',
  'strength',
  'complexity',
  'store',
  'manager',
  'key',
  'keys',
  'secret',
  'secrets',
  'mount',
  'volume',
  'namespace',
  'selector',
  'label',
  'annotation',
  'method',
  'methods',
  'flow',
  'grant',
  'scope',
  'scopes',
  'audience',
  'issuer',
  'hash',
  'salt',
  'cookie',
  'user',
  'username',
  'login',
  'host',
  'port',
  'server',
  'public',
  'cert',
  'certificate',
  'ca',
  'crt',
  'pem',
]);

/**
 * Cloud credential variables whose names the generic words miss (`AZURE_BATCH_KEY`,
 * `OCI_CLI_KEY_CONTENT`), from the key list of Polaris' sensitiveConfigmapContent check
 * (as its fixtures at the vendored commit show) and the variables the Azure and OCI CLIs read.
 */
function cloudKeyLabel(w: readonly string[], joined: string): string | undefined {
  if (w[0] === 'azure' && w.length >= 3 && w[w.length - 1] === 'key') return 'key for Azure';
  if (joined === 'ociclikeycontent' || joined === 'ociprivatekeycontent')
    return 'signing key for the OCI API';
  return undefined;
}

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a key names a credential: `DB_PASSWORD`, `clientSecret`, `api_key`, `auth-token`.
 * Not `password_file`, `tokenUrl`, `secretName`, `password_validation.py`.
 */
export function credentialLabel(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0 || key.length > 120) return undefined;
  if (labels.has(key)) return labels.get(key);
  const label = labelOfKey(key);
  if (labels.size >= MAX_REMEMBERED_KEYS) labels.clear();
  labels.set(key, label);
  return label;
}

/** `credentialLabel` of the keys seen, remembered: the same few hundred keys recur in every resource and embedded file. */
const labels = new Map<string, string | undefined>();
const MAX_REMEMBERED_KEYS = 10_000;

function labelOfKey(key: string): string | undefined {
  if (/\.[a-z0-9]{1,5}$/i.test(key) && !/^\.?env$/i.test(key)) return undefined; // a file name
  const w = words(key);
  if (w.length === 0) return undefined;
  const joined = w.join('');
  const last = w[w.length - 1]!;
  const cloud = cloudKeyLabel(w, joined);
  if (cloud) return cloud;
  // "secret_key", "private_key", "access_key", "api_key": the last word is "key"
  if (last === 'key' && w.length >= 2) {
    const before = w[w.length - 2]!;
    if (
      [
        'secret',
        'private',
        'access',
        'api',
        'encryption',
        'signing',
        'master',
        'auth',
        'client',
        'account',
        'storage',
        'license',
      ].includes(before)
    ) {
      return before === 'private' ? 'private key' : `${before} key`;
    }
    return undefined;
  }
  if (NOT_A_CREDENTIAL.has(last) && !(last === 'secret' || last === 'secrets')) return undefined;
  // "client_secret", "webhook_secret", "secret_key_base": yes; "secret_name" was ruled out above
  if (w.includes('secret') || w.includes('secrets')) return 'secret';
  for (const word of ['password', 'passwd', 'passphrase']) if (joined.includes(word)) return 'password';
  if (w.includes('pwd')) return 'password';
  if (joined.endsWith('secret')) return 'secret';
  if (w.includes('pass') && w.length <= 3) return 'password';
  if (w.includes('token') || w.includes('tokens') || joined.endsWith('token') || joined.endsWith('tokens'))
    return 'token';
  if (w.includes('apikey') || joined.includes('apikey')) return 'API key';
  if (w.includes('credential') || w.includes('credentials')) return 'credential';
  if (w.includes('dsn') || joined.includes('connectionstring')) return 'connection string';
  if (CREDENTIAL_WORDS.some((c) => c.length > 6 && joined.endsWith(c))) return 'credential';
  return undefined;
}

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change-me',
  'change_me',
  'replace_me',
  'replaceme',
  'replace-me',
  'redacted',
  'todo',
  'tbd',
  'none',
  'null',
  'nil',
  'undefined',
  'placeholder',
  'secret',
  'password',
  'token',
  'example',
  'dummy',
  'your-password',
  'yourpassword',
  'your_password',
  'set-me',
  'setme',
  'fixme',
]);

/**
 * Values that are not secrets themselves: empty, references to variables or other keys
 * (`${VAR}`, `$(VAR)`, `$oidc.okta.clientSecret`, `{{ .Values.x }}`, `<path:...>`,
 * `ENC[AES256_GCM,...]`, `vault:...`, `ref+...`), masked or placeholder values.
 */
export function isPlaceholderOrReference(value: string): boolean {
  const v = value
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  if (v.length === 0) return true;
  if (/^\$/.test(v)) return true; // $VAR, ${VAR}, $(VAR), $oidc.okta.clientSecret, $secret:key
  if (isTemplated(v)) return true; // templated
  if (/^ENC\[[A-Z0-9_]+,/.test(v)) return true; // SOPS
  if (/^<[^<>]*>$/.test(v) || /^<path:/.test(v)) return true; // <password>, argocd-vault-plugin
  if (/^(?:vault|ref\+[a-z0-9]+|secretref|secret|env|file|awssm|gcpsm|azkv|sm|op):/i.test(v)) return true; // secret references
  if (/^[*xX•.#_-]{3,}$/.test(v)) return true; // masked: ***, xxxx, ...
  if (PLACEHOLDER_WORDS.has(v.toLowerCase())) return true;
  return false;
}

/** Values that a credential-named key may hold without being a credential: booleans, numbers, paths, plain URLs. */
function isBenignValue(v: string): boolean {
  const t = v.trim().replace(/^["']|["']$/g, '');
  if (/^(?:true|false|yes|no|on|off|enabled|disabled|required|optional)$/i.test(t)) return true;
  if (/^-?\d+(?:\.\d+)?[smhdkKMGi]*$/.test(t)) return true; // numbers, durations, sizes
  if (/^\.{0,2}\/[^\s]*$/.test(t)) return true; // file paths
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(t)) return true; // URLs without credentials
  if (t.length < 4) return true;
  return false;
}

/**
 * Whether `value` (under `key`, when known) looks like a secret, and what kind.
 * A known format is always reported; a credential-named key only with a literal value.
 */
export function looksLikeSecret(key: string | undefined, value: unknown): SecretMatch | undefined {
  if (typeof value !== 'string') return undefined;
  const detected = detectSecrets(value);
  if (detected.length > 0) return detected[0];
  if (key === undefined) return undefined;
  if (value.includes('\n')) return undefined; // a whole file: see scanEmbeddedText
  const keyed = keyedSecret(key, value);
  if (keyed && !isPlaceholderOrReference(value)) return keyed;
  const label = credentialLabel(key);
  if (!label) return undefined;
  if (isPlaceholderOrReference(value) || isBenignValue(value)) return undefined;
  if (/\s/.test(value.trim()) && value.trim().split(/\s+/).length > 3) return undefined; // prose, not a secret
  return { id: 'credential-key', label };
}

export interface EmbeddedSecret extends SecretMatch {
  /** The setting inside the embedded file (`smtp_auth_password`), when the finding comes from one. */
  setting?: string;
  /** 0-based line inside the text. */
  line: number;
}

const CODE_EXTENSIONS =
  /\.(?:py|js|mjs|cjs|ts|go|rb|java|kt|scala|php|pl|lua|rego|sh|bash|zsh|ps1|html?|css|md|tpl|gotmpl|j2|jinja2?|sql)$/i;

/**
 * Secrets in a multi-line value (a config file embedded in a ConfigMap): known formats
 * anywhere, and `key: value`, `key = value`, `KEY=value`, `"key": "value"` settings whose
 * key names a credential and whose value is a literal. Code files only get the format scan.
 */
export function scanEmbeddedText(text: string, fileName?: string): EmbeddedSecret[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const code = fileName !== undefined && CODE_EXTENSIONS.test(fileName);
  if (!text.includes('\n')) return scanLines(text, code);
  // A code file's hits are the others' without the settings (the setting scan reads nothing the format scan uses).
  const hits = embeddedScans.get(text) ?? rememberScan(text, scanLines(text, false));
  return code ? hits.filter((hit) => hit.setting === undefined) : hits.slice();
}

/**
 * The last multi-line texts scanned and their hits: the redaction and the secrets rules scan the
 * same ConfigMap and Secret values (a file's secrets are collected just before its rules run).
 * Bounded in texts and characters; the keys are copies, so no file's text is kept alive.
 */
const embeddedScans = new Map<string, EmbeddedSecret[]>();
let embeddedScanChars = 0;
const MAX_REMEMBERED_SCANS = 256;
const MAX_REMEMBERED_SCAN_CHARS = 4_000_000;

function rememberScan(text: string, hits: EmbeddedSecret[]): EmbeddedSecret[] {
  if (text.length > MAX_REMEMBERED_SCAN_CHARS) return hits;
  if (
    embeddedScans.size >= MAX_REMEMBERED_SCANS ||
    embeddedScanChars + text.length > MAX_REMEMBERED_SCAN_CHARS
  ) {
    embeddedScans.clear();
    embeddedScanChars = 0;
  }
  embeddedScans.set((' ' + text).slice(1), hits);
  embeddedScanChars += text.length;
  return hits;
}

function scanLines(text: string, code: boolean): EmbeddedSecret[] {
  const out: EmbeddedSecret[] = [];
  const lines = text.split(/\r?\n/);
  const seen = new Set<string>();
  const linesWithHit = new Set<number>(); // `out.some(...)` per line was quadratic in the lines
  // What no line can hold when the whole text does not (most embedded files): skipped line by line.
  const mayHoldKey = text.includes('PRIVATE KEY');
  const mayHoldFormat = mayHoldSecretFormat(text);
  let inKey = false;
  lines.forEach((line, index) => {
    spendTime(1 + line.length);
    if (line.length > 10_000) return;
    if (mayHoldKey && /-----BEGIN[ A-Z]*PRIVATE KEY/.test(line)) {
      if (!inKey) out.push({ id: 'private-key', label: 'private key', line: index });
      inKey = true;
      return;
    }
    if (mayHoldKey && /-----END[ A-Z]*PRIVATE KEY/.test(line)) {
      inKey = false;
      return;
    }
    for (const m of mayHoldFormat ? detectSecrets(line) : []) {
      if (m.id === 'private-key') continue;
      const id = `${m.id}:${index}`;
      if (!seen.has(id)) out.push({ ...m, line: index });
      seen.add(id);
      linesWithHit.add(index);
    }
    if (code || /^\s*(?:#|\/\/|;|--|\*)/.test(line)) return;
    const setting = settingOf(line);
    if (!setting) return;
    const { key, rawValue } = setting;
    // Only a credential name or a provider keyword makes a setting a secret, whatever its value (most lines).
    const label = credentialLabel(key);
    if (label === undefined && !namesAProvider(key)) return;
    let value = withoutTrailingComment(rawValue).trim();
    if (/^["']/.test(value)) {
      const q = value[0]!;
      const end = value.indexOf(q, 1);
      value = end > 0 ? value.slice(1, end) : value.slice(1);
    } else if (/^[|>[{&*!]/.test(value)) return; // block scalars, lists, maps, anchors, tags
    if (linesWithHit.has(index)) return;
    if (isPlaceholderOrReference(value)) return;
    const keyed = keyedSecret(key, value);
    if (keyed) {
      out.push({ ...keyed, setting: key, line: index });
      return;
    }
    if (!label || isBenignValue(value)) return;
    out.push({ id: 'credential-key', label, setting: key, line: index });
  });
  return out;
}

/**
 * `${...}`, `$(...)`, `{{...}}`, `%(...)s` or `#{...}` somewhere in `v`: what
 * `/\$\{[^}]*\}|\$\([^)]*\)|\{\{[\s\S]*\}\}|%\([^)]*\)s|#\{[^}]*\}/` tested, in linear time
 * (the pattern rescans the rest of the value from every opening, quadratic on `#{#{#{...`).
 */
function isTemplated(v: string): boolean {
  const closedAfter = (open: string, close: string) => {
    const at = v.indexOf(open);
    return at >= 0 && v.indexOf(close, at + open.length) >= 0;
  };
  if (closedAfter('${', '}') || closedAfter('$(', ')') || closedAfter('{{', '}}') || closedAfter('#{', '}'))
    return true;
  // `%(name)s`: the first `)` after an opening must be followed by `s`; openings before one `)` share it.
  for (let at = v.indexOf('%('); at >= 0;) {
    const close = v.indexOf(')', at + 2);
    if (close < 0) return false;
    if (v[close + 1] === 's') return true;
    at = v.indexOf('%(', close + 1);
  }
  return false;
}

const SETTING_KEY = /^\s*(?:-\s+|export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?::|=)\s*/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `key: value` or `key=value` on one line (a trailing comma dropped), as
 * `/^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?::|=)\s*(.*?)\s*,?\s*$/` read it, in linear time.
 */
function settingOf(line: string): { key: string; rawValue: string } | undefined {
  const head = SETTING_KEY.exec(line);
  if (!head) return undefined;
  let value = line.slice(head[0].length).trimEnd();
  if (value.endsWith(',')) value = value.slice(0, -1).trimEnd();
  if (LINE_BREAK.test(value)) return undefined;
  return { key: head[1]!, rawValue: value };
}

/** `value` without a ` # comment` (what `.replace(/\s+#.*$/, '')` did, in linear time). */
function withoutTrailingComment(value: string): string {
  const hash = value.search(/\s#/);
  if (hash < 0) return value;
  let start = hash;
  while (start > 0 && /\s/.test(value[start - 1]!)) start--;
  return value.slice(0, start);
}
