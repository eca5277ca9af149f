import {
  DEFAULT_SCAN_OPTIONS,
  defaultParams,
  parsePssVersion,
  type ReportInput,
  type Rule,
} from '../engine/index.js';
import { getIn, isObject, type JsonObject, type PathSegment, type Resource } from '../manifests/index.js';
import { builtinRules } from '../rules/index.js';
import { Unsupported } from './kyverno-variables.js';
import { wildcardMatch } from './match.js';

/**
 * Kyverno's `validate.podSecurity` sub-rule, judged by our own Pod Security engine (the
 * built-in pss-* rules, which follow pod-security-admission), at the level and version the
 * rule names, with its `exclude` entries honoured.
 */

/** Kyverno's control names (pod-security-admission's check names) for the PSA check ids of our rules. */
const CONTROL_NAMES: Record<string, string> = {
  appArmorProfile: 'AppArmor',
  capabilities_baseline: 'Capabilities',
  capabilities_restricted: 'Capabilities',
  hostNamespaces: 'Host Namespaces',
  hostPathVolumes: 'HostPath Volumes',
  hostPorts: 'Host Ports',
  hostProbesAndHostLifecycle: 'Host Probes / Lifecycle Hooks',
  privileged: 'Privileged Containers',
  procMount: '/proc Mount Type',
  procMount_restricted: '/proc Mount Type',
  seLinuxOptions: 'SELinux',
  seccompProfile_baseline: 'Seccomp',
  seccompProfile_restricted: 'Seccomp',
  sysctls: 'Sysctls',
  windowsHostProcess: 'HostProcess',
  allowPrivilegeEscalation: 'Privilege Escalation',
  restrictedVolumes: 'Volume Types',
  runAsNonRoot: 'Running as Non-root',
  runAsUser: 'Running as Non-root user',
};

function controlOf(rule: Rule<unknown>): string | undefined {
  const ref = rule.references?.pss?.[0];
  return ref ? CONTROL_NAMES[ref.split(':')[1] ?? ''] : undefined;
}

interface Exclusion {
  controlName: string;
  images?: string[];
  restrictedField?: string;
  values?: string[];
}

export interface PodSecurityViolation {
  input: ReportInput;
  control: string;
}

/** Compile-time check of a podSecurity block; returns why it cannot be evaluated, or undefined. */
export function podSecurityProblem(block: unknown): string | undefined {
  if (!isObject(block)) return 'validate.podSecurity is not a map';
  const level = block.level ?? 'baseline';
  if (!['privileged', 'baseline', 'restricted'].includes(String(level)))
    return `podSecurity level ${JSON.stringify(level)} is not privileged, baseline or restricted`;
  if (block.version !== undefined && !parsePssVersion(String(block.version)))
    return `podSecurity version ${JSON.stringify(block.version)} is not a Pod Security Standards version we implement`;
  const known = new Set(Object.values(CONTROL_NAMES));
  for (const e of Array.isArray(block.exclude) ? block.exclude : []) {
    if (!isObject(e) || typeof e.controlName !== 'string')
      return 'a podSecurity exclude entry has no controlName';
    if (!known.has(e.controlName))
      return `the podSecurity exclude controlName ${JSON.stringify(e.controlName)} is not a Pod Security control we know`;
  }
  return undefined;
}

/** The violations of one resource (a Pod or a pod controller) that the exclusions do not exempt. */
export function podSecurityViolations(block: JsonObject, resource: Resource): PodSecurityViolation[] {
  const level = String(block.level ?? 'baseline');
  if (level === 'privileged') return [];
  const version = parsePssVersion(String(block.version ?? 'latest'));
  if (!version)
    throw new Unsupported(`podSecurity version ${JSON.stringify(block.version)} is not implemented`);
  const options = {
    ...DEFAULT_SCAN_OPTIONS,
    profile: level as 'baseline' | 'restricted',
    pssVersion: version,
  };
  const exclusions = (Array.isArray(block.exclude) ? block.exclude : []).filter(
    isObject,
  ) as unknown as Exclusion[];
  const out: PodSecurityViolation[] = [];
  for (const rule of builtinRules) {
    if (!rule.pssLevel || (rule.pssLevel === 'restricted' && level === 'baseline')) continue;
    if (rule.match && !rule.match(resource)) continue;
    const control = controlOf(rule) ?? rule.id;
    rule.check(resource, {
      params: defaultParams(rule),
      options,
      resources: [resource],
      report: (input) => {
        if (!exclusions.some((e) => excludes(e, control, input.path, resource.object)))
          out.push({ input, control });
      },
    });
  }
  return out;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * As Kyverno: an exclusion without `images` exempts the pod-level fields of its control, one
 * with `images` the container-level fields of containers whose image matches; `values`, when
 * given, narrow it to those offending values.
 */
function excludes(e: Exclusion, control: string, path: PathSegment[], object: JsonObject): boolean {
  if (e.controlName !== control) return false;
  const at = path.findIndex(
    (s, i) => typeof s === 'string' && CONTAINER_LISTS.has(s) && typeof path[i + 1] === 'number',
  );
  if (at < 0) {
    if (e.images?.length) return false;
  } else {
    const container = getIn(object, path.slice(0, at + 2));
    const image = isObject(container) && typeof container.image === 'string' ? container.image : '';
    if (!e.images?.some((p) => wildcardMatch(String(p), image))) return false;
  }
  if (e.values?.length) {
    const value = getIn(object, path);
    const values = Array.isArray(value) ? value : [value];
    return values.every((v) => e.values!.map(String).includes(String(v)));
  }
  return true;
}
