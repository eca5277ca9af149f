import type { CheckItem, Outcome } from './types.js';

/** A check's outcome from its items: fail, then error, then not_available, then pass; no items is pass. */
export function summarizeItems(items: readonly Pick<CheckItem, 'outcome'>[]): Outcome {
  const has = (o: Outcome) => items.some((i) => i.outcome === o);
  if (has('fail')) return 'fail';
  if (has('error')) return 'error';
  if (has('not_available')) return 'not_available';
  if (items.length > 0 && items.every((i) => i.outcome === 'not_applicable')) return 'not_applicable';
  return 'pass';
}
