/** GraphQL documents the app sends (validated against GitHub's schema in test/helpers/github-graphql.ts). */

/** Aliases per query: enough that a 300-file PR takes one or two requests, small enough to stay well within GitHub's timeouts. */
export const BLOBS_PER_QUERY = 200;

const BLOB_FIELDS = '... on Blob { text isBinary byteSize isTruncated }';

const THREADS_FIELD = `pr: pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated path comments(first: 1) { nodes { body viewerDidAuthor } } }
      }
    }`;

export interface GraphqlDocument {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * One query fetching `expressions.length` blobs as aliases `b0..bN` (`object(expression: "SHA:path")`),
 * optionally with one page of the pull request's review threads. Expressions are variables, so a
 * path can never break the query.
 */
export function blobsQuery(owner: string, repo: string, expressions: readonly string[], threads?: { number: number; cursor?: string }): GraphqlDocument {
  const declarations = ['$owner: String!', '$repo: String!', ...expressions.map((_, i) => `$e${i}: String!`)];
  if (threads) declarations.push('$number: Int!', '$cursor: String');
  const fields = expressions.map((_, i) => `b${i}: object(expression: $e${i}) { ${BLOB_FIELDS} }`);
  if (threads) fields.push(THREADS_FIELD);
  const variables: Record<string, unknown> = { owner, repo };
  expressions.forEach((e, i) => (variables[`e${i}`] = e));
  if (threads) {
    variables.number = threads.number;
    variables.cursor = threads.cursor ?? null;
  }
  return {
    query: `query GitopsGuardBlobs(${declarations.join(', ')}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}`,
    variables,
  };
}

/** Resolves review threads, all in one mutation (aliases r0..rN). */
export function resolveThreadsMutation(threadIds: readonly string[]): GraphqlDocument {
  const declarations = threadIds.map((_, i) => `$t${i}: ID!`);
  const fields = threadIds.map((_, i) => `r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`);
  const variables: Record<string, unknown> = {};
  threadIds.forEach((id, i) => (variables[`t${i}`] = id));
  return { query: `mutation GitopsGuardResolve(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`, variables };
}

export interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  byteSize: number;
  isTruncated: boolean;
}

export interface ThreadsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ id: string; isResolved: boolean; isOutdated: boolean; path: string; comments: { nodes: Array<{ body: string; viewerDidAuthor: boolean }> } }>;
}
