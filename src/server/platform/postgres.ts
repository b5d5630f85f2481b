/**
 * The database port on PostgreSQL (pg Pool): Node + DATABASE_URL=postgres://…, and the
 * PostgreSQL-protocol 信创 databases (KingbaseES, HighGo). Business SQL is written once for SQLite
 * and PostgreSQL, so this adapter bridges the rest:
 *
 * - `?` and `?N` placeholders become `$N` (SQLite's numbering: a bare `?` takes one more than the
 *   largest number so far); a `?` inside a string, a quoted name or a comment is left alone.
 * - Rows look like SQLite's: int8 and numeric come back as numbers (count(*) is int8), booleans as
 *   1/0, json/jsonb as their text (SQLite's JSON functions return text, and the code parses it).
 * - Booleans are bound as 1/0 (flags are INTEGER columns in both schemas).
 * - Errors are classified by SQLSTATE, never by text; the triggers of migrations/postgres raise
 *   their own codes (XF001 over-limit, XF002 sequence, XF003 append-only).
 * - A batch is BEGIN … COMMIT on one pooled connection, ROLLBACK on any error.
 */
import pg from 'pg';
import { DatabaseError, type Database, type DbResult, type DbStatement } from './database';

export interface PostgresOptions {
  /** Connections in the pool (pg's `max`; default 10). */
  max?: number;
  /** How long to wait for a connection, from the server or from a full pool (default 10 s). */
  connectionTimeoutMs?: number;
  /** Server-side statement_timeout (default: none). */
  statementTimeoutMs?: number;
  /** TLS settings passed to pg (政务云 databases often require TLS); the URL's sslmode also works. */
  ssl?: pg.PoolConfig['ssl'];
  applicationName?: string;
}

// ---------------------------------------------------------------- placeholders

const IDENT = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Rewrites SQLite placeholders to PostgreSQL's. Skips '…' strings (E'…' with backslash escapes),
 * "…" names, -- and nested /* *\/ comments and $tag$…$tag$ bodies. PostgreSQL's jsonb `?`
 * operators cannot be written through this port (use jsonb_exists()), as in SQLite they mean nothing.
 */
export function toPostgresPlaceholders(sql: string): string {
  let out = '';
  let max = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'") {
      const prev = sql[i - 1];
      const backslashes = (prev === 'E' || prev === 'e') && !IDENT.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      while (j < n) {
        if (backslashes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'") {
          if (sql[j + 1] === "'") j += 2;
          else {
            j++;
            break;
          }
        } else j++;
      }
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') j += 2;
          else {
            j++;
            break;
          }
        } else j++;
      }
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? n : end;
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '$' && !IDENT.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const j = close === -1 ? n : close + tag[0].length;
        out += sql.slice(i, j);
        i = j;
      } else {
        out += ch;
        i++;
      }
    } else if (ch === '?') {
      let j = i + 1;
      while (j < n && sql[j]! >= '0' && sql[j]! <= '9') j++;
      if (j > i + 1) {
        const index = Number(sql.slice(i + 1, j));
        if (index > max) max = index;
        out += `$${index}`;
      } else {
        max++;
        out += `$${max}`;
      }
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- rows and values

const OID = {
  bool: 16,
  int8: 20,
  json: 114,
  numeric: 1700,
  jsonb: 3802,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
};
const identity = (v: string): string => v;

/** Per pool (not pg's global registry), so other pg users in the process keep their parsers. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (v: Buffer) => unknown;
    switch (oid) {
      case OID.int8:
      case OID.numeric:
        return Number;
      case OID.bool:
        return (v: string) => (v === 't' ? 1 : 0);
      // SQLite has no JSON or date types: their values are text there, and stay text here.
      case OID.json:
      case OID.jsonb:
      case OID.date:
      case OID.timestamp:
      case OID.timestamptz:
        return identity;
      default:
        return pg.types.getTypeParser(oid, 'text') as (v: string) => unknown;
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function toPg(v: unknown): unknown {
  if (v === undefined) throw new TypeError('undefined is not a valid SQL parameter');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

// ---------------------------------------------------------------- errors

/** The UNIQUE constraints of petition_events (migrations/postgres/0002): a lost append race. */
const CHAIN_CONSTRAINTS = new Set(['petition_events_petition_id_seq_key', 'petition_events_hash_key']);
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '57014', // query_canceled (statement_timeout under load)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '25006', // read_only_sql_transaction (a replica after failover)
]);
const NODE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

type PgErrorFields = { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; message?: unknown };

/** Classifies a pg (or network) error by its SQLSTATE or errno code. */
export function classifyPostgresError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as PgErrorFields;
  const code = typeof e.code === 'string' ? e.code : '';
  const constraint = typeof e.constraint === 'string' ? e.constraint : undefined;
  const table = typeof e.table === 'string' ? e.table : undefined;
  const column = typeof e.column === 'string' ? e.column : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const cause = { cause: error };
  switch (code) {
    case '23505':
      if (table === 'petition_events' && constraint !== undefined && CHAIN_CONSTRAINTS.has(constraint))
        return new DatabaseError('sequence', 'event sequence conflict', 'petition_events', cause);
      return new DatabaseError('unique', `unique constraint ${constraint ?? ''}`.trim(), constraint, cause);
    case 'XF001':
      return new DatabaseError('over-limit', 'rate limit exceeded', undefined, cause);
    case 'XF002':
      // The trigger's own words (the same as SQLite's): which link of the chain did not follow.
      return new DatabaseError('sequence', message, 'petition_events', cause);
    case 'XF003':
      return new DatabaseError('append-only', 'petition_events is append-only', undefined, cause);
    case 'XF004':
      return new DatabaseError('last-admin', 'staff: at least one active admin', 'staff', cause);
    // 'other', worded as SQLite words them, so a message read in a log or a test means the same.
    case '23514':
      return new DatabaseError('other', `CHECK constraint failed: ${constraint ?? ''}`, constraint, cause);
    case '23502':
      return new DatabaseError('other', `NOT NULL constraint failed: ${table ?? ''}.${column}`, undefined, cause);
    case '23503':
      return new DatabaseError('other', 'FOREIGN KEY constraint failed', constraint, cause);
  }
  if (
    code.startsWith('08') || // connection exceptions
    code.startsWith('53') || // insufficient resources: too many connections, out of memory, disk full
    UNAVAILABLE_CODES.has(code) ||
    NODE_NET_CODES.has(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|connect ECONNREFUSED/i.test(
      message,
    )
  )
    return new DatabaseError('unavailable', 'database unavailable', undefined, cause);
  return new DatabaseError('other', `${code ? `${code} ` : ''}${message}`.slice(0, 500), undefined, cause);
}

