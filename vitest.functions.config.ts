import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { randomBytes } from 'node:crypto';
import { fixtureResponse } from './tests/functions/support/fixture-assets.ts';

/**
 * The functions suite on Cloudflare's target: inside workerd (the Workers runtime) with a real local
 * D1 and R2 from wrangler.toml; the migrations are applied in tests/functions/setup/apply-migrations.ts.
 * The same suite runs on Node (vitest.functions-node.config.ts, SQLite or PostgreSQL). The only fake
 * is outside the product: a local HTTP stand-in for the Resend mail API (tests/support/mail-standin.ts),
 * and the static page shells that the Astro build would produce (tests/functions/fixtures/).
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations/sqlite');
  return {
    resolve: {
      alias: {
        '@': new URL('./src', import.meta.url).pathname,
        '#target': new URL('./tests/functions/support/target-workerd.ts', import.meta.url).pathname,
      },
    },
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            DATA_KEY: randomBytes(32).toString('base64'),
            HASH_KEY: randomBytes(32).toString('base64'),
            SESSION_KEY: randomBytes(32).toString('base64'),
            DEV_MODE: '1',
            SITE_URL: 'https://xinfang.example',
            RESEND_API_KEY: 're_test_standin',
            RESEND_BASE_URL: inject<string>('mailStandinUrl'),
            MAIL_TIMEOUT_MS: '500',
          },
          // Pages' static asset server, serving the page shells the app fills.
          serviceBindings: { ASSETS: fixtureResponse },
        },
      })),
    ],
    test: {
      include: ['tests/functions/**/*.test.ts'],
      setupFiles: ['tests/functions/setup/apply-migrations.ts'],
      globalSetup: ['tests/support/mail-standin.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
