/**
 * Starts the portal for browser tests, the resilience suite and benches, each run with its own
 * fresh state:
 * - runtime 'node' (the default, as `npm start`): `node build/server.mjs` on SQLite in a state
 *   folder, or on PostgreSQL when `databaseUrl` is given;
 * - runtime 'cloudflare': `wrangler pages dev` with a local D1 in the state folder.
 * The port is a free one; the server is asked for the random INSTANCE_ID this harness gave it, so a
 * neighbour's server on a reused port is never mistaken for ours; the child's log is kept and
 * quoted when it fails to start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { d1Query, toolEnv as wranglerEnv } from '../../../scripts/d1-local.ts';

export type Runtime = 'node' | 'cloudflare';

export interface RunningServer {
  url: string;
  runtime: Runtime;
  /** 'sqlite', 'postgres' or 'd1'. */
  database: string;
  persistTo: string;
  proc: ChildProcess;
  /** Rows of a read on the server's database (for checks from outside the app). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** What the server printed so far. */
  log(): string;
  stop: () => Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');
const toolEnv = { ...wranglerEnv, ASTRO_TELEMETRY_DISABLED: '1' };

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export function applyD1Migrations(persistTo: string): void {
  const r = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    env: toolEnv,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`migrations failed: ${r.stderr || r.stdout}`);
}

/** Secrets for a test server: fresh random keys, never the developer's .dev.vars. */
function testSecrets(): Record<string, string> {
  const key = () => randomBytes(32).toString('base64');
  return { DATA_KEY: key(), HASH_KEY: key(), SESSION_KEY: key(), DEV_MODE: '1' };
}

/** Rows of a read on the SQLite database of a Node server's state folder. */
export function readSqliteState(persistTo: string, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(join(persistTo, 'xinfang.sqlite'), { readOnly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

export async function startServer(opts: {
  /** Default: a free port. */
  port?: number;
  /** State folder (SQLite file and attachments, or wrangler's local D1). */
  persistTo: string;
  fresh?: boolean;
  vars?: Record<string, string>;
  runtime?: Runtime;
  /** postgres://… : the Node server on PostgreSQL (the database must exist; migrations run at start). */
  databaseUrl?: string;
  /** Keys to reuse across a restart (a crash test restarts on the same data). */
  secrets?: Record<string, string>;
}): Promise<RunningServer & { secrets: Record<string, string> }> {
  const runtime = opts.runtime ?? 'node';
  const persistTo = resolve(root, opts.persistTo);
  if (opts.fresh !== false) rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  const port = opts.port ?? (await freePort());
  const instance = randomUUID();
  const secrets = opts.secrets ?? testSecrets();
  const url = `http://127.0.0.1:${port}`;
  let proc: ChildProcess;
  if (runtime === 'cloudflare') {
    applyD1Migrations(persistTo);
    const args = [
      'wrangler',
      'pages',
      'dev',
      process.env['DIST_DIR'] ?? 'dist',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
    ];
    args.push('--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn');
    for (const [k, v] of Object.entries({ ...secrets, ...opts.vars, INSTANCE_ID: instance }))
      args.push('--binding', `${k}=${v}`);
    proc = spawn('npx', args, { cwd: root, env: toolEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  } else {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...secrets,
      ...opts.vars,
      // Never the developer's own secrets or data.
      DEV_VARS_FILE: join(persistTo, 'none.vars'),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: persistTo,
      DIST_DIR: resolve(root, process.env['DIST_DIR'] ?? 'dist'),
      SITE_URL: url,
      INSTANCE_ID: instance,
      DATABASE_URL: opts.databaseUrl ?? '',
    };
    proc = spawn(process.execPath, ['--enable-source-maps', join(root, 'build/server.mjs')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  }
  let log = '';
  proc.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the ${runtime} server exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) {
        const body = await r.json<{ instance?: string }>();
        if (body.instance !== instance)
          throw new Error(`another server answers on port ${port}:\n${JSON.stringify(body)}`);
        break;
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('another server')) {
        kill('SIGKILL');
        throw error;
      }
    }
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`the ${runtime} server did not start within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const database = runtime === 'cloudflare' ? 'd1' : opts.databaseUrl ? 'postgres' : 'sqlite';
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    if (database === 'd1') return d1Query(persistTo, sql);
    if (database === 'postgres') {
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    }
    return readSqliteState(persistTo, sql);
  };
  return {
    url,
    runtime,
    database,
    persistTo,
    proc,
    secrets,
    query,
    log: () => log,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) kill('SIGKILL');
    },
  };
}
