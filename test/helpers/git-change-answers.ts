import { git } from '../cli/git-repo.js';

/**
 * GitHub's view of a change between two commits of a test's git repository: the compare API's
 * files with their patches, the base tree (path -> text) and the head blobs (`SHA:path`), as the
 * GitHubMock answers them.
 */
export function githubAnswers(dir: string, base: string, head: string) {
  const files = git(dir, 'diff', '-M', '--name-status', base, head)
    .trim()
    .split('\n')
    .map((line) => {
      const [code, a, b] = line.split('\t') as [string, string, string | undefined];
      const path = b ?? a;
      const status = code.startsWith('R')
        ? 'renamed'
        : code === 'A'
          ? 'added'
          : code === 'D'
            ? 'removed'
            : 'modified';
      const diff = git(dir, 'diff', '-M', base, head, '--', ...(b ? [a, b] : [a]));
      const patchStart = diff.indexOf('\n@@');
      const patch = patchStart < 0 ? undefined : diff.slice(patchStart + 1).replace(/\n$/, '');
      const changes = patch ? patch.split('\n').filter((l) => /^[-+]/.test(l)).length : 0;
      return {
        sha: 'f'.repeat(40),
        filename: path,
        status,
        additions: 0,
        deletions: 0,
        changes,
        blob_url: '',
        raw_url: '',
        contents_url: '',
        ...(b ? { previous_filename: a } : {}),
        ...(patch ? { patch } : {}),
      };
    });
  const show = (sha: string, path: string) => git(dir, 'show', `${sha}:${path}`);
  const baseTree = Object.fromEntries(
    git(dir, 'ls-tree', '-r', '--name-only', base)
      .trim()
      .split('\n')
      .map((p) => [p, show(base, p)]),
  );
  const headBlobs = Object.fromEntries(
    git(dir, 'ls-tree', '-r', '--name-only', head)
      .trim()
      .split('\n')
      .map((p) => [`${head}:${p}`, { text: show(head, p) }]),
  );
  return { files, baseTree, headBlobs };
}
