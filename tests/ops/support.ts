/**
 * The operator's commands against real databases: a SQLite file in a temporary data folder, or a
 * fresh database on the PostgreSQL server of the globalSetup (tests/support/postgres-server.ts).
 * Data is made through the one app (src/server/app.ts `app.fetch`) with the same settings the
 * commands read, and the commands run as `npm run …` runs them, minus the process: runOps with an
 * environment of their own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { issueAreaIds, regionIds } from '../../src/lib/settings';
import { app } from '../../src/server/app';
import type { AuthEnv } from '../../src/server/auth';
import { BACKUP_TABLES, readCatalog } from '../../src/server/backup';
import { listOutbox } from '../../src/server/mail';
import { fsBlobs } from '../../src/server/node/fs-blobs';
import { runOps } from '../../src/server/node/ops';
import type { Database } from '../../src/server/platform/database';
import { applyMigrations, migrationsDir } from '../../src/server/platform/migrate';
import { postgresDatabase } from '../../src/server/platform/postgres';
import { sqliteDatabase } from '../../src/server/platform/sqlite';
import { fixtureResponse } from '../functions/support/fixture-assets';

export const ORIGIN = 'https://xinfang.example';
export type Kind = 'sqlite' | 'postgres';

export interface OpsRun {
  code: number;
  out: string;
  err: string;
}

export interface OpsTarget {
  kind: Kind;
  /** The data folder (SQLite file, attachments). */
  dir: string;
  /** A connection of the test's own, beside the one each command opens. */
  db: Database;
  /** The app's settings and ports, on the same database and blob folder the commands use. */
  env: AuthEnv;
  /** The settings the commands read, as environment variables. */
  vars: Record<string, string>;
  ops(...args: string[]): Promise<OpsRun>;
  cleanup(): Promise<void>;
}

const key = () => randomBytes(32).toString('base64');

export function newKeys(): Record<'DATA_KEY' | 'HASH_KEY' | 'SESSION_KEY', string> {
  return { DATA_KEY: key(), HASH_KEY: key(), SESSION_KEY: key() };
}

