/**
 * The database port's contract, run against both Node adapters on real databases: SQLite
 * (node:sqlite) and PostgreSQL (pg). Whatever business code may rely on is asserted here with
 * concrete values: row shapes, change counts, atomic batches, and the error kinds that the schema's
 * triggers and constraints produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDbError, type Database, type DatabaseError } from '../../src/server/platform/database';
import { applyMigrations, migrationFiles, migrationsDir } from '../../src/server/platform/migrate';
import { postgresDatabase, type PostgresDatabase } from '../../src/server/platform/postgres';
import { chainHash, insertEvent, insertPetition, openTarget, TARGETS, type Target } from './targets';

/** The error a promise rejected with (fails the test when it resolved). */
async function failure(p: Promise<unknown>): Promise<DatabaseError> {
  try {
    await p;
  } catch (error) {
    if (!isDbError(error)) throw new Error(`not a DatabaseError: ${String(error)}`, { cause: error });
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

const count = async (db: Database, sql: string, ...binds: unknown[]): Promise<number | null> =>
  db
    .prepare(sql)
    .bind(...binds)
    .first<number>('n');

describe.each(TARGETS)('the database port on %s', (kind) => {
  let t: Target;
  let db: Database;
  const files = migrationFiles(migrationsDir(kind));

  beforeAll(async () => {
    t = await openTarget(kind);
    db = t.db;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  describe('migrations', () => {
    it('apply every file on an empty database, in order, and record each', async () => {
      expect(files.slice(0, 5)).toEqual([
        '0001_init.sql',
        '0002_petitions.sql',
        '0003_staff.sql',
        '0009_retention.sql',
        '0010_rate_limit_guard.sql',
      ]);
      expect(await applyMigrations(db, migrationsDir(kind))).toEqual(files);
      const table = kind === 'sqlite' ? 'd1_migrations' : 'schema_migrations';
      const { results } = await db.prepare(`SELECT name FROM ${table} ORDER BY name`).all<{ name: string }>();
      expect(results.map((r) => r.name)).toEqual(files);
    });

    it('are a no-op the second time', async () => {
      expect(await applyMigrations(db, migrationsDir(kind))).toEqual([]);
      // The demo admin and handler (0003) and the demo leader of the backlog ledger (0017), once each.
      expect(await count(db, 'SELECT count(*) AS n FROM staff')).toBe(3);
    });

    it.runIf(kind === 'sqlite')("record in wrangler's own d1_migrations table", async () => {
      const { results } = await db
        .prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid')
        .bind('d1_migrations')
        .all<{ name: string }>();
      expect(results.map((r) => r.name)).toEqual(['id', 'name', 'applied_at']);
      const first = await db.prepare('SELECT id, name FROM d1_migrations ORDER BY id LIMIT 1').first();
      expect(first).toEqual({ id: 1, name: '0001_init.sql' });
    });

    it.runIf(kind === 'postgres')('run each file once when two processes start at once', async () => {
      const other = await openTarget('postgres');
      try {
        const a = other.reopen({ max: 2 });
        const b = other.reopen({ max: 2 });
        const [fromA, fromB] = await Promise.all([applyMigrations(a), applyMigrations(b)]);
        expect([...fromA, ...fromB].sort()).toEqual(files);
        expect(await count(a, 'SELECT count(*) AS n FROM schema_migrations')).toBe(files.length);
        expect(await count(a, 'SELECT count(*) AS n FROM reply_templates')).toBe(3);
      } finally {
        await other.cleanup();
      }
    });
  });

  describe('statements', () => {
    it('run() reports the rows a write changed, and no rows', async () => {
      const r = await insertPetition(db, 'st-1', { has_email: true }).run();
      expect(r).toEqual({ results: [], meta: { changes: 1 } });
      await insertPetition(db, 'st-2', { region: 'st-region' }).run();
      await insertPetition(db, 'st-3', { region: 'st-region' }).run();
      const u = await db.prepare('UPDATE petitions SET title = ? WHERE region = ?').bind('改', 'st-region').run();
      expect(u.meta.changes).toBe(2);
      const none = await db.prepare('UPDATE petitions SET title = ? WHERE id = ?').bind('x', 'nobody').run();
      expect(none.meta.changes).toBe(0);
    });

    it('all() returns rows shaped as in SQLite: flags as 0/1 numbers, a SELECT changes nothing', async () => {
      const r = await db
        .prepare("SELECT id, has_email, attachment_count, title FROM petitions WHERE id LIKE 'st-%' ORDER BY id")
        .all();
      expect(r).toEqual({
        results: [
          { id: 'st-1', has_email: 1, attachment_count: 0, title: '工资拖欠' },
          { id: 'st-2', has_email: 0, attachment_count: 0, title: '改' },
          { id: 'st-3', has_email: 0, attachment_count: 0, title: '改' },
        ],
        meta: { changes: 0 },
      });
    });

    it('first() gives the first row, first(column) one value, both null when there is no row', async () => {
      const q = db.prepare('SELECT id, title FROM petitions WHERE id = ?');
      expect(await q.bind('st-2').first()).toEqual({ id: 'st-2', title: '改' });
      expect(await q.bind('st-1').first('title')).toBe('工资拖欠');
      expect(await q.bind('nobody').first()).toBeNull();
      expect(await q.bind('nobody').first('title')).toBeNull();
    });

    it('bind() makes a new statement and leaves the prepared one as it was', async () => {
      const q = db.prepare('SELECT title FROM petitions WHERE id = ?');
      const one = q.bind('st-1');
      const two = q.bind('st-2');
      expect([await one.first('title'), await two.first('title'), await one.first('title')]).toEqual([
        '工资拖欠',
        '改',
        '工资拖欠',
      ]);
    });

    it('INSERT … RETURNING gives its row and counts the change', async () => {
      const r = await db
        .prepare(
          'INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1) RETURNING key, window_start, count',
        )
        .bind('ret', 1_763_000_000_000)
        .all();
      expect(r).toEqual({ results: [{ key: 'ret', window_start: 1_763_000_000_000, count: 1 }], meta: { changes: 1 } });
    });

    it('aggregates and comparisons come back as numbers (count(*) is a bigint in PostgreSQL)', async () => {
      const row = await db
        .prepare(
          'SELECT count(*) AS n, sum(attachment_count + 2) AS s, (count(*) > 0) AS has, max(id) AS last FROM petitions WHERE id LIKE ?',
        )
        .bind('st-%')
        .first();
      expect(row).toEqual({ n: 3, s: 6, has: 1, last: 'st-3' });
      expect(typeof (await count(db, 'SELECT count(*) AS n FROM staff'))).toBe('number');
    });

    it('exec() runs a script of several statements', async () => {
      await db.exec(`CREATE TABLE scratch (a INTEGER NOT NULL);
        INSERT INTO scratch (a) VALUES (1);
        -- a comment with a ? in it
        INSERT INTO scratch (a) VALUES (2);`);
      expect(await count(db, 'SELECT sum(a) AS n FROM scratch')).toBe(3);
    });
  });

  describe('placeholders', () => {
    it('?N binds by number', async () => {
      expect(await db.prepare('SELECT ?2 AS b, ?1 AS a').bind('x', 'y').first()).toEqual({ b: 'y', a: 'x' });
    });

    it('a bare ? after ?N takes the next number, as SQLite numbers it', async () => {
      expect(
        await db
          .prepare('SELECT CAST(?1 AS INTEGER) AS a, CAST(? AS INTEGER) AS b, CAST(?1 AS INTEGER) AS c')
          .bind(7, 8)
          .first(),
      ).toEqual({ a: 7, b: 8, c: 7 });
    });

    it('a ? inside a string literal, a quoted name or a comment is not a placeholder', async () => {
      const row = await db
        .prepare(`SELECT '?' AS q, 'it''s ?1' AS s, CAST(? AS TEXT) AS "v?" /* ? */ -- ?\n`)
        .bind('z')
        .first();
      expect(row).toEqual({ q: '?', s: "it's ?1", 'v?': 'z' });
    });

    it('the same SQL with other values gives other rows (the rewrite is cached, the values are not)', async () => {
      const sql = 'SELECT id FROM petitions WHERE id = ? AND region = ?';
      expect(await db.prepare(sql).bind('st-2', 'st-region').first('id')).toBe('st-2');
      expect(await db.prepare(sql).bind('st-3', 'st-region').first('id')).toBe('st-3');
      expect(await db.prepare(sql).bind('st-1', 'st-region').first('id')).toBeNull();
    });
  });

  describe('batch', () => {
    it('returns one result per statement, in order', async () => {
      const out = await db.batch([
        insertPetition(db, 'b-1'),
        db.prepare('SELECT id FROM petitions WHERE id = ?').bind('b-1'),
        db.prepare('UPDATE petitions SET title = ? WHERE id = ?').bind('批', 'b-1'),
      ]);
      expect(out).toEqual([
        { results: [], meta: { changes: 1 } },
        { results: [{ id: 'b-1' }], meta: { changes: 0 } },
        { results: [], meta: { changes: 1 } },
      ]);
      expect(await db.batch([])).toEqual([]);
    });

    it('keeps nothing of the first statements when the third fails', async () => {
      const error = await failure(
        db.batch([insertPetition(db, 'b-2'), insertEvent(db, 'b-2', 1), insertPetition(db, 'b-1')]),
      );
      expect(error.kind).toBe('unique');
      expect(await count(db, 'SELECT count(*) AS n FROM petitions WHERE id = ?', 'b-2')).toBe(0);
      expect(await count(db, 'SELECT count(*) AS n FROM petition_events WHERE petition_id = ?', 'b-2')).toBe(0);
      // The connection is usable afterwards (no transaction left open).
      await insertPetition(db, 'b-2').run();
      expect(await count(db, 'SELECT count(*) AS n FROM petitions WHERE id = ?', 'b-2')).toBe(1);
    });
  });

  describe('error kinds', () => {
    beforeAll(async () => {
      await insertPetition(db, 'e-1').run();
      await db.batch([insertEvent(db, 'e-1', 1), insertEvent(db, 'e-1', 2)]);
    });

    it('unique: a second petition with the same tracking code, naming the constraint', async () => {
      const code = (await db.prepare('SELECT code FROM petitions WHERE id = ?').bind('e-1').first<string>('code'))!;
      const error = await failure(insertPetition(db, 'e-dup', { code }).run());
      expect(error.kind).toBe('unique');
      expect(error.constraint).toMatch(kind === 'sqlite' ? /^petitions\.code$/ : /^petitions_code_key$/);
    });

    it('unique: a staff email that differs only in case', async () => {
      const error = await failure(
        db
          .prepare(
            "INSERT INTO staff (id, email, name, role, created_at, updated_at) VALUES ('s-x', 'Admin@EXAMPLE.gov.cn', 'X', 'handler', 'now', 'now')",
          )
          .run(),
      );
      expect(error.kind).toBe('unique');
      expect(error.constraint).toMatch(/email/);
    });

    it('sequence: an event whose seq does not follow the last', async () => {
      const error = await failure(insertEvent(db, 'e-1', 4, { prevHash: chainHash('e-1', 3) }).run());
      expect(error.kind).toBe('sequence');
      const again = await failure(insertEvent(db, 'e-1', 2).run());
      expect(again.kind).toBe('sequence');
    });

    it('sequence: an event whose prev_hash is not the previous hash', async () => {
      const error = await failure(insertEvent(db, 'e-1', 3, { prevHash: chainHash('e-1', 1) }).run());
      expect(error.kind).toBe('sequence');
      expect(await count(db, 'SELECT max(seq) AS n FROM petition_events WHERE petition_id = ?', 'e-1')).toBe(2);
    });

    it('the next link is accepted', async () => {
      expect((await insertEvent(db, 'e-1', 3).run()).meta.changes).toBe(1);
    });

    it('append-only: an UPDATE or a DELETE of an event is refused and changes nothing', async () => {
      const update = await failure(
        db.prepare("UPDATE petition_events SET type = 'forged' WHERE petition_id = ?").bind('e-1').run(),
      );
      expect(update.kind).toBe('append-only');
      const del = await failure(db.prepare('DELETE FROM petition_events WHERE petition_id = ?').bind('e-1').run());
      expect(del.kind).toBe('append-only');
      const { results } = await db
        .prepare('SELECT seq, type FROM petition_events WHERE petition_id = ? ORDER BY seq')
        .bind('e-1')
        .all();
      expect(results).toEqual([
        { seq: 1, type: 'submitted' },
        { seq: 2, type: 'submitted' },
        { seq: 3, type: 'submitted' },
      ]);
    });

    it.runIf(kind === 'postgres')('append-only: TRUNCATE is refused too', async () => {
      expect((await failure(db.exec('TRUNCATE petition_events CASCADE'))).kind).toBe('append-only');
      expect(await count(db, 'SELECT count(*) AS n FROM petition_events WHERE petition_id = ?', 'e-1')).toBe(3);
    });

    it('over-limit: the guard refuses when the counter is above max, and its table stays empty', async () => {
      const window = 1_763_000_400_000; // epoch ms: beyond a 4-byte integer
      await db
        .prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?)')
        .bind('g', window, 5)
        .run();
      const guard = (max: number, key = 'g') =>
        db.prepare('INSERT INTO rate_limit_checks (key, window_start, max) VALUES (?, ?, ?)').bind(key, window, max);
      expect((await guard(5).run()).meta.changes).toBe(0);
      expect((await guard(1, 'no-counter-yet').run()).meta.changes).toBe(0);
      const refused = await failure(guard(4).run());
      expect(refused.kind).toBe('over-limit');
      expect(refused.message).toBe('rate limit exceeded');
      expect(await count(db, 'SELECT count(*) AS n FROM rate_limit_checks')).toBe(0);
    });

    it('over-limit inside a batch: the count, the check and the writes are kept together or not at all', async () => {
      const window = 1_763_000_400_000;
      const record = db
        .prepare(
          'INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1) ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1',
        )
        .bind('g', window);
      const guard = db
        .prepare('INSERT INTO rate_limit_checks (key, window_start, max) VALUES (?, ?, ?)')
        .bind('g', window, 5);
      const refused = await failure(db.batch([record, guard, insertPetition(db, 'g-1')]));
      expect(refused.kind).toBe('over-limit');
      expect(
        await count(db, 'SELECT count AS n FROM rate_limits WHERE key = ? AND window_start = ?', 'g', window),
      ).toBe(5);
      expect(await count(db, 'SELECT count(*) AS n FROM petitions WHERE id = ?', 'g-1')).toBe(0);
      const allowed = db
        .prepare('INSERT INTO rate_limit_checks (key, window_start, max) VALUES (?, ?, ?)')
        .bind('g', window, 6);
      await db.batch([record, allowed, insertPetition(db, 'g-1')]);
      expect(
        await count(db, 'SELECT count AS n FROM rate_limits WHERE key = ? AND window_start = ?', 'g', window),
      ).toBe(6);
      expect(await count(db, 'SELECT count(*) AS n FROM petitions WHERE id = ?', 'g-1')).toBe(1);
    });

    it('other: a CHECK violation says CHECK, as SQLite words it', async () => {
      const error = await failure(insertPetition(db, 'e-kind', { kind: 'gossip' }).run());
      expect(error.kind).toBe('other');
      expect(error.message).toMatch(/CHECK constraint failed/);
    });

    it('other: an event with data that is not JSON', async () => {
      await insertPetition(db, 'e-json').run();
      const error = await failure(insertEvent(db, 'e-json', 1, { data: '{not json' }).run());
      expect(error.kind).toBe('other');
      expect(error.message).toMatch(/CHECK/);
    });

    it('sequence: two writers appending the same seq at once, one wins', async () => {
      const a = t.reopen();
      const b = t.reopen();
      for (const id of ['race-1', 'race-2', 'race-3']) {
        await insertPetition(db, id).run();
        await insertEvent(db, id, 1).run();
        const outcomes = await Promise.allSettled([
          a.batch([insertEvent(a, id, 2, { hash: `${chainHash(id, 2).slice(0, 8)}${'a'.repeat(56)}` })]),
          b.batch([insertEvent(b, id, 2, { hash: `${chainHash(id, 2).slice(0, 8)}${'b'.repeat(56)}` })]),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const lost = outcomes.find((o) => o.status === 'rejected');
        expect(isDbError(lost?.reason, 'sequence')).toBe(true);
        expect(await count(db, 'SELECT count(*) AS n FROM petition_events WHERE petition_id = ?', id)).toBe(2);
      }
    });

    it.runIf(kind === 'postgres')(
      'sequence: a writer that passed the chain check before the other committed loses on the unique index',
      async () => {
        // Deterministic version of the race: A inserts seq 2 and holds its transaction open; B's
        // insert of seq 2 passes the trigger (it cannot see A's row) and waits on the index; A commits.
        const a = t.reopen() as PostgresDatabase;
        const b = t.reopen() as PostgresDatabase;
        await insertPetition(db, 'race-x').run();
        await insertEvent(db, 'race-x', 1).run();
        let commitA: () => void = () => undefined;
        let inserted: () => void = () => undefined;
        const aInserted = new Promise<void>((resolve) => (inserted = resolve));
        const aMayCommit = new Promise<void>((resolve) => (commitA = resolve));
        const first = a.transaction(async (tx) => {
          await insertEvent(tx, 'race-x', 2, { hash: 'a'.repeat(64) }).run();
          inserted();
          await aMayCommit;
        });
        await aInserted;
        const second = b.batch([insertEvent(b, 'race-x', 2, { hash: 'b'.repeat(64) })]);
        second.catch(() => undefined); // awaited below; keep Node from calling it unhandled meanwhile
        // B is waiting on A's row lock once pg_stat_activity says so.
        for (let i = 0; i < 200; i++) {
          const waiting = await count(
            db,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          if (waiting === 1) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        commitA();
        await first;
        const error = await failure(second);
        expect(error.kind).toBe('sequence');
        expect((error.cause as { code?: string }).code).toBe('23505');
        const { results } = await db
          .prepare('SELECT seq, hash FROM petition_events WHERE petition_id = ? ORDER BY seq')
          .bind('race-x')
          .all();
        expect(results).toEqual([
          { seq: 1, hash: chainHash('race-x', 1) },
          { seq: 2, hash: 'a'.repeat(64) },
        ]);
      },
    );

    it.runIf(kind === 'postgres')('unavailable: no server answers', async () => {
      const gone = postgresDatabase('postgres://postgres@127.0.0.1:1/none', { connectionTimeoutMs: 2000 });
      try {
        expect((await failure(gone.prepare('SELECT 1 AS one').first())).kind).toBe('unavailable');
        expect((await failure(gone.batch([gone.prepare('SELECT 1 AS one')]))).kind).toBe('unavailable');
      } finally {
        await gone.close();
      }
    });
  });
});
