import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type PathSegment } from '../../manifests/index.js';
import { atLeast, label, q } from './_lib/pss.js';

/**
 * check_hostProbesAndhostLifecycle.go (baseline `hostProbesAndHostLifecycle`, v1.34+):
 * probes and lifecycle handlers must not set `httpGet.host` or `tcpSocket.host`.
 */
export default defineRule({
  id: 'pss-host-probes-and-lifecycle',
  title: 'Host in probes and lifecycle hooks',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    "The kubelet runs HTTP and TCP probes and lifecycle hooks from the node. A `host` in them makes the kubelet connect to any address, such as node-local services or cloud metadata endpoints, on the pod's behalf. From policy v1.34 the baseline profile forbids `httpGet.host` and `tcpSocket.host` in liveness, readiness and startup probes and in postStart and preStop hooks.",
  remediation: 'Remove `host` from the probe or lifecycle handler; the kubelet then targets the pod IP.',
  references: {
    pss: ['baseline:hostProbesAndHostLifecycle'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 34)) return;
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const handlers: Array<[unknown, PathSegment[], string]> = [];
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        handlers.push([c.container[probe], [...c.path, probe], probe]);
      const lifecycle = c.container.lifecycle;
      if (isObject(lifecycle))
        for (const hook of ['postStart', 'preStop'])
          handlers.push([lifecycle[hook], [...c.path, 'lifecycle', hook], `lifecycle.${hook}`]);
      for (const [handler, path, what] of handlers) {
        if (!isObject(handler)) continue;
        for (const action of ['httpGet', 'tcpSocket']) {
          const target = handler[action];
          if (!isObject(target) || typeof target.host !== 'string' || target.host === '') continue;
          context.report({
            path: [...path, action, 'host'],
            message: `${label(c)} sets ${what}.${action}.host to ${q(target.host)}.`,
          });
        }
      }
    }
  },
});
