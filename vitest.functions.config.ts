import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Functions tests run inside workerd (the Workers runtime) with a real local D1 and R2 from
 * wrangler.toml; the migrations are applied in tests/functions/setup/apply-migrations.ts. The only
 * fake is outside the product: a local HTTP stand-in for the Resend mail API (tests/support/mail-standin.ts),
 * and the static page shells that the Astro build would produce (tests/functions/fixtures/).
 */
const FIXTURES: Record<string, string> = {
  '/petition/': 'petition.html',
  '/petition/receipt/': 'receipt.html',
  '/track/': 'track.html',
  '/404.html': '404.html',
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations/sqlite');
  return {
    resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
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
            RESEND_API_KEY: 're_test_standin',
            RESEND_BASE_URL: inject<string>('mailStandinUrl'),
            MAIL_TIMEOUT_MS: '500',
          },
          serviceBindings: {
            // Pages' static asset server, serving the page shells the functions fill.
            ASSETS: (request: Request) => {
              const file = FIXTURES[new URL(request.url).pathname];
              if (!file) return new Response('not found', { status: 404 });
              const html = readFileSync(new URL(`./tests/functions/fixtures/${file}`, import.meta.url), 'utf8');
              return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
            },
          },
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
