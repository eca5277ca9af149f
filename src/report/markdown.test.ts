import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../model/index.js';
import { renderDiffMarkdown } from './markdown.js';
import { markdownCell } from './safe-text.js';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'pss-privileged',
  severity: 'critical',
  message: 'Container "app" runs privileged.',
  file: 'apps/pod.yaml',
  line: 9,
  column: 9,
  resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'p' },
  path: 'spec.containers[name=app].securityContext.privileged',
  fingerprint: 'f1',
  status: 'introduced',
  ...over,
});

describe('renderDiffMarkdown', () => {
  it('shows counts, risky changes, introduced, fixed, resources and existing findings', () => {
    const md = renderDiffMarkdown(
      {
        findings: [
          finding({}),
          finding({
            ruleId: 'delta-networkpolicy-removed',
            severity: 'medium',
            message: 'NetworkPolicy apps/deny-all is removed.',
            fingerprint: 'f2',
          }),
          finding({ status: 'fixed', severity: 'high', ruleId: 'pss-host-namespaces', fingerprint: 'f3' }),
          finding({ status: 'existing', severity: 'low', ruleId: 'workload-naked-pod', fingerprint: 'f4' }),
          finding({ status: 'introduced', fingerprint: 'f5', suppressed: { by: 'exception', reason: 'x' } }),
        ],
        resources: [
          {
            change: 'modified',
            resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'p' },
            file: 'apps/pod.yaml',
            summary: ['spec.containers[name=app].securityContext.privileged: false -> true'],
          },
        ],
      },
      { threshold: 'high', title: 'gitops-guard' },
    );
    expect(md).toContain('## gitops-guard');
    expect(md).toContain(
      '**2** introduced (1 at or above high) · **1** fixed · **1** existing · **1** resource changed · **1** risky change',
    );
    expect(md).toContain('1 suppressed finding not listed.');
    expect(md).toContain('### Risky changes');
    expect(md).toContain(
      '| 🟥 critical | `pss-privileged` | Pod apps/p | apps/pod.yaml:9 | Container "app" runs privileged. |',
    );
    expect(md).toContain('### Fixed');
    expect(md).toContain('<details><summary>Existing findings: 1</summary>');
    expect(md).toContain('`spec.containers[name=app].securityContext.privileged: false -> true`');
    expect(md.indexOf('### Risky changes')).toBeLessThan(md.indexOf('### Introduced'));
  });

  it('escapes pipes and markup in messages', () => {
    expect(markdownCell('a | b *c* <img src=x> [l](u)\nnext')).toBe(
      'a \\| b \\*c\\* &lt;img src=x&gt; \\[l\\](u) next',
    );
    const md = renderDiffMarkdown({ findings: [finding({ message: 'x | y' })], resources: [] });
    expect(md).toContain('| x \\| y |');
  });

  it('says so when nothing is introduced', () => {
    expect(renderDiffMarkdown({ findings: [], resources: [] })).toContain(
      'This change introduces no findings.',
    );
  });

  it('truncates below maxLength with a note', () => {
    const many = Array.from({ length: 500 }, (_, i) => finding({ fingerprint: `f${i}`, line: i + 1 }));
    const full = renderDiffMarkdown({ findings: many, resources: [] }, { maxRows: 1000 });
    expect(full.length).toBeGreaterThan(20_000);
    const cut = renderDiffMarkdown({ findings: many, resources: [] }, { maxRows: 1000, maxLength: 5000 });
    expect(cut.length).toBeLessThanOrEqual(5000);
    expect(cut).toMatch(/\*\*Truncated:\*\* \d+ more lines did not fit in 5000 characters/);
    expect(cut).toContain('### Introduced');
  });
});
