import { defineConfig } from 'vitest/config';

// Unit tests (domain/) run anywhere. Integration tests (*.itest.ts) need the real
// PostgreSQL and Temporal dev server that `npm test` starts (scripts/test-run.ts).
export default defineConfig({
  test: {
    globals: true,
    pool: 'forks',
    include: ['{domain,db,activities,workflows,app,scripts}/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
