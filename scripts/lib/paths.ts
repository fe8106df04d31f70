import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const isRoot = () => process.getuid?.() === 0;

/** True when every ancestor of `dir` can be traversed by an unprivileged user (o+x). */
export function traversableByOthers(dir: string): boolean {
  let d = resolve(dir);
  for (;;) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return false;
    } catch {
      // not created yet: its parent decides
    }
    const parent = dirname(d);
    if (parent === d) return true;
    d = parent;
  }
}

/**
 * Where `npm start` keeps its data (PostgreSQL cluster, Temporal's SQLite file, PID files).
 * Default `<repo>/.data`. As root, embedded PostgreSQL runs as the `postgres` user, which must be
 * able to traverse every parent of its data directory; a clone under a private home directory is
 * not, so then the data goes to /var/lib/minyi/<repo-hash> instead.
 */
export function dataRoot(): string {
  if (process.env.MINYI_DATA_DIR) return resolve(process.env.MINYI_DATA_DIR);
  const local = join(repoRoot, '.data');
  if (!isRoot() || traversableByOthers(local)) return local;
  const tag = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  return join('/var/lib/minyi', tag);
}
