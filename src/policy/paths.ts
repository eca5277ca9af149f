import { documentKind } from '../manifests/document-head.js';
import { globMatch } from '../model/index.js';

// Where policies live: light enough for start-up (the compilers, CEL and JMESPath, load only when there are policies).

/** A policy file of another repository (`policies.repository.paths`; default every .yaml/.yml/.json file). */
export function isPolicyRepositoryFile(path: string, globs: readonly string[] | undefined): boolean {
  if (!globs?.length) return /\.(ya?ml|json)$/i.test(path);
  return globs.some((glob) => globMatch(path, glob, { dot: true }));
}

/** The default folder of custom CEL rules in a repository. */
export const DEFAULT_POLICY_PATHS = ['.github/gitops-guard/policies/'];

/** The kinds of the admission policies compiled from a repository's resources (and their bindings). */
export const POLICY_KINDS = [
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ClusterPolicy',
  'Policy',
] as const;

/** The kinds ValidatingAdmissionPolicies among `resources` take their params from (`spec.paramKind.kind`). */
export function vapParamKinds(
  resources: readonly { group: string; kind: string; object: Record<string, unknown> }[],
): string[] {
  const kinds = new Set<string>();
  for (const r of resources) {
    if (r.group !== 'admissionregistration.k8s.io' || r.kind !== 'ValidatingAdmissionPolicy') continue;
    const spec = r.object.spec as { paramKind?: { kind?: unknown } } | null | undefined;
    const kind = typeof spec === 'object' && spec !== null ? spec.paramKind?.kind : undefined;
    if (typeof kind === 'string') kinds.add(kind);
  }
  return [...kinds].sort();
}

/**
 * True when one YAML document may hold an admission policy: its own `kind:` line names a policy
 * kind (document-head.ts), or, when that is not certain, its text mentions one (`mayHoldPolicy`).
 * An Argo CD ConfigMap that merely mentions `kyverno.io` is not parsed for policies.
 */
export function mayHoldPolicyDocument(text: string): boolean {
  const kind = documentKind(text);
  if (kind !== undefined && !kind.endsWith('List')) return (POLICY_KINDS as readonly string[]).includes(kind);
  return mayHoldPolicy(text);
}

/** True when a file may hold an admission policy (cheap text test before parsing). */
export function mayHoldPolicy(content: string | Uint8Array | undefined): boolean {
  if (content === undefined) return false;
  // Bytes are searched where they are (no decoded copy of every file): both markers are ASCII.
  const text =
    typeof content === 'string'
      ? content
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return text.includes('ValidatingAdmissionPolicy') || text.includes('kyverno.io');
}
