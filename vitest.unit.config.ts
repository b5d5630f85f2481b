import { defineConfig } from 'vitest/config';

// Unit tests of runtime-neutral code (src/lib) and content checks, in Node.
export default defineConfig({
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/content/**/*.test.ts'],
    testTimeout: 30_000,
    environment: 'node',
  },
});
