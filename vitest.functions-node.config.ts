import { defineConfig } from 'vitest/config';

/**
 * The functions suite on the Node runtime: FUNCTIONS_DATABASE=sqlite (default) gives every test
 * file a fresh SQLite file; FUNCTIONS_DATABASE=postgres starts a real PostgreSQL server in a
 * temporary folder (tests/support/postgres-server.ts) and gives every test file a fresh database.
 * Same tests as on workerd (vitest.functions.config.ts): only `#target` differs.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@': new URL('./src', import.meta.url).pathname,
      '#target': new URL('./tests/functions/support/target-node.ts', import.meta.url).pathname,
    },
  },
  test: {
    environment: 'node',
    include: ['tests/functions/**/*.test.ts'],
    // Tests written for workerd only say so in their name.
    exclude: ['tests/functions/**/*workerd*.test.ts'],
    globalSetup: ['tests/support/mail-standin.ts', 'tests/functions/support/node-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
