/**
 * Shared helpers of the Pod Security Standards rules. Each rule mirrors one check of
 * k8s.io/pod-security-admission (policy/check_*.go), including its versions and the
 * "overrides" a restricted check declares on a baseline check.
 */
import type { RuleContext } from '../../../engine/index.js';
import { pssVersionAtLeast } from '../../../engine/options.js';
import {
  isObject,
  type ContainerView,
  type JsonObject,
  type PathSegment,
  type PodSpecView,
} from '../../../manifests/index.js';

export type { ContainerView, PodSpecView };

/** True when the evaluated policy version is v1.<minor> or newer. */
export function atLeast(context: RuleContext<unknown>, minor: number): boolean {
  return pssVersionAtLeast(context.options.pssVersion, 1, minor);
}

/**
 * PSA drops a baseline check under the restricted profile when a restricted check that
 * overrides it applies at the evaluated version (registry.go `OverrideCheckIDs`).
 */
export function overriddenUnderRestricted(context: RuleContext<unknown>, sinceMinor: number): boolean {
  return context.options.profile === 'restricted' && atLeast(context, sinceMinor);
}

/** `spec.os.name: windows` (PSA's Windows relaxations of restricted checks from v1.25). */
export function isWindowsPod(spec: JsonObject): boolean {
  return isObject(spec.os) && spec.os.name === 'windows';
}

/** `spec.hostUsers: false`: the pod runs in a user namespace (relaxPolicyForUserNamespacePod). */
export function inUserNamespace(spec: JsonObject): boolean {
  return spec.hostUsers === false;
}

/** The pod-level securityContext, when it is an object. */
export function podSecurityContext(pod: PodSpecView): JsonObject | undefined {
  return isObject(pod.spec.securityContext) ? pod.spec.securityContext : undefined;
}

/** A container's securityContext, when it is an object. */
export function securityContextOf(c: ContainerView): JsonObject | undefined {
  return isObject(c.container.securityContext) ? c.container.securityContext : undefined;
}

/** Go's pointer semantics: a field is "set" when present and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Human label of a container: `Container "app"`, `Init container "init"`, `Ephemeral container "debug"`. */
export function label(c: ContainerView): string {
  const name = JSON.stringify(c.name);
  if (c.kind === 'initContainers') return `Init container ${name}`;
  if (c.kind === 'ephemeralContainers') return `Ephemeral container ${name}`;
  return `Container ${name}`;
}

export function scPath(c: ContainerView, ...rest: PathSegment[]): PathSegment[] {
  return [...c.path, 'securityContext', ...rest];
}

export function podScPath(pod: PodSpecView, ...rest: PathSegment[]): PathSegment[] {
  return [...pod.path, 'securityContext', ...rest];
}

/** Quotes a value for a message (short, never a secret: names of capabilities, sysctls, types). */
export function q(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Baseline: capabilities a container may add (check_capabilities_baseline.go, v1.0+). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Seccomp profile types accepted by both seccomp checks on the fields (v1.19+). */
export function validSeccompType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}
