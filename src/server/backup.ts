/**
 * A logical backup through the database port, so one format serves every Node target and moves
 * between them: a backup of the embedded SQLite restores into PostgreSQL and back (an office
 * leaving the default for PostgreSQL needs exactly that). `npm run db:backup` / `db:restore`
 * (src/server/node/ops.ts) write and read it; the Cloudflare path keeps wrangler's SQL export.
 *
 * Format: JSON lines, UTF-8.
 *   1. a header: {"format":"xinfang-backup","version":1,"createdAt","source","migration","chainHash"}
 *   2. per table, in BACKUP_TABLES order: {"table":name,"columns":[…]}, then one JSON array per row
 *   3. a trailer: {"end":{"<table>":<rows>,…}}, so a cut-short file is refused instead of half restored
 * Values are what the port returns on both dialects (text, numbers, null), so no type mapping is needed.
 *
 * Consistency: every row is read inside one read transaction (SQLite: BEGIN, a WAL snapshot;
 * PostgreSQL: REPEATABLE READ READ ONLY), so the running app may keep writing meanwhile.
 * Attachment bytes are not in the backup: they live in the blob store (docs/operations.md).
 */
import type { Database } from './platform/database';
import { readChainHash, type ChainHash } from './chain-hash';

export const BACKUP_FORMAT = 'xinfang-backup';
export const BACKUP_VERSION = 1;

interface TableSpec {
  name: string;
  /** Columns that order the rows and page through them (a unique key). Empty: read in one go. */
  key: readonly string[];
  /**
   * A column referring to a row of the same table (petitions.parent_id): inserted as NULL and set
   * once the whole table is in, so the order of rows never trips the foreign key.
   */
  selfReference?: string;
  /** An identity column PostgreSQL generates (petition_events.id): restored as is, sequence moved past it. */
  identity?: string;
}

/**
 * Every table of the schema, parents before children. tests/ops checks this list against both
 * schemas, and a backup refuses to start when the database has a table it does not name, so a new
 * migration cannot be left out of backups silently. petition_events comes after petitions and is
 * ordered by (petition_id, seq), so the chain trigger accepts each row as it is inserted.
 */
export const BACKUP_TABLES: readonly TableSpec[] = [
  { name: 'meta', key: ['key'] },
  { name: 'staff', key: ['id'] },
  { name: 'reply_templates', key: ['id'] },
  { name: 'petitions', key: ['id'], selfReference: 'parent_id' },
  { name: 'attachments', key: ['id'] },
  { name: 'petition_events', key: ['petition_id', 'seq'], identity: 'id' },
  { name: 'mail_outbox', key: ['id'] },
  { name: 'sms_outbox', key: ['id'] },
  { name: 'ratings', key: ['petition_id'] },
  // The backlog ledger (migration 0017): one row per case marked 积案; its history is in the events.
  { name: 'backlog_cases', key: ['petition_id'] },
  { name: 'staff_login_tokens', key: ['token_hash'] },
  { name: 'staff_sessions', key: ['id_hash'] },
  { name: 'rate_limits', key: ['key', 'window_start'] },
  // Always empty by design (its trigger drops every row); listed so the catalog check passes.
  { name: 'rate_limit_checks', key: [] },
  { name: 'captcha_solutions', key: ['signature'] },
];

/** Tables that only record which migrations ran (the header carries the last one instead). */
const BOOKKEEPING = new Set(['d1_migrations', 'schema_migrations', 'sqlite_sequence']);

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Where the backup came from: sqlite, postgres or d1. */
  source: string;
  /** The last migration applied to the source (e.g. 0013_captcha.sql); both dialects number alike. */
  migration: string | null;
  chainHash: ChainHash;
}

export type TableCounts = Record<string, number>;

/** A backup that cannot be made or restored; the message is for the operator, in Chinese. */
export class BackupError extends Error {
  override name = 'BackupError';
}

// ---------------------------------------------------------------- catalog

