import { spawnSync } from 'node:child_process';
import { assertProductionConfig, isProduction, ProductionConfigError } from './production.server';

describe('production needs MINYI_DATA_KEY from outside the data directory', () => {
  it('is production only with NODE_ENV=production and MINYI_PRODUCTION=1 (npm start on a laptop is not)', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(false);
    expect(isProduction({ NODE_ENV: 'production', MINYI_PRODUCTION: '1' })).toBe(true);
    expect(isProduction({ MINYI_PRODUCTION: '1' })).toBe(false);
    expect(() => assertProductionConfig({ NODE_ENV: 'production' })).not.toThrow();
  });

  it('refuses production without the key, and accepts it with one', () => {
    expect(() => assertProductionConfig({ NODE_ENV: 'production', MINYI_PRODUCTION: '1' })).toThrow(ProductionConfigError);
    expect(() => assertProductionConfig({ NODE_ENV: 'production', MINYI_PRODUCTION: '1', MINYI_DATA_KEY: ' ' })).toThrow(/MINYI_DATA_KEY/);
    expect(() => assertProductionConfig({ NODE_ENV: 'production', MINYI_PRODUCTION: '1', MINYI_DATA_KEY: 'a'.repeat(64) })).not.toThrow();
  });

  it('the web process exits at start-up, before it listens, naming the variable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts', 'build/does-not-matter.js'], {
      env: { ...process.env, NODE_ENV: 'production', MINYI_PRODUCTION: '1', MINYI_DATA_KEY: '', PORT: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('MINYI_DATA_KEY must be set');
  });

  it('never makes a key file in the data directory in production', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "const m = await import('./db/elections.server.ts'); m.hashIdNumber('110101199001011234');"],
      { env: { ...process.env, NODE_ENV: 'production', MINYI_PRODUCTION: '1', MINYI_DATA_KEY: '', MINYI_DATA_DIR: '/nonexistent/minyi-test' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('MINYI_DATA_KEY must be set');
  });
});
