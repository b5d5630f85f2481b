/**
 * The benchmark's data sets (issue 9, "Bench"): open cases at 10,000 and at 1,000,000 on the
 * configured database, built in two steps.
 *
 * 1. A pool of real fictional cases through scripts/seed-cases.ts: personal data sealed by the
 *    crypto module, real hash-chain links, due dates from the deadlines module.
 * 2. Copies of the pool, written by the database itself (INSERT … SELECT over generate_series on
 *    PostgreSQL, a recursive CTE on SQLite): at ~190 cases/s the pool's path would need hours for a
 *    million. A copy keeps its template's columns and events (so the spread of states, units and due
 *    dates is the pool's) and gets its own id (`bench-<n>`), its own submission id and a code of the
 *    form `X00000000042`, which no real code can be (real codes never contain 0 or 1) and which
 *    the tracking check rejects. Its events carry placeholder 64-digit hashes linked in sequence
 *    (PostgreSQL writes them with row triggers off, as a bulk load does; SQLite through its chain
 *    trigger), which `audit:verify` would report; its sealed personal data is the template's, bound
 *    to the template's id, so it does not open. Neither matters to what the bench measures: the
 *    inbox reads no personal data and no events of open cases, and tracking is
 *    measured on a pool case. The database is thrown away afterwards.
 *
 * Bundled by scripts/bench-functions.mjs into build/bench-seed.mjs (the src/ modules use
 * extensionless imports, which Node does not resolve).
 */
import { applyMigrations, migrationsDir } from '../src/server/platform/migrate';
import type { Database } from '../src/server/platform/database';
import { postgresDatabase } from '../src/server/platform/postgres';
import { sqliteDatabase } from '../src/server/platform/sqlite';
import { seedCases, type SeedEnv } from './seed-cases';

