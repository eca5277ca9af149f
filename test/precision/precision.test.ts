import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { scanFiles } from '../../src/engine/index.js';
import { atLeast } from '../../src/model/index.js';
import { builtinRules } from '../../src/rules/index.js';

it('hardened, well-scoped resources raise nothing at medium or above with the recommended rules', () => {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {
    production: { namespaces: ['shop'] },
  });
  const files = [
    {
      path: 'test/precision/hardened.yaml',
      content: readFileSync(join(import.meta.dirname, 'hardened.yaml')),
    },
    {
      path: 'examples/clusters/prod/apps/podinfo.yaml',
      content: readFileSync(
        join(import.meta.dirname, '..', '..', 'examples', 'clusters', 'prod', 'apps', 'podinfo.yaml'),
      ),
    },
  ];
  const result = scanFiles({ files, rules: resolved.rules, options: resolved.options, today: '2026-01-01' });
  expect(result.resources.length).toBeGreaterThan(15);
  const loud = result.findings.filter((f) => atLeast(f.severity, 'medium'));
  expect(loud.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
});
