import { describe, expect, it } from '@jest/globals';
import { queryJmespath, rootReferences } from './kyverno-jmespath.js';

describe('JMESPath with Kyverno functions', () => {
  const data = {
    request: {
      object: {
        metadata: { labels: { app: 'web', tier: 'front' } },
        spec: { containers: [{ name: 'a', image: 'nginx:1.2' }] },
      },
    },
  };

  it.each([
    ['request.object.spec.containers[].name', ['a']],
    ["request.object.metadata.labels.missing || 'none'", 'none'],
    ['request.object.metadata.labels | keys(@) | length(@)', 2],
    ["to_upper('abc')", 'ABC'],
    ["to_lower('ABC')", 'abc'],
    ["equal_fold('Abc', 'aBC')", true],
    ["compare('a', 'b')", -1],
    ["replace_all('a-b-c', '-', '.')", 'a.b.c'],
    ["trim_prefix('v1.2', 'v')", '1.2'],
    ["trim('  x  ', ' ')", 'x'],
    ["regex_match('^nginx:', request.object.spec.containers[0].image)", true],
    ["regex_replace_all('([a-z]+):(.*)', 'nginx:1.2', '$2')", '1.2'],
    ["regex_replace_all_literal('[0-9]', 'a1b2', '$')", 'a$b$'],
    ["pattern_match('nginx:*', 'nginx:1.2')", true],
    ['label_match(`{"app": "web"}`, request.object.metadata.labels)', true],
    ["to_boolean('True')", true],
    ['add(`1`, `2`)', 3],
    ["divide('1Gi', '512Mi')", 2],
    ["subtract('1Gi', '512Mi')", 536870912],
    ['multiply(`3`, `4`)', 12],
    ['modulo(`7`, `4`)', 3],
    ['round(`2.567`, `2`)', 2.57],
    ["base64_encode('hi')", 'aGk='],
    ["base64_decode('aGk=')", 'hi'],
    ["truncate('abcdef', `3`)", 'abc'],
    ["path_canonicalize('/a/b/../c//d')", '/a/c/d'],
    ['parse_json(\'{"a": [1]}\').a[0]', 1],
    ["parse_yaml('a: b').a", 'b'],
    ["object_from_lists(['a', 'b'], [`1`, `2`])", { a: 1, b: 2 }],
    ["lookup(request.object.metadata.labels, 'app')", 'web'],
  ])('%s', (expression, expected) => {
    expect(queryJmespath(expression, data)).toEqual(expected);
  });

  it('fails instead of guessing on a division by zero', () => {
    expect(() => queryJmespath('divide(`1`, `0`)', data)).toThrow(/division by zero/);
  });

  it('names the context each expression reads from its root (not what projections read)', () => {
    expect(rootReferences("request.object.spec.[initContainers, containers][].image || ''")).toEqual([
      ['request', 'object'],
    ]);
    expect(rootReferences('element.name')).toEqual([['element', 'name']]);
    expect(rootReferences("request.userInfo.groups[?contains(@, 'x')]")).toEqual([['request', 'userInfo']]);
    expect(rootReferences("length(images.containers) > `0` && serviceAccountName == 'x'")).toEqual([
      ['images', 'containers'],
      ['serviceAccountName'],
    ]);
    expect(rootReferences('request.object.spec.containers[?name == element.name]')).toEqual([
      ['request', 'object'],
    ]);
  });
});
