import { describe, expect, it } from '@jest/globals';
import { loadManifestFile } from '../manifests/index.js';
import { buildFix } from './fix.js';

const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
`;

describe('buildFix add-field', () => {
  const [resource] = loadManifestFile('p.yaml', text).resources;
  const added = (key: string, value: unknown) =>
    buildFix(resource!, {
      kind: 'add-field',
      description: 'add',
      parentPath: ['spec', 'securityContext'],
      key,
      value,
    })?.edits[0]?.newText;

  it('renders the same field the same way every time (rendered once, then remembered)', () => {
    const first = added('seccompProfile', { type: 'RuntimeDefault' });
    expect(first).toBe('    seccompProfile:\n      type: RuntimeDefault\n    runAsNonRoot: true');
    expect(added('seccompProfile', { type: 'RuntimeDefault' })).toBe(first);
  });

  it('tells apart values JSON would confuse', () => {
    expect(added('n', 0)).toBe('    n: 0\n    runAsNonRoot: true');
    expect(added('n', -0)).toBe('    n: -0\n    runAsNonRoot: true');
    expect(added('n', Number.NaN)).toBe('    n: .nan\n    runAsNonRoot: true');
    expect(added('n', null)).toBe('    n: null\n    runAsNonRoot: true');
    expect(added('n', [undefined])).toBe('    n:\n      - null\n    runAsNonRoot: true');
    expect(added('n', 'yes')).toBe(added('n', 'yes'));
  });
});