// ---------------------------------------------------------------- statements

type Queryable = pg.Pool | pg.PoolClient;

interface Prepared {
  text: string;
  /** Name of a server-side prepared statement (parsed once per connection), when cached. */
  name?: string;
}

// Plain fields rather than constructor parameter properties: Node's type stripping runs this file as is.
class PgStmt implements DbStatement {
  readonly db: PostgresDatabase;
  readonly sql: string;
  readonly params: unknown[];
  constructor(db: PostgresDatabase, sql: string, params: unknown[] = []) {
    this.db = db;
    this.sql = sql;
    this.params = params;
  }
  bind(...values: unknown[]): DbStatement {
    return new PgStmt(this.db, this.sql, values.map(toPg));
  }
  async first<T>(column?: string): Promise<T | null> {
    const { results } = await this.execOn<Record<string, unknown>>(this.db.runner);
    const row = results[0];
    if (!row) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T | null;
  }
  all<T>(): Promise<DbResult<T>> {
    return this.execOn<T>(this.db.runner);
  }
  run(): Promise<DbResult<never>> {
    return this.execOn<never>(this.db.runner);
  }
  async execOn<T>(on: Queryable): Promise<DbResult<T>> {
    const prepared = this.db.rewrite(this.sql);
    try {
      const r = await on.query({
        text: prepared.text,
        values: this.params,
        ...(prepared.name ? { name: prepared.name } : {}),
      });
      // A parameterless statement goes through the simple protocol and may hold several statements.
      const last = (Array.isArray(r) ? r[r.length - 1] : r) as pg.QueryResult | undefined;
      const writes = last && /^(INSERT|UPDATE|DELETE|MERGE)$/.test(last.command);
      // SQLite and D1 count only written rows as changes; a SELECT's row count is not one.
      return { results: (last?.rows ?? []) as T[], meta: { changes: writes ? (last.rowCount ?? 0) : 0 } };
    } catch (error) {
      throw classifyPostgresError(error);
    }
  }
}

// ---------------------------------------------------------------- database

const MAX_CACHED = 1000;
let statementNames = 0;

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  /** Where statements run: the pool, or one connection inside transaction(). */
  readonly runner: Queryable;
  private readonly cache: Map<string, Prepared>;
  private closed = false;

  constructor(pool: pg.Pool, runner: Queryable = pool, cache = new Map<string, Prepared>()) {
    this.pool = pool;
    this.runner = runner;
    this.cache = cache;
  }

  /** The `$N` form of a statement, cached per SQL text with a stable prepared-statement name. */
  rewrite(sql: string): Prepared {
    let p = this.cache.get(sql);
    if (!p) {
      const text = toPostgresPlaceholders(sql);
      // Past the cap (SQL built with many shapes), statements run unnamed instead of growing every
      // connection's set of prepared statements without end.
      if (this.cache.size >= MAX_CACHED) return { text };
      p = { text, name: `xf_${++statementNames}` };
      this.cache.set(sql, p);
    }
    return p;
  }

  prepare(sql: string): DbStatement {
    return new PgStmt(this, sql);
  }

  async batch<T>(statements: DbStatement[]): Promise<DbResult<T>[]> {
    if (statements.length === 0) return [];
    // Inside transaction() the batch is already atomic with the rest of the transaction.
    if (this.runner !== this.pool) {
      const out: DbResult<T>[] = [];
      for (const s of statements) out.push(await (s as PgStmt).execOn<T>(this.runner));
      return out;
    }
    return this.transaction(async (tx) => {
      const out: DbResult<T>[] = [];
      for (const s of statements) out.push(await (s as PgStmt).execOn<T>(tx.runner));
      return out;
    });
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
   * it throws. Not part of the port (D1 has no interactive transactions); the migration runner
   * uses it to hold an advisory lock across a file.
   */
  async transaction<T>(work: (tx: PostgresDatabase) => Promise<T>): Promise<T> {
    if (this.runner !== this.pool) return work(this);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw classifyPostgresError(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const out = await work(new PostgresDatabase(this.pool, client, this.cache));
      await client.query('COMMIT');
      return out;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is gone or unusable: drop it from the pool rather than hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw classifyPostgresError(error);
    } finally {
      client.release(broken);
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.runner.query(sql);
    } catch (error) {
      throw classifyPostgresError(error);
    }
  }

  async close(): Promise<void> {
    if (this.runner !== this.pool || this.closed) return;
    this.closed = true;
    this.cache.clear();
    await this.pool.end();
  }
}

export function postgresDatabase(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'xinfang-portal',
    ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    types,
  });
  // An idle connection that the server drops (restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The next query gets a fresh connection.
  pool.on('error', (error) => console.error('postgres: idle connection lost:', error.message));
  return new PostgresDatabase(pool);
}
