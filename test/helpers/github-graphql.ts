import { schema as githubSchema } from '@octokit/graphql-schema';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';

/** Validates GraphQL documents against GitHub's public schema (`@octokit/graphql-schema`) with graphql's `validate`. */

let schema: GraphQLSchema | undefined;

export function graphqlErrors(query: string): string[] {
  schema ??= buildSchema(githubSchema.idl, { assumeValidSDL: true });
  try {
    return validate(schema, parse(query)).map((e) => e.message);
  } catch (error) {
    return [(error as Error).message];
  }
}
