import { globMatch, type GlobOptions } from '../../../model/index.js';
import type { ScanOptions } from '../../../engine/index.js';
import {
  getIn,
  isObject,
  labelsOf,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../../../manifests/index.js';

export const ARGO_GROUP = 'argoproj.io';
export const ARGOCD_SECURITY_DOCS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/security/';
export const ARGOCD_PROJECTS_DOCS = 'https://argo-cd.readthedocs.io/en/stable/user-guide/projects/';
export const ARGOCD_RBAC_DOCS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/';
export const ARGOCD_USERS_DOCS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/';
export const ARGOCD_DECLARATIVE_DOCS =
  'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/';

export function isArgoKind(resource: Resource, ...kinds: string[]): boolean {
  return resource.group === ARGO_GROUP && kinds.includes(resource.kind);
}

/** A string value, trimmed; undefined for anything else. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Argo CD and Flux read booleans from strings in ConfigMaps and Secrets: `"true"`, `true`. */
export function isTrue(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

/** Contains a template expression of an ApplicationSet or Helm (`{{ ... }}`): the value is not known. */
export function isTemplated(value: string): boolean {
  return value.includes('{{') || value.includes('${');
}

/** The Application spec of an Application, or the template spec of an ApplicationSet. */
export interface AppSpec {
  spec: JsonObject;
  path: PathSegment[];
  /** 'Application' or 'ApplicationSet'. */
  kind: string;
}

export function appSpecOf(resource: Resource): AppSpec | undefined {
  if (resource.group !== ARGO_GROUP) return undefined;
  if (resource.kind === 'Application') {
    const spec = resource.object.spec;
    return isObject(spec) ? { spec, path: ['spec'], kind: resource.kind } : undefined;
  }
  if (resource.kind === 'ApplicationSet') {
    const spec = getIn(resource.object, ['spec', 'template', 'spec']);
    return isObject(spec) ? { spec, path: ['spec', 'template', 'spec'], kind: resource.kind } : undefined;
  }
  return undefined;
}

export interface AppSource {
  source: JsonObject;
  path: PathSegment[];
}

/** `source`, every `sources[]` item, and the hydrator's dry and sync sources. */
export function appSourcesOf(app: AppSpec): AppSource[] {
  const out: AppSource[] = [];
  if (isObject(app.spec.source)) out.push({ source: app.spec.source, path: [...app.path, 'source'] });
  if (Array.isArray(app.spec.sources)) {
    app.spec.sources.forEach((s, i) => {
      if (isObject(s)) out.push({ source: s, path: [...app.path, 'sources', i] });
    });
  }
  const hydrator = app.spec.sourceHydrator;
  if (isObject(hydrator)) {
    for (const key of ['drySource', 'syncSource']) {
      const s = hydrator[key];
      if (isObject(s)) out.push({ source: s, path: [...app.path, 'sourceHydrator', key] });
    }
  }
  return out;
}

export interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

export function destinationOf(app: AppSpec): Destination {
  const d = app.spec.destination;
  if (!isObject(d)) return {};
  return {
    server: str(d.server) || undefined,
    name: str(d.name) || undefined,
    namespace: str(d.namespace) || undefined,
  };
}

function anyGlob(value: string | undefined, globs: readonly string[], options: GlobOptions = {}): boolean {
  if (value === undefined || value === '') return false;
  for (const glob of globs) {
    if (typeof glob !== 'string' || glob === '') continue;
    try {
      if (globMatch(value, glob, { dot: true, ...options })) return true;
    } catch {
      // a malformed glob matches nothing
    }
  }
  return false;
}

/** True when the file path matches one of the globs (a glob without `/` matches the file's base name). */
export function fileMatches(file: string, globs: readonly string[]): boolean {
  const normal = file.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const glob of globs) {
    if (typeof glob !== 'string' || glob === '') continue;
    if (anyGlob(normal, [glob], { matchBase: !glob.includes('/') })) return true;
  }
  return false;
}

/**
 * Whether an Application deploys to production, by the `production` settings: the destination
 * namespace, the destination cluster (server URL or name), or the manifest's file path.
 */
export function isProductionApp(resource: Resource, app: AppSpec, options: ScanOptions): boolean {
  const production = options.production ?? { namespaces: [], paths: [], clusters: [] };
  const dest = destinationOf(app);
  if (anyGlob(dest.namespace, production.namespaces ?? [])) return true;
  if (anyGlob(dest.server, production.clusters ?? []) || anyGlob(dest.name, production.clusters ?? []))
    return true;
  return fileMatches(resource.file, production.paths ?? []);
}

/** The `data` of a core ConfigMap named `name` (Argo CD reads its settings by name). */
export function configMapData(resource: Resource, names: string | string[]): JsonObject | undefined {
  if (resource.group !== '' || resource.kind !== 'ConfigMap') return undefined;
  const wanted = Array.isArray(names) ? names : [names];
  if (!wanted.includes(resource.name)) return undefined;
  const data = resource.object.data;
  return isObject(data) ? data : undefined;
}

const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** `repository`, `repo-creds`, `repository-write`, `cluster`... for an Argo CD Secret; undefined otherwise. */
export function argoSecretType(resource: Resource): string | undefined {
  if (resource.group !== '' || resource.kind !== 'Secret') return undefined;
  const type = labelsOf(resource.object)[ARGOCD_SECRET_TYPE_LABEL];
  return type ? type.trim() : undefined;
}

export interface SecretValue {
  /** The decoded value: never print it. */
  value: unknown;
  path: PathSegment[];
  /** Where it came from: `stringData` (plain text) or `data` (base64). */
  from: 'stringData' | 'data';
}

/** A Secret field, `stringData` first (it wins when both are set), `data` decoded from base64. */
export function secretField(resource: Resource, key: string): SecretValue | undefined {
  const stringData = resource.object.stringData;
  if (
    isObject(stringData) &&
    key in stringData &&
    stringData[key] !== null &&
    stringData[key] !== undefined
  ) {
    return { value: stringData[key], path: ['stringData', key], from: 'stringData' };
  }
  const data = resource.object.data;
  if (isObject(data) && key in data && data[key] !== null && data[key] !== undefined) {
    const raw = data[key];
    return { value: typeof raw === 'string' ? decodeBase64(raw) : raw, path: ['data', key], from: 'data' };
  }
  return undefined;
}

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return undefined;
  try {
    return Buffer.from(compact, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

/** The Secret is encrypted in Git (SOPS) or its values come from elsewhere. */
export function isEncryptedSecret(resource: Resource): boolean {
  return isObject(resource.object.sops);
}

/**
 * A value that is not a real credential: empty, a placeholder for a secret manager
 * (`<path:...>` of argocd-vault-plugin, `${VAR}`, `{{ }}`), or SOPS ciphertext (`ENC[...]`).
 */
export function isPlaceholderSecret(value: unknown): boolean {
  if (typeof value !== 'string') return value === undefined || value === null || value === '';
  const v = value.trim();
  if (v === '' || v === '...' || /^<[^>]*>$/.test(v) || v.startsWith('<path:')) return true;
  if (/^ENC\[/.test(v) || /^\$\{[^}]*\}$/.test(v) || /^\$[A-Z_][A-Z0-9_]*$/.test(v) || v.includes('{{'))
    return true;
  return /^(changeme|change-me|redacted|xxx+|\*+)$/i.test(v);
}

/** Parses a cluster Secret's `config` (a JSON string, or an object by mistake). */
export function parseClusterConfig(value: unknown): JsonObject | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Lines of a multi-line string field (policy.csv) with their 1-based index inside the value. */
export function csvLines(value: unknown): { line: string; index: number }[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), index: i + 1 }))
    .filter((l) => l.line !== '' && !l.line.startsWith('#'));
}

/** Splits a Casbin CSV line on commas (quoted fields kept whole). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** `http://` or `git://` (unencrypted transports). */
export function plaintextScheme(url: string): string | undefined {
  const m = /^(http|git):\/\//i.exec(url.trim());
  return m ? `${m[1]!.toLowerCase()}://` : undefined;
}

/** A host reachable only inside the cluster (service DNS name, localhost). */
export function isClusterLocalUrl(url: string): boolean {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url.trim());
  if (!m) return false;
  const host = m[1]!.toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host === '127.0.0.1' ||
    host.endsWith('.svc') ||
    host.endsWith('.svc.cluster.local') ||
    host.endsWith('.cluster.local')
  );
}
