import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `unit`: pure rules (domain/) and anything without I/O. `integration` (*.int.test.ts): against the
// real PostgreSQL and Temporal dev server that `npm test` starts and names in DATABASE_URL and
// TEMPORAL_ADDRESS; without them these tests fail (they never skip).
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
          name: 'integration',
          include: ['{domain,db,activities,workflows,worker,app,scripts}/**/*.int.test.ts'],
          globalSetup: ['./scripts/test-setup/global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