/** A fresh, migrated database of `kind`, with `keys` (default: fresh ones) as its settings. */
export async function openOpsTarget(kind: Kind, keys: Record<string, string> = newKeys()): Promise<OpsTarget> {
  const dir = mkdtempSync(join(tmpdir(), `xf-ops-${kind}-`));
  let url: string;
  let drop = async () => {};
  if (kind === 'postgres') {
    const server = inject('postgresUrl');
    const name = `ops_${randomBytes(6).toString('hex')}`;
    const admin = postgresDatabase(server, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = postgresDatabase(server, { max: 1 });
      await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    };
  } else {
    url = `sqlite:${join(dir, 'xinfang.sqlite')}`;
  }
  const db = kind === 'postgres' ? postgresDatabase(url, { max: 4 }) : sqliteDatabase(join(dir, 'xinfang.sqlite'));
  await applyMigrations(db, migrationsDir(db.dialect));
  const vars: Record<string, string> = {
    DATABASE_URL: url,
    DATA_DIR: dir,
    // Never the developer's .dev.vars.
    DEV_VARS_FILE: join(dir, 'no.dev.vars'),
    TRUSTED_PROXY: 'cloudflare',
    DEV_MODE: '1',
    ...keys,
  };
  const env = {
    ...vars,
    // The site's own address: links and the allowed Origin come from it, never from the request.
    SITE_URL: ORIGIN,
    DB: db,
    ATTACHMENTS: fsBlobs(join(dir, 'attachments')),
    ASSETS: {
      fetch: (input: Request | string, init?: RequestInit) =>
        Promise.resolve(fixtureResponse(typeof input === 'string' ? new Request(input, init) : input)),
    },
    RUNTIME: 'node',
  } as unknown as AuthEnv;
  return {
    kind,
    dir,
    db,
    env,
    vars,
    async ops(...args: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runOps(args, { env: vars, cwd: dir, out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async cleanup() {
      await db.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let ip = 0;

/** One request through the app; waits for the work it scheduled (mail) too. */
export async function call(env: AuthEnv, request: Request): Promise<Response> {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => undefined,
    props: {},
  };
  const response = await app.fetch(request, env, ctx);
  await Promise.allSettled(pending);
  return response;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  ip++;
  return { 'cf-connecting-ip': `198.51.${Math.floor(ip / 250)}.${ip % 250}`, origin: ORIGIN, ...extra };
}

/** Submits a petition as the form does (multipart, with an attachment when given); returns its id and code. */
export async function submitPetition(
  env: AuthEnv,
  overrides: Record<string, string> = {},
  attachment?: { name: string; bytes: Uint8Array<ArrayBuffer>; type: string },
): Promise<{ id: string; code: string }> {
  const fields: Record<string, string> = {
    submissionId: crypto.randomUUID(),
    name: '张三',
    phone: '13812345678',
    email: 'zhangsan@example.com',
    address: '示例县人民路 1 号',
    region: regionIds[0] ?? '',
    kind: 'claim',
    issueArea: issueAreaIds[0] ?? '',
    title: '工资被拖欠三个月',
    request: '请督促用人单位支付拖欠的工资。',
    facts: '2026 年 1 月至 3 月的工资至今未发，多次找单位无果。',
    idNumber: '',
    otherProcedure: 'none',
    declaration: 'on',
    privacyConsent: 'on',
    website: '',
    startedAt: String(Date.now() - 120_000),
    ...overrides,
  };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (attachment) form.append('attachments', new File([attachment.bytes], attachment.name, { type: attachment.type }));
  const r = await call(
    env,
    new Request(`${ORIGIN}/api/petitions`, {
      method: 'POST',
      headers: headers({ accept: 'application/json' }),
      body: form,
    }),
  );
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  const { code } = await r.json<{ code: string }>();
  const compact = code.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  const row = await env.DB.prepare('SELECT id FROM petitions WHERE code = ?').bind(compact).first<{ id: string }>();
  if (!row) throw new Error(`no petition with code ${compact}`);
  return { id: row.id, code: compact };
}

function json(env: AuthEnv, method: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  return call(
    env,
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: headers({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }),
      body: JSON.stringify(body),
    }),
  );
}

/** Signs a demo staff member in through the mailed link; returns the session cookie. */
export async function signIn(env: AuthEnv, email = 'handler@example.gov.cn'): Promise<string> {
  const asked = await json(env, 'POST', '/api/staff/login', { email });
  if (asked.status !== 202) throw new Error(`login: ${asked.status} ${await asked.text()}`);
  const mails = (await listOutbox(env, 1000)).filter((m) => m.to === email && /token=/.test(m.text));
  // Newest first; a restored database also holds the source's (used) sign-in mails.
  const token = /token=([A-Za-z0-9_-]{43})/.exec(mails[0]?.text ?? '')?.[1];
  if (!token) throw new Error(`no sign-in mail to ${email}`);
  const r = await json(env, 'POST', '/api/staff/login/confirm', { token });
  if (r.status !== 200) throw new Error(`confirm: ${r.status} ${await r.text()}`);
  return /(__Host-xf_session=[^;]*)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
}

export async function act(env: AuthEnv, cookie: string, id: string, action: string, body: unknown = {}): Promise<void> {
  const r = await json(env, 'POST', `/api/staff/cases/${id}/actions/${action}`, body, cookie);
  if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
}

/** Every row of every table, each table's rows sorted, so two databases compare with toEqual. */
export async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const catalog = await readCatalog(db);
  const out: Record<string, unknown[]> = {};
  for (const { name } of BACKUP_TABLES) {
    const columns = catalog.get(name)!;
    const { results } = await db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${name}`).all();
    out[name] = results.map((r) => JSON.stringify(columns.map((c) => r[c] ?? null))).sort();
  }
  return out;
}
