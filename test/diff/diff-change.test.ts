import { describe, expect, it } from '@jest/globals';
import { byStatus, diffTexts } from './helpers.js';

const clean = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: team
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: false
`;

describe('diffChange', () => {
  it('marks a new violation introduced, with head file and line', () => {
    const head = clean.replace('privileged: false', 'privileged: true');
    const result = diffTexts({ 'pod.yaml': clean }, { 'pod.yaml': head });
    const introduced = byStatus(result, 'introduced').filter((f) => f.ruleId === 'pss-privileged');
    expect(introduced).toHaveLength(1);
    expect(introduced[0]).toMatchObject({
      file: 'pod.yaml',
      line: 11,
      path: 'spec.containers[name=app].securityContext.privileged',
    });
    expect(result.resources).toEqual([
      {
        change: 'modified',
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'team', name: 'web' },
        file: 'pod.yaml',
        summary: ['spec.containers[name=app].securityContext.privileged: false -> true'],
      },
    ]);
    expect(result.changedLines['pod.yaml']!.added).toEqual([11]);
  });

  it('marks a removed violation fixed with base file and line, and the rest existing', () => {
    const bad = clean.replace('privileged: false', 'privileged: true');
    const result = diffTexts(
      { 'a.yaml': `# comment\n${bad}` },
      { 'b.yaml': bad.replace('privileged: true', 'privileged: false') },
    );
    const fixed = byStatus(result, 'fixed').filter((f) => f.ruleId === 'pss-privileged');
    expect(fixed).toHaveLength(1);
    expect(fixed[0]).toMatchObject({ file: 'a.yaml', line: 12 });
    expect(byStatus(result, 'introduced')).toEqual([]);
    expect(result.resources[0]).toMatchObject({ change: 'modified', file: 'b.yaml', previousFile: 'a.yaml' });
  });

  it('a moved, re-indented, commented resource is the same resource with the same findings', () => {
    const bad = clean.replace('privileged: false', 'privileged: true');
    const moved = `# moved here\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n---\n${bad.replace(/^ {2}/gm, '    ')}`;
    const result = diffTexts({ 'a.yaml': bad, 'b.yaml': '' }, { 'a.yaml': '', 'b.yaml': moved });
    expect(byStatus(result, 'introduced')).toEqual([]);
    expect(byStatus(result, 'fixed')).toEqual([]);
    expect(
      byStatus(result, 'existing').some((f) => f.ruleId === 'pss-privileged' && f.file === 'b.yaml'),
    ).toBe(true);
    expect(result.resources).toEqual([
      {
        change: 'added',
        resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'other' },
        file: 'b.yaml',
        summary: [],
      },
    ]);
  });

  it("a deleted resource's findings are fixed", () => {
    const bad = clean.replace('privileged: false', 'privileged: true');
    const result = diffTexts({ 'pod.yaml': bad }, {});
    expect(byStatus(result, 'fixed').map((f) => f.ruleId)).toContain('pss-privileged');
    expect(result.resources).toEqual([
      {
        change: 'removed',
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'team', name: 'web' },
        file: 'pod.yaml',
        summary: [],
      },
    ]);
    expect(result.changedLines['pod.yaml']).toBeUndefined();
  });

  it('does not print Secret values in change summaries', () => {
    const secret = (v: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team}\nstringData:\n  password: ${v}\n`;
    const result = diffTexts({ 's.yaml': secret('hunter2') }, { 's.yaml': secret('correct-horse') });
    expect(result.resources[0]!.summary).toEqual(['stringData.password: changed']);
  });

  it('takes changed lines from the patch when given', () => {
    const head = clean.replace('privileged: false', 'privileged: true');
    const patch =
      '@@ -9,3 +9,3 @@ spec:\n       image: nginx:1.27\n       securityContext:\n-        privileged: false\n+        privileged: true\n';
    const result = diffTexts(
      {},
      {},
      { files: [{ path: 'pod.yaml', status: 'modified', base: clean, head, patch }] },
    );
    expect(result.changedLines['pod.yaml']).toEqual({ added: [11], commentable: [9, 10, 11] });
  });
});
