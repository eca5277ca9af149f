import { describe, expect } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { loadPacks, builtinPacksDir } from '../../src/cli/load-config.js';
import { scanFiles } from '../../src/engine/index.js';
import { applyFix } from '../helpers/rule-tester.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { CORPUS_DIR, itOnCorpus } from '../helpers/corpus.js';

const corpus = CORPUS_DIR;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

describe('scanning the shared corpus', () => {
  itOnCorpus('never crashes, raises no rule error, and every finding points at a line of its file', () => {
    const files = listFiles(corpus).map((path) => ({ path, content: readFileSync(path) }));
    expect(files.length).toBeGreaterThan(600);
    for (const profile of ['restricted', 'baseline'] as const) {
      const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {
        profile,
        rules: Object.fromEntries(
          builtinRules.filter((r) => r.enabledByDefault === false && !r.parameters).map((r) => [r.id, 'low']),
        ),
      });
      expect(resolved.errors).toEqual([]);
      const result = scanFiles({
        files,
        rules: resolved.rules,
        options: resolved.options,
        today: '2026-01-01',
      });
      expect(result.resources.length).toBeGreaterThan(1000);
      expect(
        result.findings
          .filter((f) => f.ruleId === 'rule-error')
          .map((f) => `${f.file}:${f.line} ${f.message}`),
      ).toEqual([]);
      const lineCounts = new Map(files.map((f) => [f.path, f.content.toString('utf8').split('\n').length]));
      for (const f of result.findings) {
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
        expect(f.line).toBeLessThanOrEqual(lineCounts.get(f.file) ?? 0);
      }
      // Every suggested fix keeps the file valid YAML with the same resources.
      if (profile === 'restricted') {
        const texts = new Map(files.map((f) => [f.path, f.content.toString('utf8')]));
        let checked = 0;
        for (const f of result.findings) {
          if (!f.fix || checked >= 400) continue;
          checked++;
          const fixed = loadManifestFile(f.file, applyFix(texts.get(f.file)!, f.fix));
          const before = loadManifestFile(f.file, texts.get(f.file)!);
          expect({
            fix: `${f.ruleId} ${f.file}:${f.line}`,
            errors: fixed.findings.length - before.findings.length,
            resources: fixed.resources.length,
          }).toEqual({
            fix: `${f.ruleId} ${f.file}:${f.line}`,
            errors: 0,
            resources: before.resources.length,
          });
        }
        expect(checked).toBeGreaterThan(50);
      }
      // Parse errors in the corpus are few and real (duplicate keys, templates); never most files.
      expect(result.findings.filter((f) => f.ruleId === 'manifest-parse-error').length).toBeLessThan(5);
    }
  });
});
