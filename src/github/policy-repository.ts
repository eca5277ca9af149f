import { isPolicyRepositoryFile } from '../policy/index.js';
import type { PolicyRepositoryRead } from './port.js';
import type { Octokit } from './create-github-port.js';
import { describeGitHubError } from './errors.js';
import { BLOBS_PER_QUERY, blobsQuery, type BlobNode } from './graphql.js';

/** Larger files of the policy repository are not read (GraphQL truncates large blobs anyway). */
const MAX_FILE_BYTES = 512 * 1024;

/**
 * The policy files of another repository (`policies.repository`) in two calls: one recursive tree
 * listing of the ref (`HEAD`: its default branch) and one GraphQL query for up to 200 blobs.
 * 404 / 403 (the app is not installed there, or the repository is private to it): `{unavailable}`.
 */
export async function readPolicyRepository(
  octokit: Octokit,
  name: string,
  ref: string | undefined,
  globs: readonly string[] | undefined,
): Promise<PolicyRepositoryRead> {
  const [owner, repo] = name.split('/') as [string, string];
  const rev = ref ?? 'HEAD';
  const shown = rev;
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner,
      repo,
      tree_sha: rev,
      recursive: '1',
    });
    const notes: string[] = [];
    const candidates = data.tree
      .filter(
        (e) =>
          e.type === 'blob' &&
          typeof e.path === 'string' &&
          isPolicyRepositoryFile(e.path, globs) &&
          (e.size ?? 0) <= MAX_FILE_BYTES,
      )
      .map((e) => e.path!);
    if (data.truncated)
      notes.push(`GitHub truncated the listing of ${name}@${shown}: policies past it were not read.`);
    if (candidates.length > BLOBS_PER_QUERY)
      notes.push(
        `Only ${BLOBS_PER_QUERY} of the ${candidates.length} policy files of ${name}@${shown} were read; set \`policies.repository.paths\` to narrow them.`,
      );
    const paths = candidates.slice(0, BLOBS_PER_QUERY);
    const files: { path: string; content: string }[] = [];
    if (paths.length) {
      const doc = blobsQuery(
        owner,
        repo,
        paths.map((p) => `${rev}:${p}`),
      );
      const { repository } = await octokit.graphql<{ repository: Record<string, BlobNode | null> | null }>(
        doc.query,
        doc.variables,
      );
      paths.forEach((path, i) => {
        const node = repository?.[`b${i}`];
        if (node && typeof node.text === 'string' && !node.isTruncated && !node.isBinary)
          files.push({ path, content: node.text });
      });
    }
    return { name, ref: shown, files, ...(notes.length ? { notes } : {}) };
  } catch (error) {
    return { name, ref: shown, unavailable: describeGitHubError(error) };
  }
}
