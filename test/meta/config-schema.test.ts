import { expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../../src/config/schema.js';

const file = join(import.meta.dirname, '..', '..', 'schema', 'gitops-guard.schema.json');

it('schema/gitops-guard.schema.json is generated from the zod schema and not stale', () => {
  const text =
    JSON.stringify(
      {
        $id: 'https://github.com/gitops-guard/gitops-guard/schema/gitops-guard.schema.json',
        title: 'gitops-guard configuration (.github/gitops-guard.yml)',
        ...(configJsonSchema() as object),
      },
      null,
      2,
    ) + '\n';
  if (process.env.UPDATE_DOCS === '1') writeFileSync(file, text);
  expect(readFileSync(file, 'utf8')).toBe(text);
});
