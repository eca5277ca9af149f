import { RE2JS } from 're2js';
import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { trimTrailingSlashes } from '../../model/index.js';
import { parseImage, type ImageRef } from './_lib/images.js';

/**
 * `ghcr.io` allows the whole registry, `ghcr.io/acme` everything below that path,
 * `*.dkr.ecr.*.amazonaws.com` any matching registry host (`*` never crosses a `/`).
 * Docker Hub is `docker.io`; a bare name like `nginx` is `docker.io/library/nginx`.
 */
function registryAllowed(ref: ImageRef, allowed: readonly string[]): boolean {
  const full = `${ref.registry}/${ref.repository}`.toLowerCase();
  for (const raw of allowed) {
    let entry = trimTrailingSlashes(
      raw
        .trim()
        .toLowerCase()
        .replace(/^[a-z]+:\/\//, ''),
    );
    if (entry === '') continue;
    if (entry === 'index.docker.io' || entry === 'registry-1.docker.io') entry = 'docker.io';
    // RE2 (linear): several `*` in one entry would make a backtracking pattern polynomial.
    const pattern = RE2JS.compile(
      '^' +
        entry
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*') +
        '(/.*)?$',
    );
    if (pattern.matcher(full).find()) return true;
  }
  return false;
}

export default defineRule({
  id: 'workload-registry-allowlist',
  title: 'Image from a registry that is not allowed',
  severity: 'medium',
  category: 'workload',
  description:
    "Images pulled from arbitrary registries bypass the scanning, signing and retention of the registries you control, and a typo-squatted or hijacked public image runs with the workload's rights. The rule is off by default: turn it on with the list of allowed registries or registry paths (`registries`). A name without a registry (`nginx`, `bitnami/redis`) comes from Docker Hub, `docker.io`.",
  remediation:
    'Pull the image from an allowed registry (mirror it there), or add the registry to the `registries` parameter.',
  references: {
    trivy: ['KSV-0125'],
    kubescape: ['C-0078'],
    links: ['https://kubernetes.io/docs/concepts/containers/images/'],
  },
  parameters: z.object({ registries: z.array(z.string()).default([]) }),
  enabledByDefault: false,
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const allowed = context.params.registries;
    if (allowed.length === 0) return;
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImage(image);
      if (!ref) continue;
      if (registryAllowed(ref, allowed)) continue;
      context.report({
        path: [...c.path, 'image'],
        message: `Container "${c.name}" pulls ${ref.name} from ${ref.explicitRegistry ? ref.registry : 'docker.io (implicit)'}, which is not in the allowed registries.`,
      });
    }
  },
});
