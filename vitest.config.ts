import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `unit`: pure rules (domain/) and anything without I/O. `integration` (*.int.test.ts): against the
// real PostgreSQL and Temporal dev server that `npm test` starts and names in DATABASE_URL and
// TEMPORAL_ADDRESS; without them these tests fail (they never skip).
const integration = {
  include: ['{domain,db,activities,workflows,worker,app,scripts}/**/*.int.test.ts'],
  globalSetup: ['./scripts/test-setup/global.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};
// These files count rows across the whole database (a refused request must write nothing), so
// they run alone, after the others have finished (the others run side by side on a machine with more
// than two cores: vitest's default is one file per core but one).
const SERIAL = ['app/fuzz.int.test.ts', 'app/fuzz-routes.int.test.ts'];

export default defineConfig({
  // Route modules import `~/…` (Remix's alias for app/); integration tests call their loaders.
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    globals: true,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{domain,db,activities,workflows,worker,app,scripts}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          ...integration,
          name: 'integration',
          exclude: [...SERIAL, 'node_modules/**'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          ...integration,
          name: 'integration-serial',
          include: SERIAL,
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
