import type { CliIo } from './run-cli.js';

/** A one-line progress counter on stderr, only on a terminal and only for long scans. */
export function createProgress(io: CliIo, total: number): { tick(index: number): void; done(): void } {
  if (!io.stderrIsTTY || total < 200) return { tick() {}, done() {} };
  let last = 0;
  return {
    tick(index) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      io.stderr(`\rreading ${index + 1}/${total} files`);
    },
    done() {
      io.stderr('\r\x1b[K');
    },
  };
}
