import { defineConfig } from 'vitest/config';

// Checks over the built site in dist/ (HTML, headers, sitemap, search index), in Node. Runs after the build.
export default defineConfig({
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  test: {
    include: ['tests/site/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
