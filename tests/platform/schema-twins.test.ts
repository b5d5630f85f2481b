/**
 * migrations/sqlite and migrations/postgres describe one schema: the same numbered files, tables,
 * columns, CHECK lists (which follow the lists in the code) and demo rows. Both are applied to real
 * databases and read back from their catalogs, so a column added on one side only fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/platform/database';
import { applyMigrations, migrationFiles, migrationsDir } from '../../src/server/platform/migrate';
import { STAFF_ROLES } from '../../src/server/auth';
import { ATTACHMENT_TYPES, OTHER_PROCEDURE_IDS, PETITION_KIND_IDS } from '../../src/lib/petition-schema';
import { CASE_STAGES, CASE_STATES, RATINGS, REPLY_DECISIONS } from '../../src/lib/workflow';
import { BACKLOG_CLASSES, BACKLOG_SOURCES, BACKLOG_STATUSES, RISK_GRADES } from '../../src/lib/backlog';
import { openTarget, type Target } from './targets';

/** Tables and their columns in declaration order, from the catalog. */
async function columns(db: Database): Promise<Record<string, string[]>> {
  const rows =
    db.dialect === 'postgres'
      ? (
          await db
            .prepare(
              `SELECT table_name AS t, column_name AS c FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`,
            )
            .all<{ t: string; c: string }>()
        ).results
      : (
          await db
            .prepare(
              `SELECT m.name AS t, c.name AS c FROM sqlite_master m, pragma_table_info(m.name) c
               WHERE m.type = 'table' AND m.name NOT IN ('d1_migrations', 'sqlite_sequence') ORDER BY m.name, c.cid`,
            )
            .all<{ t: string; c: string }>()
        ).results;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

/**
 * The values of `CHECK (column IN (...))`. PostgreSQL keeps it as
 * `CHECK ((column = ANY (ARRAY['a'::text, 'b'::text])))`.
 */
export async function checkListOf(db: Database, table: string, column: string): Promise<string[]> {
  if (db.dialect === 'postgres') {
    const { results } = await db
      .prepare(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = CAST(? AS regclass) AND contype = 'c'",
      )
      .bind(table)
      .all<{ def: string }>();
    const def = results.map((r) => r.def).find((d) => d.startsWith(`CHECK ((${column} = ANY (ARRAY[`));
    if (!def) throw new Error(`no CHECK list for ${table}.${column}`);
    return [...def.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1]!.replace(/''/g, "'"));
  }
  const sql = await db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .bind(table)
    .first<string>('sql');
  const m = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql ?? '');
  if (!m) throw new Error(`no CHECK list for ${table}.${column}`);
  return m[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
}

describe('the SQLite and PostgreSQL migrations', () => {
  let sqlite: Target;
  let postgres: Target;

  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([openTarget('sqlite'), openTarget('postgres')]);
    await applyMigrations(sqlite.db);
    await applyMigrations(postgres.db);
  });
  afterAll(async () => {
    await sqlite.cleanup();
    await postgres.cleanup();
  });

  it('are the same numbered files', () => {
    expect(migrationFiles(migrationsDir('postgres'))).toEqual(migrationFiles(migrationsDir('sqlite')));
  });

  it('make the same tables with the same columns in the same order', async () => {
    const [a, b] = await Promise.all([columns(sqlite.db), columns(postgres.db)]);
    expect(Object.keys(a)).toContain('petition_events');
    expect(a['rate_limit_checks']).toEqual(['key', 'window_start', 'max']);
    expect(b).toEqual(a);
  });

  it.each([
    ['petitions', 'kind', [...PETITION_KIND_IDS]],
    ['petitions', 'other_procedure', [...OTHER_PROCEDURE_IDS]],
    ['petitions', 'status', [...CASE_STATES]],
    ['petitions', 'stage', [...CASE_STAGES]],
    ['attachments', 'mime', ATTACHMENT_TYPES.map((t) => t.mime)],
    ['staff', 'role', [...STAFF_ROLES]],
    ['ratings', 'rating', [...RATINGS]],
    ['reply_templates', 'decision', [...REPLY_DECISIONS]],
    ['mail_outbox', 'status', ['pending', 'sent', 'failed']],
    ['sms_outbox', 'status', ['pending', 'sent', 'failed', 'unknown']],
    ['backlog_cases', 'source', [...BACKLOG_SOURCES]],
    ['backlog_cases', 'class', [...BACKLOG_CLASSES]],
    ['backlog_cases', 'risk_grade', [...RISK_GRADES]],
    ['backlog_cases', 'status', [...BACKLOG_STATUSES]],
  ])('%s.%s has the list of the code on both', async (table, column, values) => {
    expect(await checkListOf(sqlite.db, table, column)).toEqual(values);
    expect(await checkListOf(postgres.db, table, column)).toEqual(values);
  });

  it('seed the same demo rows', async () => {
    const staff = 'SELECT id, email, name, role, active, demo, created_at FROM staff ORDER BY id';
    const templates = 'SELECT * FROM reply_templates ORDER BY id';
    const [s1, p1, s2, p2] = await Promise.all([
      sqlite.db.prepare(staff).all(),
      postgres.db.prepare(staff).all(),
      sqlite.db.prepare(templates).all(),
      postgres.db.prepare(templates).all(),
    ]);
    expect(s1.results).toEqual([
      {
        id: 'demo-admin',
        email: 'admin@example.gov.cn',
        name: '演示管理员',
        role: 'admin',
        active: 1,
        demo: 1,
        created_at: '2026-11-22T00:00:00.000Z',
      },
      {
        id: 'demo-handler',
        email: 'handler@example.gov.cn',
        name: '演示办理人员',
        role: 'handler',
        active: 1,
        demo: 1,
        created_at: '2026-11-22T00:00:00.000Z',
      },
      {
        id: 'demo-leader',
        email: 'leader@example.gov.cn',
        name: '演示包案领导',
        role: 'handler',
        active: 1,
        demo: 1,
        created_at: '2026-11-22T00:00:00.000Z',
      },
    ]);
    expect(p1.results).toEqual(s1.results);
    expect(s2.results.map((r) => r['id'])).toEqual(['demo-labour-wages', 'demo-land-explain', 'demo-property-reject']);
    expect(p2.results).toEqual(s2.results);
  });

  it('guard petition_events with the same triggers', async () => {
    const { results: lite } = await sqlite.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .all<{ name: string }>();
    const { results: pg } = await postgres.db
      .prepare('SELECT DISTINCT trigger_name AS name FROM information_schema.triggers ORDER BY trigger_name')
      .all<{ name: string }>();
    expect(lite.map((r) => r.name)).toEqual([
      'petition_events_chain',
      'petition_events_no_delete',
      'petition_events_no_update',
      'petitions_channel_insert',
      'petitions_channel_update',
      'rate_limit_checks_insert',
      'staff_keep_an_admin',
    ]);
    // information_schema does not list TRUNCATE triggers; PostgreSQL has one more (TRUNCATE
    // bypasses row triggers), checked in the contract test.
    expect(pg.map((r) => r.name)).toEqual(lite.map((r) => r.name));
  });
});
