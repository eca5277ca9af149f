import { describe, expect, it } from '@jest/globals';
import { CEL_LIMITS, compileCel, toCel, fromCel, withEvaluationBounds } from './cel.js';

function run(expression: string, object: unknown = {}): unknown {
  const compiled = compileCel(expression);
  if ('error' in compiled) throw new Error(`compile: ${compiled.error.message}`);
  return fromCel(
    compiled.program({
      object: toCel(object),
      oldObject: null,
      params: null,
      request: null,
      namespaceObject: null,
      variables: {},
      authorizer: null,
    }),
  );
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { team: 'payments' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry.example.com/web:1.2',
            resources: { limits: { memory: '512Mi', cpu: '500m' } },
          },
        ],
      },
    },
  },
};

describe('CEL standard library and macros', () => {
  it.each([
    ['has(object.metadata.labels)', true],
    ['has(object.metadata.annotations)', false],
    ['object.spec.template.spec.containers.all(c, c.image.startsWith("registry.example.com/"))', true],
    ['object.spec.template.spec.containers.exists(c, c.name == "app")', true],
    ['object.spec.template.spec.containers.exists_one(c, c.name == "app")', true],
    ['object.spec.template.spec.containers.map(c, c.name)', ['app']],
    ['object.spec.template.spec.containers.filter(c, c.name == "x").size()', 0],
    ['object.spec.replicas > 2', true],
    ['object.spec.replicas + 1', 4],
    ['object.metadata.?annotations.orValue({}).size()', 0],
    ['cel.bind(n, object.metadata.name, n + "-x")', 'web-x'],
    ['"team" in object.metadata.labels', true],
  ])('%s', (expression, expected) => {
    expect(run(expression, deployment)).toEqual(expected);
  });
});

