import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type PathSegment } from '../../manifests/index.js';
import { label, podSecurityContext, podScPath, scPath, securityContextOf } from './_lib/pss.js';

/** check_windowsHostProcess.go (baseline `windowsHostProcess`, v1.0+). */
export default defineRule({
  id: 'pss-host-process',
  title: 'Windows HostProcess containers',
  severity: 'high',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'A Windows HostProcess container runs directly on the node with the privileges of a host process: it is the Windows equivalent of a privileged container. The baseline profile forbids `windowsOptions.hostProcess: true` at pod and container level.',
  remediation:
    'Remove `securityContext.windowsOptions.hostProcess` or set it to `false`, at pod level and on every container.',
  references: {
    pss: ['baseline:windowsHostProcess'],
    polaris: ['hostProcess'],
    trivy: ['KSV-0103'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const report = (path: PathSegment[], who: string) =>
      context.report({
        path,
        message: `${who} sets securityContext.windowsOptions.hostProcess=true.`,
        fix: { kind: 'replace-value', description: 'Turn hostProcess off', path, value: 'false' },
      });
    const podSc = podSecurityContext(pod);
    if (isObject(podSc?.windowsOptions) && podSc.windowsOptions.hostProcess === true)
      report(podScPath(pod, 'windowsOptions', 'hostProcess'), 'The pod');
    for (const c of pod.containers) {
      const options = securityContextOf(c)?.windowsOptions;
      if (isObject(options) && options.hostProcess === true)
        report(scPath(c, 'windowsOptions', 'hostProcess'), label(c));
    }
  },
});
