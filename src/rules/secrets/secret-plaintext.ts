import { defineRule } from '../../engine/index.js';
import { isObject, labelsOf } from '../../manifests/index.js';
import { credentialLabel, detectSecrets, isPlaceholderOrReference, scanEmbeddedText } from './_lib/redact.js';

/** Keys whose values are not secret in Secrets we know (Argo CD repositories and clusters, TLS, basic-auth). */
const PUBLIC_KEYS = new Set([
  'ca.crt',
  'tls.crt',
  'ca.pem',
  'cert.pem',
  'url',
  'name',
  'type',
  'project',
  'server',
  'namespace',
  'namespaces',
  'host',
  'hostname',
  'port',
  'username',
  'user',
  'email',
  'insecure',
  'enablelfs',
  'proxy',
  'noproxy',
  'githubappid',
  'githubappinstallationid',
  'githubappenterprisebaseurl',
  'clusterresources',
  'region',
  'database',
  'dbname',
  'forcehttpbasicauth',
  'usehttps',
  'sslmode',
]);

/** A key that is not a credential and names public data (a user name, a URL, a flag), or a flag-like value. */
function isPublicSetting(key: string, value: string): boolean {
  const lower = key.toLowerCase();
  if (PUBLIC_KEYS.has(lower)) return true;
  if (
    /(?:user(?:name)?|_in|name|email|url|uri|endpoint|host|hostname|port|region|project|namespace|server|enabled|insecure|type|id)$/i.test(
      lower.replace(/[^a-z0-9_]/g, ''),
    )
  )
    return true;
  const v = value.trim();
  if (/^(?:true|false|yes|no|on|off)$/i.test(v) || /^-?\d+(?:\.\d+)?$/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(v)) return true; // a URL without credentials
  return false;
}

function isSopsEncrypted(object: Record<string, unknown>): boolean {
  const sops = object.sops;
  return isObject(sops) && (typeof sops.mac === 'string' || sops.mac !== undefined);
}

function decode(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return value;
  try {
    return Buffer.from(compact, 'base64').toString('utf8');
  } catch {
    return value;
  }
}

function labelFor(key: string, plain: string, secretType: string): string {
  const detected = detectSecrets(plain);
  if (detected.length > 0) return detected[0]!.label;
  const named = credentialLabel(key);
  if (named) return named;
  if (secretType === 'kubernetes.io/dockerconfigjson' || secretType === 'kubernetes.io/dockercfg')
    return 'registry credentials';
  if (secretType === 'kubernetes.io/service-account-token' && key === 'token') return 'service account token';
  if (/"auths"\s*:/.test(plain)) return 'registry credentials';
  if (/bearerToken|"password"|tlsClientConfig/.test(plain)) return 'credentials';
  return 'secret value';
}

const ARGOCD_SECRET_TYPES = new Set([
  'repository',
  'repo-creds',
  'repo-write-creds',
  'repository-write',
  'cluster',
]);

export default defineRule({
  id: 'secret-plaintext',
  title: 'Plaintext Secrets committed to Git',
  severity: 'high',
  category: 'secrets',
  description:
    'A `kind: Secret` with `data` or `stringData` in the repository puts the credential in Git history for everyone with read access, forever: `data` is base64, an encoding, not encryption. SealedSecrets, SOPS-encrypted files and External Secrets keep the value out of Git.',
  remediation:
    'Rotate the credential, remove it from the repository, and commit a SealedSecret, a SOPS-encrypted Secret or an ExternalSecret instead.',
  references: {
    links: [
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      'https://fluxcd.io/flux/guides/mozilla-sops/',
    ],
  },
  // Argo CD repository and cluster Secrets are judged by argocd-secret-plaintext-credentials (one finding, not two).
  match: (resource) =>
    resource.kind === 'Secret' &&
    resource.group === '' &&
    !ARGOCD_SECRET_TYPES.has(labelsOf(resource.object)['argocd.argoproj.io/secret-type'] ?? ''),
  check(resource, context) {
    const object = resource.object;
    if (isSopsEncrypted(object)) return;
    const secretType = typeof object.type === 'string' ? object.type : '';
    for (const field of ['data', 'stringData'] as const) {
      const values = object[field];
      if (!isObject(values)) continue;
      for (const [key, raw] of Object.entries(values)) {
        if (typeof raw !== 'string' && typeof raw !== 'number') continue;
        const text = String(raw);
        if (isPlaceholderOrReference(text)) continue;
        const plain = field === 'data' ? decode(text) : text;
        if (isPlaceholderOrReference(plain)) continue;
        const hasKey = /PRIVATE KEY/.test(plain);
        if (/-----BEGIN CERTIFICATE-----/.test(plain) && !hasKey) continue; // certificates are public
        if (detectSecrets(plain).length === 0 && !credentialLabel(key) && isPublicSetting(key, plain))
          continue;
        const encoding = field === 'data' ? ' (base64 is not encryption)' : '';
        if (
          plain.includes('\n') &&
          !credentialLabel(key) &&
          !hasKey &&
          secretType !== 'kubernetes.io/dockerconfigjson'
        ) {
          // A whole config file: say what it holds, or report it low when no credential is recognised.
          const hit = scanEmbeddedText(plain, key)[0];
          context.report({
            path: [field, key],
            severity: hit ? 'high' : 'low',
            message: hit
              ? `Secret key "${key}" is a file with a ${hit.label}${hit.setting ? ` in setting "${hit.setting}"` : ''} in plain text${encoding}.`
              : `Secret key "${key}" is a configuration file committed in plain text${encoding}; no credential was recognised in it, but anything sensitive in it is exposed.`,
          });
          continue;
        }
        const label = labelFor(key, plain, secretType);
        context.report({
          path: [field, key],
          message: `Secret key "${key}" holds a ${label} in plain text${encoding}.`,
        });
      }
    }
  },
});
