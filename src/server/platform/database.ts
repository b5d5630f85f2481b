/**
 * The database port. Business code speaks only this: prepared statements with bound parameters,
 * one atomic batch, and errors classified into kinds, so no code outside the adapters ever matches a
 * driver's error text. The shape is the small subset of D1's API the app uses, so the Cloudflare
 * adapter is thin; the SQLite (node:sqlite) and PostgreSQL (pg) adapters implement the same.
 *
 * SQL is written once in the common subset of SQLite and PostgreSQL: `?` or `?N` placeholders
 * (the PostgreSQL adapter rewrites them to `$N`), TEXT times in ISO 8601 UTC, INTEGER flags 0/1.
 * Where the dialects differ (JSON aggregation), code asks `db.dialect`.
 */

export type DatabaseKind = 'sqlite' | 'postgres' | 'd1';
export type Dialect = 'sqlite' | 'postgres';

export interface DbResult<T = Record<string, unknown>> {
  results: T[];
  meta: { changes: number };
}

export interface DbStatement {
  /** A new statement with these parameters bound (statements are immutable). */
  bind(...values: unknown[]): DbStatement;
  /** The first row, or one column of it, or null. */
  first<T = Record<string, unknown>>(column?: string): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<DbResult<T>>;
  run(): Promise<DbResult<never>>;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly dialect: Dialect;
  prepare(sql: string): DbStatement;
  /** Runs every statement in one transaction: all are kept, or none. One result per statement. */
  batch<T = Record<string, unknown>>(statements: DbStatement[]): Promise<DbResult<T>[]>;
  /** Runs a script of several statements without parameters (migrations, maintenance). */
  exec(sql: string): Promise<void>;
  /** Releases connections (Node adapters); a no-op on D1. */
  close(): Promise<void>;
}

/**
 * - unique: a UNIQUE or PRIMARY KEY constraint refused the write (`constraint` names it when known)
 * - sequence: an append to petition_events lost a race (its seq or prev_hash no longer follows)
 * - over-limit: the rate-limit guard refused the batch (migrations: rate_limit_checks)
 * - append-only: an UPDATE or DELETE of petition_events was refused
 * - last-admin: the update would have left no active admin (migrations: staff_keep_an_admin)
 * - unavailable: the database could not be reached or is busy; the request may be retried later
 * - other: anything else (a bug, not a client's fault)
 */
export const DB_ERROR_KINDS = [
  'unique',
  'sequence',
  'over-limit',
  'append-only',
  'last-admin',
  'unavailable',
  'other',
] as const;
export type DbErrorKind = (typeof DB_ERROR_KINDS)[number];

export class DatabaseError extends Error {
  constructor(
    readonly kind: DbErrorKind,
    message: string,
    readonly constraint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

export function isDbError(error: unknown, ...kinds: DbErrorKind[]): error is DatabaseError {
  return error instanceof DatabaseError && (kinds.length === 0 || kinds.includes(error.kind));
}

/**
 * Classifies an SQLite error (D1 and node:sqlite) by its message: SQLite gives no codes for the
 * RAISE(ABORT) of a trigger, so the trigger texts in migrations/sqlite are matched here, once.
 */
export function classifySqliteError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const text = String(
    error instanceof Error
      ? `${error.message} ${(error as { cause?: unknown }).cause instanceof Error ? (error as { cause: Error }).cause.message : ''}`
      : error,
  );
  const cause = { cause: error };
  if (text.includes('rate limit exceeded'))
    return new DatabaseError('over-limit', 'rate limit exceeded', undefined, cause);
  if (text.includes('staff: at least one active admin'))
    return new DatabaseError('last-admin', 'staff: at least one active admin', 'staff', cause);
  if (text.includes('petition_events is append-only'))
    return new DatabaseError('append-only', 'petition_events is append-only', undefined, cause);
  const chain = /petition_events: (seq|prev_hash) must [\w ]+/.exec(text);
  if (chain || /UNIQUE constraint failed: petition_events\.(petition_id|hash)/.test(text))
    return new DatabaseError(
      'sequence',
      chain?.[0] ?? 'petition_events: seq taken by a concurrent append',
      'petition_events',
      cause,
    );
  const unique = /(UNIQUE|PRIMARY KEY) constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(text);
  if (unique) return new DatabaseError('unique', 'unique constraint', unique[2], cause);
  if (
    /SQLITE_BUSY|database is locked|D1_ERROR.*(reset|overloaded|Network connection lost)|storage.*(reset|overloaded)/i.test(
      text,
    )
  )
    return new DatabaseError('unavailable', 'database unavailable', undefined, cause);
  return new DatabaseError('other', text.slice(0, 500), undefined, cause);
}
