import admissionPolicyWeakened from './admission-policy-weakened.js';
import argocdProjectWidened from './argocd-project-widened.js';
import gatekeeperPolicyWeakened from './gatekeeper-policy-weakened.js';
import imageDigestDropped from './image-digest-dropped.js';
import kyvernoPolicyWeakened from './kyverno-policy-weakened.js';
import networkpolicyRemoved from './networkpolicy-removed.js';
import psaEnforceLowered from './psa-enforce-lowered.js';
import rbacRulesWidened from './rbac-rules-widened.js';
import rbacSubjectsAdded from './rbac-subjects-added.js';
import securityContextWeakened from './security-context-weakened.js';
import type { DeltaRule } from './types.js';

/** Every risky delta, for the diff and for the docs generator (renderRuleDoc accepts them). */
export const deltaRules: readonly DeltaRule[] = [
  admissionPolicyWeakened,
  argocdProjectWidened,
  gatekeeperPolicyWeakened,
  imageDigestDropped,
  kyvernoPolicyWeakened,
  networkpolicyRemoved,
  psaEnforceLowered,
  rbacRulesWidened,
  rbacSubjectsAdded,
  securityContextWeakened,
];
