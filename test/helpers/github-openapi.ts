import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validates request bodies against GitHub's official OpenAPI description (`@octokit/openapi`,
 * api.github.com), so a wrong field name or a limit (50 annotations, 65,535 characters) fails a test.
 * GitHub's schemas leave objects open; here every object that lists its properties is closed
 * (`additionalProperties: false`), except the branches of allOf/anyOf/oneOf, so unknown fields are errors.
 */

const require = createRequire(import.meta.url);
type Schema = Record<string, unknown>;
type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name?: string; $ref?: string }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema>; parameters: Record<string, { name: string }> };
};
let spec: OpenApi | undefined;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const cache = new Map<string, ValidateFunction>();

function load(): OpenApi {
  spec ??= require('@octokit/openapi/generated/api.github.com.json') as OpenApi;
  return spec;
}

function resolveRef(ref: string): Schema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = load().components.schemas[name];
  if (!schema) throw new Error(`unresolved $ref ${ref}`);
  return schema;
}

/** Dereferences and closes a schema (depth-limited: GitHub's request bodies are shallow). */
function closed(node: unknown, inComposition = false, depth = 0): unknown {
  if (depth > 30 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => closed(n, inComposition, depth + 1));
  let schema = node as Schema;
  if (typeof schema.$ref === 'string') schema = resolveRef(schema.$ref);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      out[key] = (value as unknown[]).map((v) => closed(v, true, depth + 1));
    else if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Schema).map(([k, v]) => [k, closed(v, false, depth + 1)]),
      );
    else if (key === 'items' || key === 'additionalProperties') out[key] = closed(value, false, depth + 1);
    else out[key] = value;
  }
  if (!inComposition && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

/** Errors (empty when valid) of `body` for `METHOD /path/{template}`. Throws when the operation has no JSON body schema. */
export function requestBodyErrors(method: string, pathTemplate: string, body: unknown): string[] {
  const key = `${method.toLowerCase()} ${pathTemplate}`;
  let validate = cache.get(key);
  if (!validate) {
    const schema =
      load().paths[pathTemplate]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`no JSON request body in GitHub's OpenAPI for ${key}`);
    validate = ajv.compile(closed(schema) as Schema);
    cache.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${key}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

/** Whether GitHub's OpenAPI lists this query parameter for the operation. */
export function queryParameterExists(method: string, pathTemplate: string, name: string): boolean {
  const api = load();
  const operation = api.paths[pathTemplate]?.[method.toLowerCase()];
  return (operation?.parameters ?? []).some(
    (p) => (p.$ref ? api.components.parameters[p.$ref.split('/').pop()!]?.name : p.name) === name,
  );
}

/**
 * Errors (empty when valid) of a GET's query string for `METHOD /path/{template}`: every name must
 * be a parameter of the operation in GitHub's OpenAPI, and `per_page` at most 100 (GitHub's maximum).
 */
export function queryErrors(method: string, pathTemplate: string, query: Record<string, unknown>): string[] {
  const key = `${method.toLowerCase()} ${pathTemplate}`;
  if (!load().paths[pathTemplate]?.[method.toLowerCase()])
    return [`${key}: no such operation in GitHub's OpenAPI`];
  const errors = Object.keys(query)
    .filter((name) => !queryParameterExists(method, pathTemplate, name))
    .map((name) => `${key}: unknown query parameter ${name}`);
  if ('per_page' in query && !(Number(query.per_page) >= 1 && Number(query.per_page) <= 100))
    errors.push(`${key}: per_page ${String(query.per_page)} is not in 1..100`);
  return errors;
}
