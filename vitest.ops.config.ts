import { defineConfig } from 'vitest/config';

/**
 * The operator's commands (src/server/node/ops.ts: backup, restore, retention, audit-verify,
 * rekey) against real databases: SQLite files and a throwaway PostgreSQL server
 * (tests/support/postgres-server.ts, provided as `postgresUrl`); one test drives wrangler's local D1.
 */
export default defineConfig({
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  test: {
    include: ['tests/ops/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/postgres-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
