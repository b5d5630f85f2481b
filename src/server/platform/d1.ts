/** The database port on Cloudflare D1 (the serverless target). Thin: D1's API is the port's shape. */
import { classifySqliteError, type Database, type DbResult, type DbStatement } from './database';

class D1Stmt implements DbStatement {
  constructor(readonly inner: D1PreparedStatement) {}
  bind(...values: unknown[]): DbStatement {
    return new D1Stmt(this.inner.bind(...values));
  }
  async first<T>(column?: string): Promise<T | null> {
    try {
      return column === undefined ? await this.inner.first<T>() : await this.inner.first<T>(column);
    } catch (error) {
      throw classifySqliteError(error);
    }
  }
  async all<T>(): Promise<DbResult<T>> {
    try {
      const r = await this.inner.all<T>();
      return { results: r.results, meta: { changes: r.meta.changes } };
    } catch (error) {
      throw classifySqliteError(error);
    }
  }
  async run(): Promise<DbResult<never>> {
    try {
      const r = await this.inner.run();
      return { results: [], meta: { changes: r.meta.changes } };
    } catch (error) {
      throw classifySqliteError(error);
    }
  }
}

export function d1Database(d1: D1Database): Database {
  return {
    kind: 'd1',
    dialect: 'sqlite',
    prepare: (sql) => new D1Stmt(d1.prepare(sql)),
    async batch<T>(statements: DbStatement[]): Promise<DbResult<T>[]> {
      if (statements.length === 0) return [];
      try {
        const results = await d1.batch<T>(statements.map((s) => (s as D1Stmt).inner));
        return results.map((r) => ({ results: r.results, meta: { changes: r.meta.changes } }));
      } catch (error) {
        throw classifySqliteError(error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await d1.exec(sql);
      } catch (error) {
        throw classifySqliteError(error);
      }
    },
    close: () => Promise.resolve(),
  };
}
