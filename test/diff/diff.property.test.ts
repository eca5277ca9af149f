import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { byStatus, deployment, diffTexts } from './helpers.js';

type Obj = Record<string, unknown>;

const container = (name: string) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constantFrom('nginx:1.27', 'nginx@sha256:' + 'a'.repeat(64), 'ghcr.io/x/y:v1'),
    securityContext: fc.record(
      {
        privileged: fc.constant(false),
        runAsNonRoot: fc.boolean(),
        readOnlyRootFilesystem: fc.boolean(),
        allowPrivilegeEscalation: fc.boolean(),
        capabilities: fc.constantFrom({ drop: ['ALL'] }, { add: ['NET_ADMIN'] }, {}),
      },
      { requiredKeys: ['privileged'] },
    ),
  });

/** A set of Deployments with 1-3 uniquely named containers each. */
const resourcesArb = fc
  .uniqueArray(fc.constantFrom('api', 'web', 'worker', 'cron', 'db', 'cache'), { minLength: 1, maxLength: 5 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .uniqueArray(fc.constantFrom('app', 'sidecar', 'proxy', 'init'), { minLength: 1, maxLength: 3 })
          .chain((cs) => fc.tuple(...cs.map(container)))
          .map((cs) => deployment(name, cs as Obj[])),
      ),
    ),
  );

interface Layout {
  /** File index of each resource. */
  fileOf: number[];
  indent: number;
  comments: boolean;
}

function render(resources: Obj[], layout: Layout): Record<string, string> {
  const files: Record<string, string[]> = {};
  resources.forEach((r, i) => {
    const name = `manifests/f${layout.fileOf[i] ?? 0}.yaml`;
    const text = stringify(r, { indent: layout.indent });
    (files[name] ??= []).push(layout.comments ? `# resource ${i}\n${text}` : text);
  });
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.join('---\n')]));
}

/** Both sides list every file either side has (a file only on one side is added or removed). */
function sides(base: Record<string, string>, head: Record<string, string>) {
  return [base, head] as const;
}

const layoutArb = (n: number) =>
  fc.record({
    fileOf: fc.array(fc.nat({ max: 2 }), { minLength: n, maxLength: n }),
    indent: fc.constantFrom(2, 4),
    comments: fc.boolean(),
  });

function permuteContainers(r: Obj, seed: number): Obj {
  const copy = structuredClone(r) as { spec: { template: { spec: { containers: Obj[] } } } };
  const list = copy.spec.template.spec.containers;
  for (let i = list.length - 1; i > 0; i--) {
    const j = (seed + i * 7) % (i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return copy as unknown as Obj;
}

describe('semantic diff properties', () => {
  it('diffing a set of files against itself introduces and fixes nothing', () => {
    fc.assert(
      fc.property(
        resourcesArb.chain((rs) => fc.tuple(fc.constant(rs), layoutArb(rs.length))),
        ([resources, layout]) => {
          const files = render(resources, layout);
          const result = diffTexts(files, files);
          expect(byStatus(result, 'introduced')).toEqual([]);
          expect(byStatus(result, 'fixed')).toEqual([]);
          expect(result.resources).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('any permutation of documents, files and containers, re-indented and commented, introduces nothing', () => {
    fc.assert(
      fc.property(
        resourcesArb.chain((rs) =>
          fc.tuple(fc.constant(rs), layoutArb(rs.length), layoutArb(rs.length), fc.nat(), fc.nat()),
        ),
        ([resources, layoutA, layoutB, order, seed]) => {
          const shuffled = resources
            .map((r, i) => ({ r: permuteContainers(r, seed + i), key: (i * 31 + order) % 97 }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.r);
          const [base, head] = sides(render(resources, layoutA), render(shuffled, layoutB));
          const result = diffTexts(base, head);
          expect(byStatus(result, 'introduced')).toEqual([]);
          expect(byStatus(result, 'fixed')).toEqual([]);
          expect(result.resources).toEqual([]);
          const existingBase = diffTexts(base, base)
            .findings.filter((f) => f.status === 'existing')
            .map((f) => f.fingerprint)
            .sort();
          expect(
            byStatus(result, 'existing')
              .map((f) => f.fingerprint)
              .sort(),
          ).toEqual(existingBase);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('applying a known violation to a clean resource introduces exactly that finding', () => {
    fc.assert(
      fc.property(
        resourcesArb.chain((rs) => fc.tuple(fc.constant(rs), layoutArb(rs.length), fc.nat(), fc.nat())),
        ([resources, layout, pickResource, pickContainer]) => {
          const i = pickResource % resources.length;
          const changed = structuredClone(resources) as unknown as Array<{
            metadata: { name: string };
            spec: { template: { spec: { containers: Array<{ name: string; securityContext: Obj }> } } };
          }>;
          const containers = changed[i]!.spec.template.spec.containers;
          const target = containers[pickContainer % containers.length]!;
          target.securityContext.privileged = true;
          const result = diffTexts(render(resources, layout), render(changed as unknown as Obj[], layout));
          const introduced = byStatus(result, 'introduced');
          expect(introduced.map((f) => `${f.ruleId} ${f.resource?.name} ${f.path}`)).toEqual([
            `pss-privileged ${changed[i]!.metadata.name} spec.template.spec.containers[name=${target.name}].securityContext.privileged`,
          ]);
          expect(byStatus(result, 'fixed')).toEqual([]);
          expect(result.resources.map((r) => r.summary)).toEqual([
            [`spec.template.spec.containers[name=${target.name}].securityContext.privileged: false -> true`],
          ]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
