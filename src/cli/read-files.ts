import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import type { FileContent } from '../manifests/index.js';

// O_NOFOLLOW: a symbolic link is never opened through (its target could be a runner's credential
// file or /dev/zero); O_NONBLOCK: opening a FIFO does not wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads one file of a repository as git would store it, never through a symbolic link:
 * - a symbolic link is its target path (what git stores for it), wherever it points;
 * - a FIFO, socket or device is never read (a note: git cannot store one);
 * - an unreadable file (permission denied, a symlink loop) is a finding on its path, not a crash.
 */
export function readRepositoryFile(path: string): FileContent {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      // O_NOFOLLOW refuses the link itself: read what it points to as text, as git stores it.
      try {
        if (lstatSync(path).isSymbolicLink()) return readlinkSync(path, { encoding: 'buffer' });
      } catch (inner) {
        return { unreadable: describe(inner) };
      }
    }
    return { unreadable: describe(error) };
  }
  try {
    if (!fstatSync(fd).isFile())
      return {
        unreadable: 'not a regular file (a FIFO, socket or device), never read',
        cannotHoldManifest: true,
      };
    return readFileSync(fd);
  } catch (error) {
    return { unreadable: describe(error) };
  } finally {
    closeSync(fd);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  return code ?? (error as Error).message ?? String(error);
}
