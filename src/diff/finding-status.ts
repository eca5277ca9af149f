import type { Finding } from '../model/index.js';

/**
 * Gives each finding its status by fingerprint: head findings are introduced or existing, base
 * findings absent on head are fixed. A multiset match: two identical findings on head and one on
 * base make one of them new.
 */
export function statusByFingerprint(base: readonly Finding[], head: readonly Finding[]): Finding[] {
  const baseCounts = countBy(base);
  const headCounts = countBy(head);
  const out: Finding[] = [];
  for (const f of head) {
    const left = baseCounts.get(f.fingerprint) ?? 0;
    baseCounts.set(f.fingerprint, left - 1);
    out.push({ ...f, status: left > 0 ? 'existing' : 'introduced' });
  }
  for (const f of base) {
    const left = headCounts.get(f.fingerprint) ?? 0;
    headCounts.set(f.fingerprint, left - 1);
    if (left <= 0) out.push({ ...f, status: 'fixed' });
  }
  return out;
}

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
  return counts;
}
