import type { RepoSnapshot, SnapshotCommit } from '../../src/repo-checks/index.js';

export function makeCommit(partial: Partial<SnapshotCommit> & { sha?: string } = {}): SnapshotCommit {
  return {
    sha: partial.sha ?? 'a'.repeat(40),
    author: { login: 'alice', type: 'User' },
    committer: { login: 'alice', type: 'User' },
    verification: { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----' },
    message: 'Change things',
    ...partial,
  };
}

export function makeSnapshot(partial: Partial<RepoSnapshot> = {}): RepoSnapshot {
  return { repository: 'octo/gitops', ...partial };
}