/** The tables of the database and their columns, bookkeeping and engine tables left out. */
export async function readCatalog(db: Database): Promise<Map<string, string[]>> {
  const sql =
    db.dialect === 'postgres'
      ? `SELECT table_name AS t, column_name AS c FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
      : `SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_cf_%' ORDER BY m.name, p.cid`;
  const { results } = await db.prepare(sql).all<{ t: string; c: string }>();
  const out = new Map<string, string[]>();
  for (const { t, c } of results) {
    if (BOOKKEEPING.has(t)) continue;
    const list = out.get(t) ?? [];
    list.push(c);
    out.set(t, list);
  }
  return out;
}

/** The last migration recorded by the runner (migrate.ts on Node, wrangler on D1), or null. */
export async function lastMigration(db: Database): Promise<string | null> {
  const table = db.dialect === 'postgres' ? 'schema_migrations' : 'd1_migrations';
  const exists =
    db.dialect === 'postgres'
      ? "SELECT 1 AS one FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
      : "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'";
  if (!(await db.prepare(exists).first())) return null;
  return db.prepare(`SELECT name FROM ${table} ORDER BY name DESC LIMIT 1`).first<string>('name');
}

function checkCatalog(catalog: Map<string, string[]>): void {
  const known = new Set(BACKUP_TABLES.map((t) => t.name));
  const unknown = [...catalog.keys()].filter((t) => !known.has(t));
  if (unknown.length > 0)
    throw new BackupError(
      `数据库中的表 ${unknown.join(', ')} 不在备份清单中（src/server/backup.ts BACKUP_TABLES），请按依赖顺序补上`,
    );
  const missing = BACKUP_TABLES.filter((t) => !catalog.has(t.name)).map((t) => t.name);
  if (missing.length > 0) throw new BackupError(`数据库缺少表 ${missing.join(', ')}：是否已执行迁移？`);
}

// ---------------------------------------------------------------- transactions

/**
 * Runs `work` inside one transaction of the database: a read snapshot, or a write transaction
 * that keeps all or nothing. D1 has no interactive transactions (its path goes through wrangler).
 */
async function inTransaction<T>(db: Database, mode: 'read' | 'write', work: (tx: Database) => Promise<T>): Promise<T> {
  if (db.kind === 'postgres') {
    // Structural, so this module never imports pg (it also runs where pg cannot load).
    const pgdb = db as Database & { transaction<R>(w: (tx: Database) => Promise<R>): Promise<R> };
    try {
      return await pgdb.transaction(async (tx) => {
        // One snapshot for every table read; a write runs at the default level (it starts from empty).
        if (mode === 'read') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return work(tx);
      });
    } catch (error) {
      // The adapter classifies whatever ends a transaction; our own refusal keeps its words.
      const cause = (error as { cause?: unknown }).cause;
      throw cause instanceof BackupError ? cause : error;
    }
  }
  if (db.kind !== 'sqlite') throw new BackupError(`${db.kind} 数据库请使用 wrangler 的方式（--d1-local）`);
  // node:sqlite is one connection: every statement between BEGIN and COMMIT is in the transaction.
  await db.exec(mode === 'read' ? 'BEGIN' : 'BEGIN IMMEDIATE');
  try {
    const out = await work(db);
    await db.exec('COMMIT');
    return out;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------- dump

const PAGE = 500;

/** The rows of one table in key order, a page at a time (keyset paging: no OFFSET rescans). */
async function* tableRows(db: Database, spec: TableSpec, columns: readonly string[]): AsyncGenerator<unknown[][]> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  if (spec.key.length === 0) {
    const { results } = await db.prepare(`SELECT ${list} FROM ${spec.name}`).all<Record<string, unknown>>();
    yield results.map((r) => columns.map((c) => r[c] ?? null));
    return;
  }
  const key = spec.key.map((c) => `"${c}"`).join(', ');
  const order = `ORDER BY ${key} LIMIT ?`;
  let after: unknown[] | null = null;
  for (;;) {
    const where = after ? `WHERE (${key}) > (${spec.key.map(() => '?').join(', ')}) ` : '';
    const stmt = db.prepare(`SELECT ${list} FROM ${spec.name} ${where}${order}`);
    const page: { results: Record<string, unknown>[] } = await (
      after ? stmt.bind(...after, PAGE) : stmt.bind(PAGE)
    ).all<Record<string, unknown>>();
    const results = page.results;
    if (results.length === 0) return;
    yield results.map((r) => columns.map((c) => r[c] ?? null));
    const last: Record<string, unknown> = results.at(-1)!;
    after = spec.key.map((c) => last[c]);
    if (results.length < PAGE) return;
  }
}

/**
 * Writes a backup of every table to `write`, one line per call (without the newline), from one
 * consistent snapshot. Returns the header and the rows per table.
 */
export async function dumpDatabase(
  db: Database,
  write: (line: string) => void | Promise<void>,
  now: Date = new Date(),
): Promise<{ header: BackupHeader; counts: TableCounts }> {
  return inTransaction(db, 'read', async (tx) => {
    const catalog = await readCatalog(tx);
    checkCatalog(catalog);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      source: db.kind,
      migration: await lastMigration(tx),
      chainHash: await readChainHash(tx),
    };
    await write(JSON.stringify(header));
    const counts: TableCounts = {};
    for (const spec of BACKUP_TABLES) {
      const columns = catalog.get(spec.name)!;
      await write(JSON.stringify({ table: spec.name, columns }));
      let n = 0;
      for await (const rows of tableRows(tx, spec, columns)) {
        for (const row of rows) await write(JSON.stringify(row));
        n += rows.length;
      }
      counts[spec.name] = n;
    }
    await write(JSON.stringify({ end: counts }));
    return { header, counts };
  });
}

