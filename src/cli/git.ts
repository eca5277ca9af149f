import { execFile, spawnSync } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { FileContent } from '../manifests/index.js';
import { readRepositoryFile } from './read-files.js';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;

export class GitError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new GitError(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/** The top folder of the work tree that holds `cwd`. */
export async function gitRoot(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError(`${cwd} is not inside a git work tree`);
  }
}

/** The commit a ref names; throws a GitError naming the ref when it does not exist. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  try {
    return (
      await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])
    ).trim();
  } catch {
    throw new GitError(`unknown git revision "${ref}"`);
  }
}

/**
 * The commit a ref names, or, for `HEAD` on a branch with no commit yet (the first commit of a
 * new repository), the empty tree: against it everything is introduced.
 */
export async function resolveBase(root: string, ref: string): Promise<{ commit: string; unborn: boolean }> {
  try {
    return { commit: await resolveCommit(root, ref), unborn: false };
  } catch (error) {
    if (ref !== 'HEAD' || !(await isUnbornHead(root))) throw error;
    return { commit: (await git(root, ['hash-object', '-t', 'tree', '/dev/null'])).trim(), unborn: true };
  }
}

/** HEAD names a branch that has no commit yet. */
async function isUnbornHead(root: string): Promise<boolean> {
  try {
    await git(root, ['symbolic-ref', '-q', 'HEAD']);
  } catch {
    return false;
  }
  try {
    await git(root, ['rev-parse', '--verify', '-q', 'HEAD']);
    return false;
  } catch {
    return true;
  }
}

/** The merge base of two commits (what a pull request is compared with), or undefined when none. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await git(root, ['merge-base', a, b])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface GitChange {
  status: 'added' | 'removed' | 'modified' | 'renamed';
  path: string;
  previousPath?: string;
}

/**
 * Files that differ between `base` and `head` (a commit), or between `base` and the work tree
 * when `head` is undefined (tracked files with uncommitted changes, staged or not, plus
 * untracked files that are not ignored), or between `base` and the index with `staged`.
 */
export async function changedFiles(
  root: string,
  base: string,
  head?: string,
  options: { staged?: boolean } = {},
): Promise<GitChange[]> {
  const args = [
    'diff',
    '--name-status',
    '-z',
    '--no-renames',
    '--no-ext-diff',
    ...(options.staged && !head ? ['--cached'] : []),
    base,
  ];
  // Rename detection (-M) would pair files by content; resources are matched by identity anyway,
  // so plain adds and deletes are simpler and lose nothing.
  if (head) args.push(head);
  args.push('--');
  const out = await git(root, args);
  const parts = out.split('\0');
  const changes: GitChange[] = [];
  for (let i = 0; i + 1 < parts.length;) {
    const code = parts[i]!;
    const path = parts[i + 1]!;
    i += 2;
    if (!code) break;
    const status = code[0] === 'A' ? 'added' : code[0] === 'D' ? 'removed' : 'modified';
    changes.push({ status, path });
  }
  if (!head && !options.staged) {
    const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
    for (const path of untracked.split('\0')) if (path) changes.push({ status: 'added', path });
  }
  return changes;
}

/**
 * Reads many blobs at once through one `git cat-file --batch` process: `REF:path` for each
 * spec. Missing blobs are undefined.
 */
export function readBlobs(root: string, specs: readonly string[]): Promise<Array<Buffer | undefined>> {
  return readObjects(root, specs, 'blob');
}

/**
 * Reads objects of one type (`blob`, `commit`) through one `git cat-file --batch`; others and
 * missing ones are undefined. Synchronous: the output (a whole tree's manifests for a diff) is
 * collected by Node's C++ side in large reads, at half the CPU of a stream's 64 KB events; the
 * commands wait for it anyway.
 */
function readObjects(
  root: string,
  specs: readonly string[],
  type: string,
): Promise<Array<Buffer | undefined>> {
  if (specs.length === 0) return Promise.resolve([]);
  try {
    // A spec with a newline would desynchronise the batch: such paths are read as missing.
    const input = specs.map((s) => (s.includes('\n') ? 'invalid-spec-with-newline' : s)).join('\n') + '\n';
    const result = spawnSync('git', ['cat-file', '--batch'], {
      cwd: root,
      input,
      maxBuffer: MAX_BATCH_BYTES,
    });
    if (result.error) throw result.error;
    if (result.status !== 0)
      throw new GitError(`git cat-file failed: ${result.stderr.toString().trim().split('\n')[0]}`);
    return Promise.resolve(parseBatch(result.stdout, specs.length, type));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** What one `git cat-file --batch` may return (a tree's manifests, subchart archives). */
const MAX_BATCH_BYTES = 2 ** 31 - 1;

function parseBatch(out: Buffer, count: number, type: string): Array<Buffer | undefined> {
  const blobs: Array<Buffer | undefined> = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, offset);
    if (eol < 0) throw new GitError('git cat-file: truncated output');
    const header = out.subarray(offset, eol).toString('utf8');
    offset = eol + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      blobs.push(undefined); // "<spec> missing" or "ambiguous"
      continue;
    }
    const size = Number(match[2]);
    blobs.push(match[1] === type ? out.subarray(offset, offset + size) : undefined);
    offset += size + 1;
  }
  return blobs;
}

