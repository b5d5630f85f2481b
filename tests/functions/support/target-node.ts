/**
 * The functions suite on the Node runtime: the same app on a real database — a fresh SQLite file per
 * test file, or a fresh PostgreSQL database per test file (cloned from a migrated template that
 * tests/functions/support/node-global-setup.ts made on a PostgreSQL server it started) — with
 * attachments on the filesystem and the page shells of the fixtures.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { app } from '../../../src/server/app';
import type { AuthEnv } from '../../../src/server/auth';
import { fsBlobs } from '../../../src/server/node/fs-blobs';
import type { Database } from '../../../src/server/platform/database';
import { applyMigrations, migrationsDir } from '../../../src/server/platform/migrate';
import { postgresDatabase } from '../../../src/server/platform/postgres';
import { sqliteDatabase } from '../../../src/server/platform/sqlite';
import { fixtureResponse } from './fixture-assets';

const kind = inject('functionsDatabase');
export const TARGET: 'workerd+d1' | 'node+sqlite' | 'node+postgres' =
  kind === 'postgres' ? 'node+postgres' : 'node+sqlite';

const dir = mkdtempSync(join(tmpdir(), 'xinfang-fn-'));

async function freshDatabase(): Promise<Database> {
  if (kind === 'postgres') {
    const admin = postgresDatabase(inject('postgresUrl'), { max: 1 });
    const name = `t_${randomBytes(6).toString('hex')}`;
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    await admin.close();
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${name}`;
    return postgresDatabase(url.toString(), { max: 10 });
  }
  const db = sqliteDatabase(join(dir, 'test.sqlite'));
  await applyMigrations(db, migrationsDir('sqlite'));
  return db;
}

const db = await freshDatabase();

export const env: AuthEnv = {
  DB: db,
  ATTACHMENTS: fsBlobs(join(dir, 'blobs')),
  ASSETS: {
    fetch: (input, init) =>
      Promise.resolve(fixtureResponse(typeof input === 'string' ? new Request(input, init) : input)),
  },
  RUNTIME: 'node',
  // The suite names clients by CF-Connecting-IP on every target, as a Node server behind
  // Cloudflare's CDN would be configured; the proxy modes themselves have their own unit test.
  TRUSTED_PROXY: 'cloudflare',
  DATA_KEY: randomBytes(32).toString('base64'),
  HASH_KEY: randomBytes(32).toString('base64'),
  SESSION_KEY: randomBytes(32).toString('base64'),
  DEV_MODE: '1',
  // The site's configured URL (the origin the helpers send); links and allowed Origins come from it.
  SITE_URL: 'https://xinfang.example',
  // The test client sits on the same machine, as a developer's browser does.
  PEER_ADDRESS: '127.0.0.1',
  RESEND_API_KEY: 're_test_standin',
  RESEND_BASE_URL: inject('mailStandinUrl'),
  MAIL_TIMEOUT_MS: '500',
  // FUNCTIONS_CRYPTO_SUITE=sm runs the whole suite with 国密 SM4-GCM + SM3-HMAC and an SM3 chain.
  ...(process.env['FUNCTIONS_CRYPTO_SUITE'] ? { CRYPTO_SUITE: process.env['FUNCTIONS_CRYPTO_SUITE'] } : {}),
};

/** One request through the app: its answer, and when the work it scheduled (mail) has finished. */
export async function dispatch(
  request: Request,
  overrides: Partial<AuthEnv> = {},
): Promise<{ response: Response; done: Promise<void> }> {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => undefined,
    props: {},
  };
  const response = await app.fetch(request, { ...env, ...overrides }, ctx);
  return { response, done: Promise.allSettled(pending).then(() => undefined) };
}

/** One request through the app; resolves after the work it scheduled (mail) has finished too. */
export async function fetchApp(request: Request, overrides: Partial<AuthEnv> = {}): Promise<Response> {
  const { response, done } = await dispatch(request, overrides);
  await done;
  return response;
}
