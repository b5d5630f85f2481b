/**
 * Applies the numbered migrations of the database's dialect on Node (on Cloudflare, wrangler does).
 * Each file runs in its own transaction together with the row that records it, so a file is either
 * applied and recorded or neither.
 *
 * - SQLite records in wrangler's own table, d1_migrations, with wrangler's DDL: a database made by
 *   `wrangler d1 migrations apply` and one made by the Node server agree on what is applied.
 * - PostgreSQL records in schema_migrations. Several app nodes may start at once: each file's
 *   transaction first takes one advisory lock (released at COMMIT), then looks again whether the
 *   file is recorded, so every file runs exactly once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Dialect } from './database';
import type { PostgresDatabase } from './postgres';

/** Wrangler's DDL, verbatim (wrangler-dist/cli.js getCreateMigrationsTableQuery). */
const D1_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS d1_migrations(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;

const PG_MIGRATIONS_DDL =
  'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/** Any fixed 64-bit number; it only has to be the same in every process of this app. */
const PG_LOCK_KEY = 7_466_102_937_001;

/** Migration files in the order they apply: NNNN_name.sql, sorted by name (as wrangler does). */
export function migrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort();
}

/**
 * The migrations folder of a dialect. Found by walking up from this module to the folder that has
 * `migrations/<dialect>`, so it works from src/ (tsx, vitest) and from a bundle in dist/; falls back
 * to the working directory.
 */
export function migrationsDir(dialect: Dialect): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'migrations', dialect);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(process.cwd(), 'migrations', dialect);
}

/** Applies the files of `dir` not yet recorded; returns the names applied now, in order. */
export async function applyMigrations(db: Database, dir: string = migrationsDir(db.dialect)): Promise<string[]> {
  const files = migrationFiles(dir);
  // By kind rather than instanceof, so a SQLite-only process never loads pg.
  if (db.kind === 'postgres') return applyPostgres(db as PostgresDatabase, dir, files);
  if (db.kind === 'sqlite') return applySqlite(db, dir, files);
  throw new Error(
    `applyMigrations: ${db.kind} databases are migrated by wrangler (npm run db:migrate or wrangler d1 migrations apply)`,
  );
}

async function applyPostgres(db: PostgresDatabase, dir: string, files: string[]): Promise<string[]> {
  const applied: string[] = [];
  for (const name of files) {
    const done = await db.transaction(async (tx) => {
      // The lock comes before CREATE TABLE IF NOT EXISTS too: two sessions creating the same table
      // at once can both pass IF NOT EXISTS, and one then fails on the catalog's unique index.
      await tx.exec(`SELECT pg_advisory_xact_lock(${PG_LOCK_KEY})`);
      await tx.exec(PG_MIGRATIONS_DDL);
      const recorded = await tx.prepare('SELECT 1 AS one FROM schema_migrations WHERE name = ?').bind(name).first();
      if (recorded) return false;
      await tx.exec(readFileSync(join(dir, name), 'utf8'));
      await tx
        .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
        .bind(name, new Date().toISOString())
        .run();
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

async function applySqlite(db: Database, dir: string, files: string[]): Promise<string[]> {
  await db.exec(D1_MIGRATIONS_DDL);
  const applied: string[] = [];
  for (const name of files) {
    // IMMEDIATE takes the write lock first, so another process migrating the same file waits here
    // (busy_timeout) and then finds it recorded.
    await db.exec('BEGIN IMMEDIATE');
    try {
      const recorded = await db.prepare('SELECT 1 AS one FROM d1_migrations WHERE name = ?').bind(name).first();
      if (!recorded) {
        await db.exec(readFileSync(join(dir, name), 'utf8'));
        await db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(name).run();
        applied.push(name);
      }
      await db.exec('COMMIT');
    } catch (error) {
      // SQLite ends the transaction itself after some errors (disk full): then there is none to roll back.
      await db.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return applied;
}
