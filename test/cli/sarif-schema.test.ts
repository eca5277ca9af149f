import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, commit, newRepo } from './git-repo.js';

// The OASIS SARIF 2.1.0 (rtm.5) JSON Schema, as schemastore publishes it and GitHub code scanning expects.
// It is draft-04: read with ajv's default draft by renaming `id` and dropping `$schema`.
const schemaText = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'sarif-2.1.0-rtm.5.json'),
  'utf8',
);
const schema = JSON.parse(schemaText) as Record<string, unknown>;
delete schema.$schema;
schema.$id = schema.id;
delete schema.id;
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);

const pod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: nginx\n      securityContext: {privileged: true}\n';

describe('SARIF output validates against the SARIF 2.1.0 schema', () => {
  it('the schema rejects a log it should reject', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it('scan', async () => {
    const dir = newRepo({ 'apps/pod.yaml': pod, 'broken.yaml': 'kind: [' });
    const { stdout } = await cli(['scan', '.', '--format', 'sarif'], dir);
    const log = JSON.parse(stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(3);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    for (const result of log.runs[0].results)
      expect(result.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
  });

  it('diff', async () => {
    const dir = newRepo({ 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
    commit(dir, { 'apps/pod.yaml': pod });
    const { stdout } = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'sarif', '--no-repo-checks'],
      dir,
    );
    const log = JSON.parse(stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(2);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });
});
