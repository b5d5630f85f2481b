import { defineConfig } from 'vitest/config';

// Browser journeys in real Chromium against the built site served by `wrangler pages dev`
// with a fresh local D1. Runs after `npm run build`.
export default defineConfig({
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One server, one browser per file; two cores: run files one at a time.
    fileParallelism: false,
  },
});
