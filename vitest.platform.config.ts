import { defineConfig } from 'vitest/config';

/**
 * The database adapters against real databases, in Node: SQLite (node:sqlite, a temporary file)
 * and PostgreSQL (a throwaway server that tests/support/postgres-server.ts starts with initdb and
 * pg_ctl, provided to the tests as `postgresUrl`). The same contract runs on both.
 */
export default defineConfig({
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  test: {
    include: ['tests/platform/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/postgres-server.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