/** Reads a file of the work tree as git would store it; undefined when it does not exist or cannot be read. */
export async function readWorkTreeFile(root: string, path: string): Promise<Buffer | undefined> {
  const content = readWorkTreeContent(root, path);
  return content instanceof Uint8Array ? Buffer.from(content) : undefined;
}

/**
 * Reads a file of the work tree as git would store it (a symbolic link is its target path, never
 * followed; see readRepositoryFile); undefined when it does not exist (deleted but not staged),
 * `Unreadable` when it exists but cannot be read or lies beyond a linked folder that leaves the repository.
 */
export function readWorkTreeContent(root: string, path: string): FileContent | undefined {
  const full = join(root, path);
  try {
    lstatSync(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  }
  try {
    const realRoot = realpathSync(root);
    const parent = realpathSync(dirname(full));
    if (parent !== realRoot && !parent.startsWith(realRoot + sep))
      return { unreadable: 'a parent folder is a symbolic link that leaves the repository' };
  } catch (error) {
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  return readRepositoryFile(full);
}

/** Every file path of a commit's tree (`git ls-tree -r`), relative to the repository root. */
export async function listTree(root: string, commit: string): Promise<string[]> {
  const out = await git(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
  return out.split('\0').filter(Boolean);
}

/** Every file of a commit with whether it is a symbolic link (mode 120000): `:` lists the index. */
export async function listTreeEntries(
  root: string,
  commit: string,
): Promise<Array<{ path: string; symlink: boolean }>> {
  const out =
    commit === ':'
      ? await git(root, ['ls-files', '-s', '-z'])
      : await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      return { path: line.slice(tab + 1), symlink: line.startsWith('120000 ') };
    });
}

/** Files of a commit whose text matches an extended regular expression (`git grep -l -E`), among the globs. */
export async function grepFiles(
  root: string,
  commit: string,
  pattern: string,
  globs: readonly string[],
): Promise<string[]> {
  try {
    const { stdout } = await run(
      'git',
      ['grep', '-l', '-z', '-I', '-E', '-e', pattern, commit, '--', ...globs],
      {
        cwd: root,
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
      },
    );
    return stdout
      .split('\0')
      .filter(Boolean)
      .map((p) => p.slice(commit.length + 1));
  } catch (error) {
    // git grep exits 1 when nothing matches.
    if ((error as { code?: number }).code === 1) return [];
    throw new GitError(`git grep failed: ${(error as Error).message}`);
  }
}

/** Every file of the work tree git knows or would add: tracked files plus untracked ones that are not ignored. */
export async function listWorkTree(root: string): Promise<string[]> {
  const out = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return [...new Set(out.split('\0').filter(Boolean))];
}

/** A commit of a range with git's own view of its signature (`%G?`). */
export interface GitCommitInfo {
  sha: string;
  /** git's signature status: G, U, X, Y, R, E, B or N (see `git log --format=%G?`). */
  signature: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  /** The signer (`%GS`), when signed. */
  signer: string;
  /** The key (`%GK`): a hex id for OpenPGP, `SHA256:...` for SSH. */
  key: string;
  subject: string;
}

const LOG_FIELDS = ['%H', '%G?', '%an', '%ae', '%cn', '%ce', '%GS', '%GK', '%s'];

/**
 * The commits of `base..head` (reachable from head, not from base; merges included), newest
 * first, with their signature status as git sees it with the local keyring and allowed-signers
 * file. `log.showSignature` is switched off so that gpg's output never mixes with the records.
 */
export async function commitsInRange(root: string, base: string, head: string): Promise<GitCommitInfo[]> {
  const out = await git(root, [
    '-c',
    'log.showSignature=false',
    'log',
    '-z',
    `--format=${LOG_FIELDS.join('%x00')}`,
    `${base}..${head}`,
    '--',
  ]);
  const commits = parseCommitLog(out);
  // git says N ("no signature") also for a signed commit it cannot check at all (an SSH
  // signature without gpg.ssh.allowedSignersFile): look for the signature header itself.
  const unsigned = commits.filter((c) => c.signature === 'N');
  const raw = await readObjects(
    root,
    unsigned.map((c) => c.sha),
    'commit',
  );
  unsigned.forEach((c, i) => {
    if (raw[i] && hasSignatureHeader(raw[i]!)) c.signature = 'E';
  });
  return commits;
}

/** Whether a raw commit object carries a signature (`gpgsig` or `gpgsig-sha256` header). */
export function hasSignatureHeader(raw: Buffer | string): boolean {
  const text = raw.toString();
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  return /^gpgsig(?:-sha256)? /m.test(headers);
}

/** Parses the output of `git log -z --format=<LOG_FIELDS joined by %x00>`. */
export function parseCommitLog(out: string): GitCommitInfo[] {
  const parts = out.split('\0');
  const commits: GitCommitInfo[] = [];
  for (let i = 0; i + LOG_FIELDS.length <= parts.length; i += LOG_FIELDS.length) {
    const [sha, signature, authorName, authorEmail, committerName, committerEmail, signer, key, subject] =
      parts.slice(i, i + LOG_FIELDS.length).map((p) => p ?? '');
    const hash = sha!.trim();
    if (!/^[0-9a-f]{7,64}$/.test(hash)) continue;
    commits.push({
      sha: hash,
      signature: signature!.trim(),
      authorName: authorName!,
      authorEmail: authorEmail!,
      committerName: committerName!,
      committerEmail: committerEmail!,
      signer: signer!,
      key: key!.trim(),
      subject: subject!,
    });
  }
  return commits;
}