// ---------------------------------------------------------------- restore

/** Rows the migrations themselves insert: a database holding only these counts as empty. */
const SEED_ROWS: Record<string, string> = {
  meta: "key = 'chain_hash'",
  staff: 'demo = 1',
  reply_templates: "id LIKE 'demo-%'",
};

/** The tables that hold something beyond the migrations' own seed rows. */
export async function nonEmptyTables(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const spec of BACKUP_TABLES) {
    const seed = SEED_ROWS[spec.name];
    const row = await db
      .prepare(`SELECT 1 AS one FROM ${spec.name}${seed ? ` WHERE NOT (${seed})` : ''} LIMIT 1`)
      .first();
    if (row) out.push(spec.name);
  }
  return out;
}

/** Deletes every row, petition_events included: its append-only triggers are set aside for this transaction only. */
async function wipe(tx: Database): Promise<void> {
  if (tx.dialect === 'postgres') {
    await tx.exec('ALTER TABLE petition_events DISABLE TRIGGER USER');
    for (const spec of [...BACKUP_TABLES].reverse()) await tx.exec(`DELETE FROM ${spec.name}`);
    await tx.exec('ALTER TABLE petition_events ENABLE TRIGGER USER');
    return;
  }
  // SQLite DDL is transactional: the triggers come back in the same transaction, or were never dropped.
  const { results: triggers } = await tx
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'petition_events'")
    .all<{ name: string; sql: string }>();
  for (const t of triggers) await tx.exec(`DROP TRIGGER "${t.name}"`);
  for (const spec of [...BACKUP_TABLES].reverse()) await tx.exec(`DELETE FROM ${spec.name}`);
  for (const t of triggers) await tx.exec(t.sql);
}

export interface RestoreOptions {
  /** Replace whatever the database holds. Without it, a database with data of its own is refused. */
  force?: boolean;
}

/** Parameters per INSERT: under every engine's limit (SQLite's old default is 999). */
const MAX_PARAMS = 900;

/**
 * Loads a backup into a migrated database in one transaction: all of it, or nothing (a cut-short
 * or corrupt file, a row the schema refuses). The schema must be at least as new as the backup's.
 * Returns the header and the rows restored per table.
 */
