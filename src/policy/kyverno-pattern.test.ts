import { describe, expect, it } from '@jest/globals';
import { matchScalar, validatePattern } from './kyverno-pattern.js';
import { evaluateCondition } from './kyverno.js';

describe('Kyverno wildcards are linear', () => {
  it('matches */*/*/*/*/*:* against a hostile 3,000-character image quickly', () => {
    const image = 'a/'.repeat(1500);
    const started = process.hrtime.bigint();
    expect(matchScalar(image, '*/*/*/*/*/*:*')).toBe(false);
    expect(matchScalar(`${image}x:1`, '*/*/*/*/*/*:*')).toBe(true);
    // A backtracking regular expression takes minutes here; the matcher takes microseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('Kyverno scalar pattern operators', () => {
  it.each([
    ['nginx:1.2', 'nginx:*', true],
    ['nginx', 'nginx:*', false],
    ['abc', 'a?c', true],
    ['ac', 'a?c', false],
    ['x', '?*', true],
    ['', '?*', false],
    ['v1', '!latest', true],
    ['latest', '!latest', false],
    ['v1', '!*latest', true],
    ['prod', 'dev | prod', true],
    ['qa', 'dev | prod', false],
    [5, '>3', true],
    [3, '>3', false],
    [3, '>=3', true],
    [2, '<3', true],
    [3, '<=3', true],
    [4, '<=3', false],
    ['512Mi', '<1Gi', true],
    ['2Gi', '<1Gi', false],
    ['500m', '<=1', true],
    ['90s', '<2m', true],
    [5, '1-10', true],
    [11, '1-10', false],
    [11, '!1-10', true],
    [5, '!1-10', false],
    ['1Gi', '512Mi-2Gi', true],
    [5, '>1 & <10', true],
    [15, '>1 & <10', false],
    [null, 'null', true],
    ['x', 'null', false],
    [true, true, true],
    [false, true, false],
    [3, 3, true],
    ['3', 3, true],
    [null, null, true],
  ])('%p against %p', (value, pattern, expected) => {
    expect(matchScalar(value, pattern)).toBe(expected);
  });
});

describe('Kyverno anchors', () => {
  const pod = (securityContext: unknown, extra: Record<string, unknown> = {}) => ({
    spec: { containers: [{ name: 'a', image: 'nginx:1', securityContext }], ...extra },
  });

  it('plain keys are required and report the path of the mismatch', () => {
    expect(
      validatePattern(pod({ privileged: true }), {
        spec: { containers: [{ securityContext: { privileged: false } }] },
      }),
    ).toEqual({
      status: 'fail',
      path: ['spec', 'containers', 0, 'securityContext', 'privileged'],
      reason: 'expected false, found true',
    });
    expect(
      validatePattern(pod(undefined), { spec: { containers: [{ securityContext: { privileged: false } }] } }),
    ).toMatchObject({ status: 'fail', path: ['spec', 'containers', 0, 'securityContext'] });
  });

  it('=(key) equality anchor: checked only when present', () => {
    const pattern = { spec: { containers: [{ '=(securityContext)': { '=(privileged)': false } }] } };
    expect(validatePattern(pod(undefined), pattern).status).toBe('pass');
    expect(validatePattern(pod({}), pattern).status).toBe('pass');
    expect(validatePattern(pod({ privileged: false }), pattern).status).toBe('pass');
    expect(validatePattern(pod({ privileged: true }), pattern).status).toBe('fail');
  });

  it('(key) conditional anchor: the rest applies only when the condition holds', () => {
    const pattern = { spec: { containers: [{ '(image)': '*:latest', imagePullPolicy: 'Always' }] } };
    // Every element skipped: the pattern does not apply (Kyverno's validateArrayOfMaps).
    expect(validatePattern({ spec: { containers: [{ image: 'x:1' }] } }, pattern).status).toBe('skip');
    expect(
      validatePattern({ spec: { containers: [{ image: 'x:latest', imagePullPolicy: 'Always' }] } }, pattern)
        .status,
    ).toBe('pass');
    expect(
      validatePattern(
        { spec: { containers: [{ image: 'x:1' }, { image: 'x:latest', imagePullPolicy: 'IfNotPresent' }] } },
        pattern,
      ),
    ).toMatchObject({ status: 'fail', path: ['spec', 'containers', 1, 'imagePullPolicy'] });
  });

  it('^(key) existence anchor: at least one element matches', () => {
    const pattern = { spec: { '^(containers)': [{ image: 'registry.example.com/*' }] } };
    expect(
      validatePattern(
        { spec: { containers: [{ image: 'docker.io/x' }, { image: 'registry.example.com/y' }] } },
        pattern,
      ).status,
    ).toBe('pass');
    expect(validatePattern({ spec: { containers: [{ image: 'docker.io/x' }] } }, pattern)).toMatchObject({
      status: 'fail',
      path: ['spec', 'containers'],
    });
  });

  it('X(key) negation anchor: the key must be absent', () => {
    const pattern = { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } };
    expect(validatePattern({ spec: { volumes: [{ name: 'a', emptyDir: {} }] } }, pattern).status).toBe(
      'pass',
    );
    expect(validatePattern({ spec: {} }, pattern).status).toBe('pass');
    expect(
      validatePattern({ spec: { volumes: [{ name: 'a', hostPath: { path: '/' } }] } }, pattern),
    ).toMatchObject({ status: 'fail', path: ['spec', 'volumes', 0, 'hostPath'] });
  });

  it('<(key) global anchor: the whole rule is skipped when it does not hold', () => {
    const pattern = {
      spec: { containers: [{ '<(image)': 'corp.io/*', imagePullPolicy: 'Always' }], serviceAccountName: 'x' },
    };
    expect(validatePattern({ spec: { containers: [{ image: 'docker.io/a' }] } }, pattern).status).toBe(
      'global-skip',
    );
    expect(
      validatePattern(
        {
          spec: { containers: [{ image: 'corp.io/a', imagePullPolicy: 'Always' }], serviceAccountName: 'x' },
        },
        pattern,
      ).status,
    ).toBe('pass');
  });

  it('+(key) add anchors are ignored when validating, and null patterns allow absence', () => {
    expect(
      validatePattern({ metadata: {} }, { metadata: { '+(labels)': { a: 'b' }, annotations: null } }).status,
    ).toBe('pass');
  });
});

describe('Kyverno condition operators', () => {
  it.each([
    ['a', 'Equals', 'a', true],
    ['abc', 'Equals', 'a*', true],
    ['a', 'NotEquals', 'a', false],
    [3, 'Equals', '3', true],
    ['a', 'In', ['a', 'b'], true],
    ['c', 'In', ['a', 'b'], false],
    ['c', 'NotIn', ['a', 'b'], true],
    [['a', 'x'], 'AnyIn', ['a', 'b'], true],
    [['x', 'y'], 'AnyIn', ['a', 'b'], false],
    [['a', 'b'], 'AllIn', ['a', 'b', 'c'], true],
    [['a', 'x'], 'AllIn', ['a', 'b'], false],
    [['a', 'x'], 'AnyNotIn', ['a', 'b'], true],
    [['a', 'b'], 'AnyNotIn', ['a', 'b'], false],
    [['x', 'y'], 'AllNotIn', ['a', 'b'], true],
    [['a', 'y'], 'AllNotIn', ['a', 'b'], false],
    ['kube-system', 'In', ['kube-*'], true],
    [5, 'GreaterThan', 3, true],
    [3, 'GreaterThanOrEquals', 3, true],
    ['1Gi', 'LessThan', '2Gi', true],
    ['2Gi', 'LessThanOrEquals', '1Gi', false],
    ['2h', 'DurationGreaterThan', '1h', true],
  ])('%p %s %p', (key, operator, value, expected) => {
    expect(evaluateCondition(key, operator, value)).toBe(expected);
  });
});