export interface SeedTarget {
  /** postgres://… ; absent: the SQLite file `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
}

/** Ids of copies start with this; pool cases have UUIDs. */
export const COPY_PREFIX = 'bench-';

function open(target: SeedTarget): Database {
  // One connection: the statements of a copy step share its session settings.
  if (target.databaseUrl) return postgresDatabase(target.databaseUrl, { max: 1 });
  if (!target.sqliteFile) throw new Error('bench-seed: neither databaseUrl nor sqliteFile given');
  return sqliteDatabase(target.sqliteFile);
}

async function count(db: Database, where: string): Promise<number> {
  const row = await db.prepare(`SELECT COUNT(*) AS n FROM petitions WHERE ${where}`).first<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

/** Copies pool cases until `total` cases exist; returns the number of copies written now. */
async function copyPool(db: Database, total: number, log: (s: string) => void): Promise<number> {
  const pool = await count(db, `id NOT LIKE '${COPY_PREFIX}%'`);
  const copies = await count(db, `id LIKE '${COPY_PREFIX}%'`);
  const want = total - pool - copies;
  if (want <= 0 || pool === 0) return 0;
  const first = copies + 1;
  const last = copies + want;
  const pg = db.dialect === 'postgres';
  // The pool numbered 0…pool-1; copy n takes template n mod pool.
  await db.exec(`DROP TABLE IF EXISTS bench_pool;
    CREATE TABLE bench_pool AS
      SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id FROM petitions WHERE id NOT LIKE '${COPY_PREFIX}%';`);
  const columns = (
    pg
      ? await db
          .prepare(
            `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'petitions' AND table_schema = current_schema() ORDER BY ordinal_position`,
          )
          .all<{ name: string }>()
      : await db.prepare(`SELECT name FROM pragma_table_info('petitions')`).all<{ name: string }>()
  ).results
    .map((r) => r.name)
    .filter((c) => !['id', 'code', 'submission_id'].includes(c));
  const series = (from: number, to: number) =>
    pg
      ? `generate_series(${from}, ${to}) AS g(n)`
      : `(WITH RECURSIVE s(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM s WHERE n < ${to}) SELECT n FROM s) AS g`;
  const copyId = `'${COPY_PREFIX}' || g.n`;
  const code = pg ? `'X' || lpad(g.n::text, 11, '0')` : `'X' || substr('00000000000' || g.n, -11)`;
  const maxSeq = Number(
    (
      await db
        .prepare(`SELECT MAX(e.seq) AS n FROM petition_events e JOIN bench_pool b ON e.petition_id = b.id`)
        .first<{ n: number | string }>()
    )?.n ?? 0,
  );
  const started = Date.now();
  // Chunks keep each transaction and its memory small; on SQLite one chunk is the whole 10,000.
  const chunk = 100_000;
  for (let from = first; from <= last; from += chunk) {
    const to = Math.min(last, from + chunk - 1);
    const range = series(from, to);
    const insertCases = `
      INSERT INTO petitions (id, code, submission_id, ${columns.join(', ')})
      SELECT ${copyId}, ${code}, '${COPY_PREFIX}submission-' || g.n, ${columns.map((c) => `p.${c}`).join(', ')}
      FROM ${range}
      JOIN bench_pool b ON b.k = g.n % ${pool}
      JOIN petitions p ON p.id = b.id;`;
    if (pg) {
      // As a bulk load does (pg_restore): row triggers off for this transaction, i.e. the chain and
      // foreign-key checks, which here would cost more than the inserts. The links are consistent all
      // the same: each prev_hash is the hash that the same formula gives the previous event.
      const link = (seq: string) =>
        `md5(${copyId} || ':' || ${seq} || ':a') || md5(${copyId} || ':' || ${seq} || ':b')`;
      await db.exec(`BEGIN;
        SET LOCAL session_replication_role = replica;
        ${insertCases}
        INSERT INTO petition_events (petition_id, seq, type, is_public, at, actor, data, recorded_at, prev_hash, hash)
        SELECT ${copyId}, e.seq, e.type, e.is_public, e.at, e.actor, e.data, e.recorded_at,
          CASE WHEN e.seq = 1 THEN '' ELSE ${link('(e.seq - 1)')} END, ${link('e.seq')}
        FROM ${range}
        JOIN bench_pool b ON b.k = g.n % ${pool}
        JOIN petition_events e ON e.petition_id = b.id;
        COMMIT;`);
    } else {
      await db.exec(insertCases);
      // One statement per position in the chain, with the triggers on: each link's previous event
      // is already stored, as the chain trigger requires.
      for (let seq = 1; seq <= maxSeq; seq++) {
        await db.exec(`
          INSERT INTO petition_events (petition_id, seq, type, is_public, at, actor, data, recorded_at, prev_hash, hash)
          SELECT ${copyId}, e.seq, e.type, e.is_public, e.at, e.actor, e.data, e.recorded_at,
            ${seq === 1 ? `''` : `(SELECT x.hash FROM petition_events x WHERE x.petition_id = ${copyId} AND x.seq = ${seq - 1})`},
            lower(hex(randomblob(32)))
          FROM ${range}
          JOIN bench_pool b ON b.k = g.n % ${pool}
          JOIN petition_events e ON e.petition_id = b.id AND e.seq = ${seq};`);
      }
    }
    log(`  复制 ${to - first + 1}/${want} 件（${((Date.now() - started) / 1000).toFixed(0)} s）`);
  }
  await db.exec('DROP TABLE bench_pool');
  // What autovacuum does soon after a bulk load: statistics for the planner, and the visibility map
  // that lets counts be answered from an index alone. SQLite gathers no statistics unless asked (the
  // app never does), so it is left as a real installation has it.
  if (pg) {
    await db.exec('VACUUM ANALYZE petitions');
    await db.exec('VACUUM ANALYZE petition_events');
  }
  return want;
}

/**
 * Makes `total` open cases exist: the first `pool` through the real path (seedCases), the rest as
 * copies. Calling it again with a larger total adds copies. Applies the migrations first.
 */
export async function seedBench(
  target: SeedTarget,
  env: SeedEnv,
  total: number,
  options: { pool?: number; log?: (s: string) => void } = {},
): Promise<{ pool: number; copies: number; seconds: number }> {
  const log = options.log ?? (() => undefined);
  const t0 = Date.now();
  const db = open(target);
  try {
    await applyMigrations(db, migrationsDir(db.dialect));
    const poolSize = Math.min(total, options.pool ?? 1000);
    const havePool = await count(db, `id NOT LIKE '${COPY_PREFIX}%'`);
    if (havePool < poolSize) {
      log(`  真实路径写入 ${poolSize - havePool} 件示例案件 …`);
      await seedCases(db, env, poolSize - havePool, { now: new Date() });
    }
    await copyPool(db, total, log);
    return {
      pool: await count(db, `id NOT LIKE '${COPY_PREFIX}%'`),
      copies: await count(db, `id LIKE '${COPY_PREFIX}%'`),
      seconds: +((Date.now() - t0) / 1000).toFixed(1),
    };
  } finally {
    await db.close();
  }
}

/** A pool case to track: its code and the last four digits of its phone (seed-cases.ts's rule). */
export async function trackablePoolCase(target: SeedTarget): Promise<{ code: string; phoneLast4: string }> {
  const db = open(target);
  try {
    // Index 7 of seed-cases.ts's paths is a replied case: the longest public timeline of the pool.
    const row = await db
      .prepare(`SELECT code, title FROM petitions WHERE id NOT LIKE '${COPY_PREFIX}%' AND title LIKE ? LIMIT 1`)
      .bind('%（7）')
      .first<{ code: string; title: string }>();
    if (!row) throw new Error('bench-seed: no pool case 7 to track');
    return { code: row.code, phoneLast4: '0007' };
  } finally {
    await db.close();
  }
}