export async function restoreDatabase(
  db: Database,
  lines: AsyncIterable<string>,
  options: RestoreOptions = {},
): Promise<{ header: BackupHeader; counts: TableCounts }> {
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    for (;;) {
      const r = await iterator.next();
      if (r.done) return undefined;
      if (r.value.trim() === '') continue;
      try {
        return JSON.parse(r.value) as unknown;
      } catch (error) {
        throw new BackupError('备份文件中有一行不是 JSON（文件可能已损坏）', { cause: error });
      }
    }
  };
  const header = (await next()) as Partial<BackupHeader> | undefined;
  if (!header || header.format !== BACKUP_FORMAT)
    throw new BackupError('这不是 db:backup 生成的备份（缺少 xinfang-backup 文件头）');
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(`不支持第 ${header.version} 版的备份格式（本程序读取第 ${BACKUP_VERSION} 版）`);

  const target = await lastMigration(db);
  if (header.migration && (!target || target < header.migration))
    throw new BackupError(
      `备份来自较新的数据库结构（${header.migration}），本数据库为 ${target ?? '未迁移'}：请先升级本程序`,
    );
  const catalog = await readCatalog(db);
  checkCatalog(catalog);

  const counts = await inTransaction(db, 'write', async (tx) => {
    const busy = await nonEmptyTables(tx);
    if (busy.length > 0 && !options.force)
      throw new BackupError(
        `目标数据库已有数据（${busy.join(', ')}）。为避免混入旧数据，请恢复到空的数据库，或加 --force 先清空它`,
      );
    await wipe(tx);

    const counts: TableCounts = {};
    const specs = new Map(BACKUP_TABLES.map((t) => [t.name, t]));
    let line = await next();
    let end: TableCounts | undefined;
    while (line !== undefined) {
      const section = line as { table?: string; columns?: string[]; end?: TableCounts };
      if (section.end) {
        end = section.end;
        break;
      }
      const spec = section.table ? specs.get(section.table) : undefined;
      if (!spec || !Array.isArray(section.columns))
        throw new BackupError(`备份文件中有无法识别的一行：${JSON.stringify(line).slice(0, 80)}`);
      const have = new Set(catalog.get(spec.name));
      const lacking = section.columns.filter((c) => !have.has(c));
      if (lacking.length > 0) throw new BackupError(`本数据库的表 ${spec.name} 没有列 ${lacking.join(', ')}`);
      const n = await insertSection(tx, spec, section.columns, async () => {
        line = await next();
        return Array.isArray(line) ? (line as unknown[]) : undefined;
      });
      counts[spec.name] = n;
    }
    if (!end) throw new BackupError('备份文件不完整（缺少结尾行），未恢复任何数据');
    for (const [table, n] of Object.entries(end)) {
      if ((counts[table] ?? 0) !== n)
        throw new BackupError(`表 ${table}：备份声明 ${n} 行，实际读到 ${counts[table] ?? 0} 行`);
    }
    return counts;
  });
  return { header: header as BackupHeader, counts };
}

/** Inserts the rows `read` gives until it gives undefined; returns how many. */
async function insertSection(
  tx: Database,
  spec: TableSpec,
  columns: string[],
  read: () => Promise<unknown[] | undefined>,
): Promise<number> {
  const selfAt = spec.selfReference ? columns.indexOf(spec.selfReference) : -1;
  const keyAt = columns.indexOf(spec.key[0] ?? '');
  const deferred: [unknown, unknown][] = [];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const overriding =
    tx.dialect === 'postgres' && spec.identity && columns.includes(spec.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const head = `INSERT INTO ${spec.name} (${columns.map((c) => `"${c}"`).join(', ')})${overriding} VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let n = 0;
  let chunk: unknown[][] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await tx
      .prepare(head + chunk.map(() => tuple).join(', '))
      .bind(...chunk.flat())
      .run();
    n += chunk.length;
    chunk = [];
  };
  for (let row = await read(); row !== undefined; row = await read()) {
    if (row.length !== columns.length)
      throw new BackupError(`表 ${spec.name}：有一行 ${row.length} 个值，应为 ${columns.length} 个`);
    if (selfAt >= 0 && row[selfAt] !== null) {
      deferred.push([row[keyAt], row[selfAt]]);
      row = [...row];
      row[selfAt] = null;
    }
    chunk.push(row);
    if (chunk.length >= perStatement) await flush();
  }
  await flush();
  for (const [id, parent] of deferred) {
    await tx
      .prepare(`UPDATE ${spec.name} SET "${spec.selfReference}" = ? WHERE "${spec.key[0]}" = ?`)
      .bind(parent, id)
      .run();
  }
  if (overriding) {
    // Explicit ids leave the identity's sequence behind: move it past the largest, or the next append collides.
    await tx.exec(
      `SELECT setval(pg_get_serial_sequence('${spec.name}', '${spec.identity}'), COALESCE((SELECT MAX("${spec.identity}") FROM ${spec.name}), 0) + 1, false)`,
    );
  }
  return n;
}
