import type { PssVersion, ScanOptions } from './types.js';

/** The newest Pod Security Standards version we implement. */
export const LATEST_PSS_VERSION: PssVersion = { major: 1, minor: 37 };

/** Parses `v1.30`, `1.30` or `latest`; undefined when malformed. */
export function parsePssVersion(text: string): PssVersion | undefined {
  if (text === 'latest') return LATEST_PSS_VERSION;
  const match = /^v?(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `version` is `atLeast` or newer. */
export function pssVersionAtLeast(version: PssVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  profile: 'restricted',
  pssVersion: LATEST_PSS_VERSION,
  production: { namespaces: [], paths: [], clusters: [] },
};
