import { it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The real GitOps repositories beside the project (`../shared/corpus`), or `GITOPS_GUARD_CORPUS`. */
export const CORPUS_DIR =
  process.env.GITOPS_GUARD_CORPUS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/**
 * A test over the corpus. Skipped on a machine without it, but failing in CI (`CI=true`): a
 * missing corpus there must not turn the corpus checks into silent passes.
 */
export function itOnCorpus(name: string, fn: () => void, timeout?: number): void {
  if (existsSync(CORPUS_DIR)) it(name, fn, timeout);
  else if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`the corpus is missing at ${CORPUS_DIR}; CI needs it (or set GITOPS_GUARD_CORPUS)`);
    });
  else it.skip(name, fn);
}

/** The manifest files (.yaml, .yml, .json) under `dir`, recursively. */
export function listManifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listManifests(join(dir, e.name))
      : /\.(ya?ml|json)$/i.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}
