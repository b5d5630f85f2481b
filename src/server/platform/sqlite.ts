/**
 * The database port on embedded SQLite (node:sqlite), the default of the Node server. One file in
 * the data folder, WAL journal; a batch is one IMMEDIATE transaction. node:sqlite is synchronous, so
 * inside one process no other statement runs between a batch's BEGIN and COMMIT; other processes
 * (the ops scripts) wait up to busy_timeout for the write lock.
 */
import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite';
import { classifySqliteError, type Database, type DbResult, type DbStatement } from './database';

function toSqlite(v: unknown): SQLInputValue {
  if (v === undefined) throw new TypeError('undefined is not a valid SQL parameter');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as SQLInputValue;
}

class SqliteStmt implements DbStatement {
  constructor(
    private readonly db: SqliteDatabase,
    readonly sql: string,
    readonly params: SQLInputValue[] = [],
  ) {}
  bind(...values: unknown[]): DbStatement {
    return new SqliteStmt(this.db, this.sql, values.map(toSqlite));
  }
  first<T>(column?: string): Promise<T | null> {
    return this.db.wrap(() => {
      const row = this.db.statement(this.sql).get(...this.params) as Record<string, unknown> | undefined;
      if (!row) return null;
      return (column === undefined ? row : (row[column] ?? null)) as T | null;
    });
  }
  all<T>(): Promise<DbResult<T>> {
    return this.db.wrap(() => this.exec<T>());
  }
  run(): Promise<DbResult<never>> {
    return this.db.wrap(() => this.exec<never>());
  }
  /** Runs the statement and returns its rows (an INSERT … RETURNING or a SELECT) and its changes. */
  exec<T>(): DbResult<T> {
    const stmt = this.db.statement(this.sql);
    if (stmt.columns().length > 0) {
      const before = this.db.changes();
      const results = stmt.all(...this.params) as T[];
      return { results, meta: { changes: this.db.changes() - before } };
    }
    const r = stmt.run(...this.params);
    return { results: [], meta: { changes: Number(r.changes) } };
  }
}

export class SqliteDatabase implements Database {
  readonly kind = 'sqlite' as const;
  readonly dialect = 'sqlite' as const;
  readonly raw: DatabaseSync;
  private readonly cache = new Map<string, StatementSync>();
  private readonly totalChanges: StatementSync;

  constructor(path: string) {
    this.raw = new DatabaseSync(path);
    this.raw.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;',
    );
    this.totalChanges = this.raw.prepare('SELECT total_changes() AS n');
  }

  statement(sql: string): StatementSync {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  changes(): number {
    return Number((this.totalChanges.get() as { n: number }).n);
  }

  wrap<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(classifySqliteError(error));
    }
  }

  prepare(sql: string): DbStatement {
    return new SqliteStmt(this, sql);
  }

  batch<T>(statements: DbStatement[]): Promise<DbResult<T>[]> {
    return this.wrap(() => {
      if (statements.length === 0) return [];
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const out = statements.map((s) => (s as SqliteStmt).exec<T>());
        this.raw.exec('COMMIT');
        return out;
      } catch (error) {
        if (this.raw.isTransaction) this.raw.exec('ROLLBACK');
        throw error;
      }
    });
  }

  exec(sql: string): Promise<void> {
    return this.wrap(() => this.raw.exec(sql));
  }

  close(): Promise<void> {
    this.cache.clear();
    if (this.raw.isOpen) this.raw.close();
    return Promise.resolve();
  }
}

export function sqliteDatabase(path: string): SqliteDatabase {
  return new SqliteDatabase(path);
}
