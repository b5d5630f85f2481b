/**
 * The business queries that differ by dialect (JSON built in SQL, the tracking lookup, the
 * case-insensitive staff email, the rate-limit upsert) give the same answers on SQLite and
 * PostgreSQL: the same fixture goes into both databases and the answers are compared with concrete
 * values and with each other.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthEnv } from '../../src/server/auth';
import { findActiveStaffByEmail } from '../../src/server/auth';
import type { Database } from '../../src/server/platform/database';
import { applyMigrations } from '../../src/server/platform/migrate';
import { hitRateLimit } from '../../src/server/rate-limit';
import { loadPublicCaseView, publicCaseViewSql, type PublicCaseViewRow } from '../../src/server/timeline';
import { TRACK_LOOKUP_SQL } from '../../src/server/track';
import { insertEvent, insertPetition, openTarget, TARGETS, type Target } from './targets';

const PARENT = { id: 'q-parent', code: 'QPARENT00001' };

async function loadFixture(db: Database): Promise<void> {
  await db.batch([
    insertPetition(db, PARENT.id, { code: PARENT.code, status: 'registered', created_at: '2026-11-22T02:00:00.000Z' }),
    insertEvent(db, PARENT.id, 1, {
      type: 'submitted',
      at: '2026-11-22T02:00:00.000Z',
      data: '{"channel":"online","kind":"claim","attachments":0}',
    }),
    insertEvent(db, PARENT.id, 2, {
      type: 'note',
      isPublic: false,
      at: '2026-11-23T02:00:00.000Z',
      data: '{"text":"内部"}',
    }),
    insertEvent(db, PARENT.id, 3, { type: 'register', at: '2026-11-24T02:00:00.000Z', data: '{}' }),
    db
      .prepare("INSERT INTO ratings (petition_id, rating, created_at) VALUES (?, 'basically', ?)")
      .bind(PARENT.id, '2026-12-01T00:00:00.000Z'),
    // Two linked cases, inserted newest first: the view orders them by created_at itself.
    insertPetition(db, 'q-child-2', {
      code: 'QCHILD000002',
      stage: 'recheck',
      parent_id: PARENT.id,
      created_at: '2026-12-20T00:00:00.000Z',
    }),
    insertPetition(db, 'q-child-1', {
      code: 'QCHILD000001',
      stage: 'review',
      parent_id: PARENT.id,
      created_at: '2026-12-10T00:00:00.000Z',
    }),
    insertPetition(db, 'q-bare', { code: 'QBARE0000001' }),
    db
      .prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?)')
      .bind('track:ip', 1_763_000_000_000, 3),
  ]);
}

const parsed = (row: PublicCaseViewRow | null) =>
  row && {
    ...row,
    events_json: (JSON.parse(row.events_json) as unknown[][]).sort((a, b) => Number(a[0]) - Number(b[0])),
    parent_json: row.parent_json === null ? null : (JSON.parse(row.parent_json) as unknown),
    children_json: (JSON.parse(row.children_json) as string[][]).sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
  };

describe('queries that differ by dialect', () => {
  const targets = {} as Record<(typeof TARGETS)[number], Target>;

  beforeAll(async () => {
    for (const kind of TARGETS) {
      targets[kind] = await openTarget(kind);
      await applyMigrations(targets[kind].db);
      await loadFixture(targets[kind].db);
    }
  });
  afterAll(async () => {
    for (const kind of TARGETS) await targets[kind]?.cleanup();
  });

  describe.each(TARGETS)('on %s', (kind) => {
    const db = () => targets[kind].db;
    const viewRow = (where: string, ...binds: unknown[]) =>
      db()
        .prepare(publicCaseViewSql(where, [], db().dialect))
        .bind(...binds)
        .first<PublicCaseViewRow>();

    it('publicCaseViewSql returns the events, rating, parent and children as JSON text', async () => {
      const row = await viewRow('p.id = ?1', PARENT.id);
      expect(typeof row?.events_json).toBe('string');
      expect(parsed(row)).toEqual({
        id: PARENT.id,
        code: PARENT.code,
        status: 'registered',
        stage: 'original',
        kind: 'claim',
        parent_id: null,
        events_json: [
          [1, 'submitted', 1, '2026-11-22T02:00:00.000Z', '{"channel":"online","kind":"claim","attachments":0}'],
          [2, 'note', 0, '2026-11-23T02:00:00.000Z', '{"text":"内部"}'],
          [3, 'register', 1, '2026-11-24T02:00:00.000Z', '{}'],
        ],
        rating: 'basically',
        parent_json: null,
        children_json: [
          ['q-child-1', '2026-12-10T00:00:00.000Z'],
          ['q-child-2', '2026-12-20T00:00:00.000Z'],
        ],
      });
    });

    it('publicCaseViewSql gives empty lists as [] (not NULL) and the parent as an object', async () => {
      const bare = await viewRow('p.id = ?1', 'q-bare');
      expect([bare?.events_json, bare?.children_json, bare?.parent_json, bare?.rating]).toEqual([
        '[]',
        '[]',
        null,
        null,
      ]);
      const child = parsed(await viewRow('p.id = ?1', 'q-child-1'));
      expect(child?.parent_json).toEqual({ code: PARENT.code, stage: 'original' });
    });

    it('the tracking lookup returns one row: both counts and the case, or the counts alone', async () => {
      const sql = TRACK_LOOKUP_SQL[db().dialect];
      const hit = await db()
        .prepare(sql)
        .bind('track:ip', 1_763_000_000_000, 'trackCode:x', 1_763_000_000_000, PARENT.code)
        .first<PublicCaseViewRow & { ip_count: number | null; code_count: number | null; track_verifier: string }>();
      expect(hit).toMatchObject({
        ip_count: 3,
        code_count: null,
        id: PARENT.id,
        code: PARENT.code,
        track_verifier: 'tv',
        rating: 'basically',
      });
      const miss = await db().prepare(sql).bind('track:ip', 1, 'trackCode:x', 1, 'NOSUCHCODE01').all();
      expect(miss.results).toHaveLength(1);
      expect(miss.results[0]).toMatchObject({ ip_count: null, code_count: null, id: null, track_verifier: null });
    });

    it('finds a staff member by email whatever its case', async () => {
      const env = { DB: db(), DEV_MODE: '1' } as unknown as AuthEnv;
      expect((await findActiveStaffByEmail(env, '  Admin@Example.GOV.cn '))?.id).toBe('demo-admin');
      expect(await findActiveStaffByEmail(env, 'nobody@example.gov.cn')).toBeNull();
    });

    it('counts rate-limit hits with one upsert per request', async () => {
      const env = { DB: db(), HASH_KEY: randomBytes(32).toString('base64'), RATE_LIMIT_TRACK: '2/600' };
      const now = 1_763_000_123_456;
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push(await hitRateLimit(env, 'track', '203.0.113.9', now));
      expect(decisions.map((d) => d.ok)).toEqual([true, true, false]);
      expect(decisions[0]).toEqual({ ok: true, remaining: 1 });
    });
  });

  it('loadPublicCaseView builds the same view from both databases', async () => {
    const now = new Date('2026-12-25T02:00:00Z');
    const [fromSqlite, fromPostgres] = await Promise.all(
      TARGETS.map((k) => loadPublicCaseView(targets[k].db, PARENT.id, now)),
    );
    expect(fromSqlite?.notices.map((n) => n.type)).toEqual(['submitted', 'register']);
    expect(fromSqlite?.linked.map((l) => l.code)).toEqual(['QCHILD000001', 'QCHILD000002']);
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
