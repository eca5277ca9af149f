/**
 * k8s.io/pod-security-admission as vendored by scripts/vendor-psa-testdata.mjs: its checks with
 * the policy versions they are registered at (policy/check_*.go) and the fixture pods its
 * TestFixtures generates for every level and version (test/testdata).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PssLevel } from '../../src/engine/index.js';

export interface PsaCheck {
  id: string;
  level: PssLevel;
  source: string;
  /** Each registered check version: its minimum minor version and the checks it overrides. */
  versions: Array<{ minor: number; overrides?: string[] }>;
}

export interface PsaVendored {
  repository: string;
  commit: string;
  committed: string;
  branch: string;
  newestTag: string;
  source: string;
  checks: PsaCheck[];
  /** `<level>/v1.N/<pass|fail>` -> fixture name (check id lower-cased + index, or base*) -> key in `pods`. */
  fixtures: Record<string, Record<string, string>>;
  /** Fixture pods as PSA wrote them (YAML), deduplicated. */
  pods: Record<string, string>;
}

export const PSA = JSON.parse(
  readFileSync(join(import.meta.dirname, 'pod-security-admission.json'), 'utf8'),
) as PsaVendored;
