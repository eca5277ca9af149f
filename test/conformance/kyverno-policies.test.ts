import { describe, expect, it } from '@jest/globals';
import { agreementRatio, compareWithKyverno } from './kyverno-agreement.js';

/** The share of kyverno/policies' resource verdicts (pod-security, best-practices, argo, flux) we must agree with. */
const TARGET = 0.97;

describe('Kyverno policies as Kyverno evaluates them (kyverno/policies CLI tests)', () => {
  it(`agrees with at least ${TARGET * 100}% of Kyverno's resource verdicts`, () => {
    const comparisons = compareWithKyverno();
    const ratio = agreementRatio(comparisons);
    const disagreements = comparisons.filter((c) => !c.agrees);
    if (process.env.KYVERNO_AGREEMENT_DETAILS)
      for (const d of disagreements)
        console.log(
          `${d.test} ${d.rule} ${d.kind}/${d.resource}: expected ${d.expected}, got ${d.actual}${d.detail ? ` (${d.detail})` : ''}`,
        );
    console.log(
      `kyverno/policies agreement: ${comparisons.length - disagreements.length}/${comparisons.length} = ${(ratio * 100).toFixed(1)}%`,
    );
    expect(comparisons.length).toBeGreaterThan(500);
    expect(ratio).toBeGreaterThanOrEqual(TARGET);
  });
});
