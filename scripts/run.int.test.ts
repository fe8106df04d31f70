import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './lib/paths';

/** `npm start` with an unreachable service says which one, exits non-zero, and prints no stack. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/run.ts'), 'start'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, MINYI_DATA_DIR: join(repoRoot, '.data', 'never-used') },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start with unreachable services', () => {
  it('names DATABASE_URL when PostgreSQL cannot be reached', () => {
    const r = start({ DATABASE_URL: 'postgres://minyi:x@127.0.0.1:1/minyi' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DATABASE_URL \(127\.0\.0\.1:1\/minyi\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names TEMPORAL_ADDRESS when Temporal cannot be reached', () => {
    const r = start({ DATABASE_URL: process.env.DATABASE_URL!, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TEMPORAL_ADDRESS \(127\.0\.0\.1:1\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