describe('Kubernetes strings library', () => {
  it.each([
    ['"AbC".lowerAscii()', 'abc'],
    ['"AbC".upperAscii()', 'ABC'],
    ['"a.b.c".replace(".", "-")', 'a-b-c'],
    ['"a.b.c".replace(".", "-", 1)', 'a-b.c'],
    ['"a,b".split(",")', ['a', 'b']],
    ['["a", "b"].join("/")', 'a/b'],
    ['"  x ".trim()', 'x'],
    ['"hello".indexOf("l")', 2],
    ['"hello".lastIndexOf("l")', 3],
    ['"hello".substring(1, 3)', 'el'],
    ['"hello".charAt(1)', 'e'],
    ['"abc".reverse()', 'cba'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('Kubernetes lists library', () => {
  it.each([
    ['[1, 2, 3].isSorted()', true],
    ['["b", "a"].isSorted()', false],
    ['[1, 2, 3].sum()', 6],
    ['[1.5, 2.5].sum()', 4],
    ['[3, 1, 2].min()', 1],
    ['[3, 1, 2].max()', 3],
    ['[1, 2, 3, 2].indexOf(2)', 1],
    ['[1, 2, 3, 2].lastIndexOf(2)', 3],
    ['["a"].indexOf("z")', -1],
    ['[1, 2, 3].slice(1, 3)', [2, 3]],
    ['[1, 1, 2].distinct()', [1, 2]],
    ['[[1], [2, 3]].flatten()', [1, 2, 3]],
    ['[quantity("1Gi"), quantity("512Mi")].sum().isGreaterThan(quantity("1.4Gi"))', true],
    ['[quantity("1"), quantity("500m")].max().asApproximateFloat()', 1],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
  it('min of an empty list is a runtime error', () => {
    expect(() => run('[].min()')).toThrow(/non-empty/);
  });
});

describe('Kubernetes regex library', () => {
  it.each([
    ['"abc 123 def 456".find("[0-9]+")', '123'],
    ['"abc".find("[0-9]+")', ''],
    ['"abc 123 def 456".findAll("[0-9]+")', ['123', '456']],
    ['"a1b2c3".findAll("[0-9]", 2)', ['1', '2']],
    ['"ABC".find("(?i)abc")', 'ABC'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
  it('an invalid pattern fails at run time', () => {
    expect(() => run('"a".find("(")')).toThrow(/regular expression/);
  });
  it.each([
    ['"a-b".matches("^[a-z]+-[a-z]$")', true],
    ['matches("a-b", "^[a-z]+$")', false],
    ['"ABC".matches("(?i)^abc$")', true],
    ['"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".matches("^(a|a)*$")', false],
  ])('matches runs on RE2: %s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
  it('RE2 syntax: no backreferences or lookaheads (as Kubernetes)', () => {
    expect(() => run('"aa".matches("(a)\\\\1")')).toThrow(/regular expression/);
  });
});

describe('evaluation bounds', () => {
  const many = { items: Array.from({ length: 3000 }, (_, i) => i) };
  const quadratic = 'object.items.all(i, object.items.exists(j, j == i))';

  it('stops an expression that exceeds the per-expression cost budget', () => {
    expect(() => run(quadratic, many)).toThrow(/cost budget of 1,000,000 units/);
    expect(run('object.items.all(i, i >= 0)', many)).toBe(true);
  });

  it('shares the per-evaluation budget between the expressions of one policy', () => {
    const saved = { ...CEL_LIMITS };
    CEL_LIMITS.costPerEvaluation = 50_000;
    try {
      const linear = 'object.items.all(i, i >= 0)';
      expect(withEvaluationBounds(() => [run(linear, many), run(linear, many)])).toEqual([true, true]);
      expect(() =>
        withEvaluationBounds(() => [
          run(linear, many),
          run(linear, many),
          run(linear, many),
          run(linear, many),
        ]),
      ).toThrow(/policy's evaluations exceeded the cost budget/);
    } finally {
      Object.assign(CEL_LIMITS, saved);
    }
  });

  it('stops an evaluation that outlives its time bound', () => {
    const saved = { ...CEL_LIMITS };
    CEL_LIMITS.costPerExpression = Number.MAX_SAFE_INTEGER;
    CEL_LIMITS.millisecondsPerEvaluation = 20;
    try {
      expect(() => withEvaluationBounds(() => run(quadratic, many))).toThrow(/longer than 20 ms/);
    } finally {
      Object.assign(CEL_LIMITS, saved);
    }
  });
});

describe('Kubernetes quantity library', () => {
  it.each([
    ['quantity("1.5Gi").isGreaterThan(quantity("1Gi"))', true],
    ['quantity("500m").isLessThan(quantity("1"))', true],
    ['quantity("1k").compareTo(quantity("1000"))', 0],
    ['quantity("2Ki").compareTo(quantity("1k"))', 1],
    ['quantity("1Gi") == quantity("1024Mi")', true],
    ['isQuantity("1.5Gi")', true],
    ['isQuantity("1.5GB")', false],
    ['quantity("2k").asInteger()', 2000],
    ['quantity("1.5").isInteger()', false],
    ['quantity("1e3").asApproximateFloat()', 1000],
    ['quantity("-1").sign()', -1],
    ['quantity("1").add(quantity("500m")).compareTo(quantity("1500m"))', 0],
    ['quantity("1").sub(1).sign()', 0],
    ['quantity("2").add(3).asInteger()', 5],
    [
      'quantity(object.spec.template.spec.containers[0].resources.limits.memory).isLessThan(quantity("1Gi"))',
      true,
    ],
  ])('%s', (expression, expected) => {
    expect(run(expression, deployment)).toEqual(expected);
  });
  it('an invalid quantity fails at run time', () => {
    expect(() => run('quantity("lots")')).toThrow(/invalid quantity/);
    expect(() => run('quantity("1.5").asInteger()')).toThrow(/not an integer/);
  });
});

describe('Kubernetes URL library', () => {
  it.each([
    ['url("https://example.com:8443/a%20b?x=1&x=2").getScheme()', 'https'],
    ['url("https://example.com:8443/a").getHost()', 'example.com:8443'],
    ['url("https://example.com:8443/a").getHostname()', 'example.com'],
    ['url("https://example.com:8443/a").getPort()', '8443'],
    ['url("https://example.com/a%20b").getEscapedPath()', '/a%20b'],
    ['url("https://example.com/?x=1&x=2").getQuery()', { x: ['1', '2'] }],
    ['url("/just/a/path").getEscapedPath()', '/just/a/path'],
    ['url("/just/a/path").getHost()', ''],
    ['isURL("https://example.com")', true],
    ['isURL("not a url")', false],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('compilation', () => {
  it('reports syntax errors with an offset', () => {
    const compiled = compileCel('object.spec.replicas >');
    expect('error' in compiled && compiled.error.message).toMatch(/Unexpected/);
  });
  it('reports unknown variables and functions at compile time', () => {
    expect('error' in compileCel('obj.spec')).toBe(true);
    expect('error' in compileCel('object.spec.replicas.nope()')).toBe(true);
    expect('error' in compileCel('nope(object)')).toBe(true);
  });
  it('reports empty expressions', () => {
    expect('error' in compileCel('  ')).toBe(true);
  });
});
