/**
 * A throwaway PostgreSQL server for tests and benches: a fresh cluster (initdb) in a temporary
 * folder, started with pg_ctl on a free port of 127.0.0.1 with its unix socket in that folder, and
 * stopped and removed afterwards. Nothing is shared with a PostgreSQL the machine may already run.
 *
 * - As root, initdb and pg_ctl refuse to run, so they run as the `postgres` user (runuser), and the
 *   folder is handed to that user; otherwise they run as the current user.
 * - The port is picked free and then checked: the server answering must report our data folder
 *   (`SHOW data_directory`), so a neighbour's server on a reused port is never mistaken for ours.
 * - The server's log goes to a file (`logFile`); a failed start quotes its tail.
 * - The cluster uses the C collation, so text sorts byte-wise as in SQLite (ISO times, codes).
 *
 * Used as a vitest globalSetup (`export default`, provides `postgresUrl`) and directly by scripts.
 * PG_BIN may name the folder of initdb/pg_ctl; otherwise the newest /usr/lib/postgresql/<v>/bin.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** The server log so far. */
  log(): string;
  /** Stops the server (fast shutdown) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Database created for the caller (default "xinfang"). */
  database?: string;
  /**
   * Keep fsync and synchronous commit on (benches: realistic commit cost). Tests default to off:
   * the cluster is thrown away, and a commit then costs no disk flush on a shared machine.
   */
  durable?: boolean;
  /** More server settings (-c name=value). */
  settings?: Record<string, string>;
}

function binDir(): string {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  return ''; // rely on PATH
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** The command line for a PostgreSQL tool, as the postgres user when we are root. */
function tool(name: string, args: string[]): [string, string[]] {
  const dir = binDir();
  const path = dir ? join(dir, name) : name;
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function runTool(name: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = tool(name, args);
  await run(cmd, argv, { cwd, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const database = options.database ?? 'xinfang';
  const root = mkdtempSync(join(tmpdir(), 'xf-postgres-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(root, uid, gid);
  }
  let started = false;
  const stopSync = (): void => {
    // Last resort when the test process exits without calling stop(): never leave a server behind.
    if (started) {
      try {
        const [cmd, argv] = tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
        execFileSync(cmd, argv, { stdio: 'ignore', cwd: root });
      } catch {
        /* already stopped */
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopSync);

  try {
    await runTool(
      'initdb',
      ['-D', dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      root,
    );
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: root,
      ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    let port = 0;
    let lastError: unknown;
    // A free port can be taken between our probe and the server's bind: then try another.
    for (let attempt = 0; attempt < 5 && !started; attempt++) {
      port = await freePort();
      const flags = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      try {
        await runTool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', flags], root);
        started = true;
      } catch (error) {
        lastError = error;
      }
    }
    if (!started) throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${tail(logFile)}`);

    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      const own = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory;
      if (own !== dataDir) throw new Error(`the server on port ${port} is not ours (data_directory ${own})`);
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }

    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      port,
      dataDir,
      logFile,
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await runTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], root);
          started = false;
        } finally {
          process.removeListener('exit', stopSync);
          stopSync();
        }
      },
    };
  } catch (error) {
    process.removeListener('exit', stopSync);
    const log = tail(logFile);
    stopSync();
    throw error instanceof Error && !error.message.includes(log)
      ? new Error(`${error.message}\n${log}`, { cause: error })
      : error;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** vitest globalSetup: one server for the whole run, its URL provided as `postgresUrl`. */
export default async function setup({ provide }: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const server = await startPostgres();
  provide('postgresUrl', server.url);
  return () => server.stop();
}
