import { defineRule } from '../../engine/index.js';
import { getIn, isObject } from '../../manifests/index.js';

export default defineRule({
  id: 'network-ingress-wildcard-host',
  title: 'Ingress with a wildcard host',
  severity: 'low',
  category: 'network',
  description:
    "A wildcard host (`*.example.com`) routes every subdomain to the backend, including names nobody meant to publish: forgotten or attacker-chosen subdomains reach the service, and a wildcard certificate must cover them all. It also lets one Ingress capture hosts that other teams' Ingresses expect to own.",
  remediation: 'List the exact hostnames the application serves.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards'],
  },
  match: (resource) =>
    resource.kind === 'Ingress' &&
    (resource.group === 'networking.k8s.io' || resource.group === 'extensions'),
  check(resource, context) {
    const rules = getIn(resource.object, ['spec', 'rules']);
    if (!Array.isArray(rules)) return;
    rules.forEach((rule, i) => {
      const host = isObject(rule) ? rule.host : undefined;
      if (typeof host !== 'string' || !host.trim().startsWith('*')) return;
      context.report({
        path: ['spec', 'rules', i, 'host'],
        message: `Ingress ${resource.name} routes the wildcard host ${host.trim()}.`,
      });
    });
  },
});
