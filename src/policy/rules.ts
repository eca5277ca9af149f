/**
 * Catalogue entries of the findings the repository's own policies produce about themselves
 * (`policy-error`, `policy-not-evaluated`), so that `gitops-guard rules`, docs/rules/<id>.md,
 * SARIF rule help and remediation cover them. The policies' own findings (`vap/…`, `kyverno/…`,
 * custom ids) take their metadata from the policy.
 */
import type { Rule } from '../engine/index.js';
import { POLICY_ERROR_SEVERITY, POLICY_RULES } from './findings.js';

const references = { links: ['https://github.com/gitops-guard/gitops-guard/blob/main/docs/custom-rules.md'] };

export const policyFindingRules: readonly Rule<unknown>[] = [
  {
    id: POLICY_RULES.error,
    title: 'Policy or custom rule is broken',
    severity: POLICY_ERROR_SEVERITY,
    category: 'policy',
    engineFinding: true,
    description:
      'A custom rule file does not parse, a CEL expression does not compile, or an expression fails at run time (a missing field, a wrong type, a cost or time limit). The rule could not judge the resource, so this is reported instead of a silent pass.',
    remediation:
      'Fix the rule or policy named in the message (guard optional fields with has()); `gitops-guard rules --dir .` lists what loaded.',
    references,
    check() {},
  },
  {
    id: POLICY_RULES.notEvaluated,
    title: 'Policy not evaluated',
    severity: 'info',
    category: 'policy',
    engineFinding: true,
    description:
      'A policy, or a part of one, needs what an offline check does not have (API calls, cluster state, an unsupported feature, a policy repository that could not be read), so it was not evaluated. It never counts as a pass: the admission controller still enforces it in the cluster.',
    remediation:
      'Nothing to fix in the manifest; to have it judged before merge, express the policy without cluster lookups, or provide the policy repository (--policy-repo).',
    references,
    check() {},
  },
];
