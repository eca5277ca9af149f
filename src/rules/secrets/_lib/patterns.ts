/**
 * Secret patterns ported from secretlint's recommended preset
 * (https://github.com/secretlint/secretlint, packages/@secretlint/secretlint-rule-*,
 * MIT License, Copyright (c) azu). Ported rather than depended on: secretlint's rules run
 * through its asynchronous engine on whole files, and ours need a synchronous check of one
 * value. Adapted: no `g` flag state is shared (each use builds its own iterator), and AWS
 * access key IDs are on (secretlint has them behind `enableIDScanRule`).
 */
export interface SecretPattern {
  /** Stable id, e.g. `aws-access-key-id`. */
  id: string;
  /** Human name used in messages: "AWS access key ID". */
  label: string;
  pattern: RegExp;
  /** Values secretlint ignores (documentation examples). */
  allow?: readonly string[];
  /**
   * Text that every match of `pattern` contains, one of these at least (ASCII case ignored): a
   * text holding none of them cannot match, so the pattern is not run on it (most strings of a
   * manifest hold none). `mayMatch` checks them; tests hold every pattern to its list.
   */
  mustContain: readonly string[];
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // @secretlint/secretlint-rule-privatekey
  {
    id: 'private-key',
    label: 'private key',
    pattern: /-----BEGIN\s?(?:DSA|RSA|EC|PGP|OPENSSH|[A-Z]{2,16})?\s?PRIVATE KEY(?:\sBLOCK)?-----/,
    mustContain: ['PRIVATE KEY'],
  },
  // @secretlint/secretlint-rule-aws
  {
    id: 'aws-access-key-id',
    label: 'AWS access key ID',
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/,
    mustContain: ['A3T', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'],
    allow: ['AKIAIOSFODNN7EXAMPLE'],
  },
  {
    id: 'aws-secret-access-key',
    label: 'AWS secret access key',
    pattern:
      /["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})["']?\b/,
    mustContain: ['secretaccess', 'secret_access'],
    allow: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  },
  // @secretlint/secretlint-rule-gcp (JSON key files: a private_key next to private_key_id)
  {
    id: 'gcp-service-account-key',
    label: 'GCP service account key',
    pattern: /"private_key_id"\s*:\s*"[0-9a-f]{20,}"[\s\S]{0,200}"private_key"\s*:\s*"-----BEGIN/,
    mustContain: ['"private_key_id"'],
  },
  // @secretlint/secretlint-rule-github
  {
    id: 'github-token',
    label: 'GitHub token',
    pattern:
      /(?<!\p{L})(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])|(?<!\p{L})github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/u,
    mustContain: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  },
  // @secretlint/secretlint-rule-slack
  {
    id: 'slack-token',
    label: 'Slack token',
    pattern: /\bxox[abposr]-(?:\d{1,40}-)+[a-zA-Z0-9]{1,40}\b/,
    mustContain: ['xox'],
  },
  {
    id: 'slack-webhook',
    label: 'Slack incoming webhook URL',
    pattern:
      /https:\/\/hooks\.slack\.com\/services\/T[a-zA-Z0-9]{1,40}\/B[a-zA-Z0-9]{1,40}\/[a-zA-Z0-9]{1,40}/i,
    mustContain: ['hooks.slack.com/services/'],
  },
  // @secretlint/secretlint-rule-npm
  { id: 'npm-token', label: 'npm access token', pattern: /\bnpm_[A-Za-z0-9_]{36}\b/, mustContain: ['npm_'] },
  {
    id: 'npmrc-auth-token',
    label: 'npm auth token',
    pattern: /_authToken=(?!\$)[^\s"']+/,
    mustContain: ['_authToken='],
  },
  // @secretlint/secretlint-rule-openai
  {
    id: 'openai-key',
    label: 'OpenAI API key',
    pattern:
      /sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}/,
    mustContain: ['T3BlbkFJ'],
  },
  // @secretlint/secretlint-rule-anthropic
  {
    id: 'anthropic-key',
    label: 'Anthropic API key',
    pattern: /\bsk-ant-(?:api03|admin01)-[\w-]{93}AA\b/,
    mustContain: ['sk-ant-'],
  },
  // @secretlint/secretlint-rule-sendgrid
  {
    id: 'sendgrid-key',
    label: 'SendGrid API key',
    pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/,
    mustContain: ['SG.'],
  },
  // @secretlint/secretlint-rule-shopify
  {
    id: 'shopify-token',
    label: 'Shopify access token',
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/,
    mustContain: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  },
  // @secretlint/secretlint-rule-linear
  {
    id: 'linear-key',
    label: 'Linear API key',
    pattern: /\blin_api_[a-zA-Z0-9]{40}\b/,
    mustContain: ['lin_api_'],
  },
  // @secretlint/secretlint-rule-basicauth and -database-connection-string: credentials in a URL
  {
    id: 'url-credentials',
    label: 'password in a URL',
    pattern:
      /\b[a-zA-Z][-a-zA-Z0-9+.]{1,30}:\/\/[^\s:/@"'`]{1,256}:([^\s@/"'`]{1,256})@[-a-zA-Z0-9%._+~#=]{1,256}/,
    mustContain: ['://'],
  },
];

const escaped = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (literals: readonly string[]) => new RegExp(literals.map(escaped).join('|'), 'i');

/** Each pattern's `mustContain` as one case-insensitive expression (literals only: linear in the text). */
const MAY_MATCH = new Map(SECRET_PATTERNS.map((p) => [p, anyOf(p.mustContain)]));
const MAY_MATCH_ANY = anyOf(SECRET_PATTERNS.flatMap((p) => p.mustContain));

/** Whether `pattern` may match `text`: false means it cannot (the text holds none of its `mustContain`). */
export function mayMatch(pattern: SecretPattern, text: string): boolean {
  return (MAY_MATCH.get(pattern) ?? anyOf(pattern.mustContain)).test(text);
}

/** Whether any known format may occur in `text` (one pass; false for nearly every value of a manifest). */
export function mayHoldSecretFormat(text: string): boolean {
  return MAY_MATCH_ANY.test(text);
}
