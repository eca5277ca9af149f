import { globMatch } from '../model/index.js';

// Where policies live: light enough for start-up (the compilers, CEL and JMESPath, load only when there are policies).

/** A policy file of another repository (`policies.repository.paths`; default every .yaml/.yml/.json file). */
export function isPolicyRepositoryFile(path: string, globs: readonly string[] | undefined): boolean {
  if (!globs?.length) return /\.(ya?ml|json)$/i.test(path);
  return globs.some((glob) => globMatch(path, glob, { dot: true }));
}

/** The default folder of custom CEL rules in a repository. */
export const DEFAULT_POLICY_PATHS = ['.github/gitops-guard/policies/'];

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
