/** Splits `DB_PASSWORD`, `dbPassword`, `db-password`, `db.password` into upper-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATEKEY',
  'ACCESSKEY',
  'SECRETKEY',
  'CLIENTSECRET',
  'AUTHTOKEN',
  'BEARER',
]);
/** `<word>_KEY`: API_KEY, PRIVATE_KEY, ACCESS_KEY, SECRET_KEY, ENCRYPTION_KEY, ... */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'PRIVATE',
  'SECRET',
  'ENCRYPTION',
  'SIGNING',
  'MASTER',
  'CLIENT',
  'LICENSE',
  'AUTH',
  'HMAC',
  'JWT',
  'SESSION',
  'CRYPT',
  'CIPHER',
  'ADMIN',
]);
/** The last word says the value is about the secret, not the secret: a file, a name, a setting. */
const NOT_A_VALUE = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'DIRECTORY',
  'NAME',
  'NAMES',
  'REF',
  'ID',
  'ARN',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'USER',
  'USERNAME',
  'LOGIN',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'REQUIRED',
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'EXPIRATION',
  'EXPIRES',
  'LIFETIME',
  'DURATION',
  'INTERVAL',
  'LENGTH',
  'SIZE',
  'BITS',
  'COUNT',
  'HEADER',
  'COOKIE',
  'PARAM',
  'TYPE',
  'KIND',
  'FORMAT',
  'MODE',
  'POLICY',
  'PROVIDER',
  'ALGORITHM',
  'ALG',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'REGION',
  'LOCATION',
  'MOUNT',
  'KEYRING',
  'VERSION',
  'PREFIX',
  'SUFFIX',
  'FIELD',
  'PROPERTY',
  'STORE',
  'VAULT',
  'NAMESPACE',
  'SOURCE',
  'ROLE',
  'METHOD',
  'STRATEGY',
  'CACHE',
  'HASH',
  'REGEX',
  'PATTERN',
]);

/** Whether an environment variable name says its value is a password, token, key or other secret. */
export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (NOT_A_VALUE.has(words[words.length - 1]!)) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w)) return true;
    if (w === 'PASS' && i === words.length - 1) return true; // DB_PASS
    if (w === 'PWD' && words.length > 1) return true; // DB_PWD (a bare PWD is the working directory)
    if (w === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) return true;
    if (/^(API|SECRET|ACCESS|PRIVATE)KEY$/.test(w)) return true;
  }
  return false;
}

const PLACEHOLDER =
  /^(changeme|change[-_ ]?me|replace[-_ ]?me|to[-_ ]?do|tbd|xxx+|\*+|\.+|-+|_+|dummy|example|sample|placeholder|secret|password|token|redacted|none|null|nil|undefined|empty|default|test|foo|bar|your[-_].*|my[-_].*|insert[-_].*|set[-_]?me|fill[-_]?me(?:[-_]in)?)$/i;
/** References that a tool or sidecar resolves at run time: not the secret itself. */
const RESOLVED_LATER =
  /^(vault:|ref\+|arn:aws:(secretsmanager|ssm):|sm:\/\/|gcp:|azkv:|akv:|k8s:|secret:|op:\/\/|bw:|doppler:|infisical:)/i;

/**
 * Whether an `env[].value` is a real literal secret: not empty, not a `$(VAR)` or `${VAR}`
 * reference, not a template, placeholder, path, number or boolean.
 */
export function looksLikeLiteralSecret(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  if (v.length < 4) return false;
  if (/\$\(|\$\{|\{\{|\}\}|%\(|#\{/.test(v)) return false;
  if (/^<[^>]*>$/.test(v) || /^%[^%]+%$/.test(v) || /^__.*__$/.test(v) || /^@[^@]+@$/.test(v)) return false;
  if (PLACEHOLDER.test(v)) return false;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return false; // GOOGLE_API_KEY_VALUE: a variable name or placeholder
  if (RESOLVED_LATER.test(v)) return false;
  if (/^(true|false|yes|no|on|off|enabled|disabled)$/i.test(v)) return false;
  if (/^-?\d+(\.\d+)?[smhdw]?$/.test(v)) return false;
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('~/') || /^[A-Za-z]:\\/.test(v)) return false;
  if (/^https?:\/\/[^/@:]+(:\d+)?(\/\S*)?$/i.test(v)) return false; // a plain URL without credentials
  return true;
}
