import { describe, expect, it } from '@jest/globals';
import { blobsQuery, resolveThreadsMutation } from '../../src/github/graphql.js';
import { graphqlErrors } from './github-graphql.js';
import { queryErrors, queryParameterExists, requestBodyErrors } from './github-openapi.js';

describe('GitHub schema validators', () => {
  it('accept our GraphQL documents and reject a wrong field name', () => {
    expect(graphqlErrors(blobsQuery('o', 'r', ['sha:a.yaml', 'sha:b.yaml'], { number: 1 }).query)).toEqual(
      [],
    );
    expect(graphqlErrors(resolveThreadsMutation(['T1', 'T2']).query)).toEqual([]);
    expect(
      graphqlErrors(
        'query { repository(owner: "o", name: "r") { object(expression: "x") { ... on Blob { textt } } } }',
      ).join(),
    ).toMatch(/textt/);
  });

  it('validate REST bodies against the OpenAPI description', () => {
    expect(
      requestBodyErrors('post', '/repos/{owner}/{repo}/check-runs', {
        name: 'gitops-guard',
        head_sha: 'abc',
        status: 'in_progress',
      }),
    ).toEqual([]);
    expect(
      requestBodyErrors('post', '/repos/{owner}/{repo}/check-runs', {
        name: 'x',
        head_sha: 'abc',
        statuss: 'in_progress',
      }).join(),
    ).toMatch(/statuss/);
    const annotations = Array.from({ length: 51 }, () => ({
      path: 'a',
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
      message: 'm',
    }));
    expect(
      requestBodyErrors('patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}', {
        output: { title: 't', summary: 's', annotations },
      }).join(),
    ).toMatch(/50/);
    expect(
      requestBodyErrors('patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}', {
        output: { title: 't', summary: 'x'.repeat(65_536) },
      }).join(),
    ).toMatch(/65535/);
    expect(queryParameterExists('get', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 'check_name')).toBe(
      true,
    );
    expect(queryParameterExists('get', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 'checkname')).toBe(
      false,
    );
    expect(
      queryErrors('get', '/repos/{owner}/{repo}/compare/{basehead}', { per_page: '100', page: '1' }),
    ).toEqual([]);
    expect(
      queryErrors('get', '/repos/{owner}/{repo}/compare/{basehead}', { per_page: '300' }).join(),
    ).toMatch(/per_page 300/);
    expect(queryErrors('get', '/repos/{owner}/{repo}/codeowners/errors', { ref: 'abc' })).toEqual([]);
    expect(queryErrors('get', '/repos/{owner}/{repo}/codeowners/errors', { sha: 'abc' }).join()).toMatch(
      /unknown query parameter sha/,
    );
  });
});
