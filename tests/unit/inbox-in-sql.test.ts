/**
 * The inbox in SQL on the embedded SQLite database (node:sqlite, the Node default), through the
 * real migrations, the real crypto and the real event path: the stored next due date always equals
 * what the deadlines module computes from the events, and paging, filters and sorting are SQL.
 * (tests/functions/staff-inbox-pages-and-filters.test.ts drives the same over HTTP on every target.)
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines, nextDeadline, periodEnd, shanghaiDate } from '../../src/lib/deadlines';
import { INBOX_FIELD_LABELS, inboxQueryString, parseInboxQuery, type InboxFilter } from '../../src/lib/inbox';
import { formatCode } from '../../src/lib/tracking-code';
import { CaseStageSchema } from '../../src/lib/workflow';
import type { AuthEnv, Session } from '../../src/server/auth';
import { backfillCaseDue } from '../../src/server/case-due';
import { listEvents } from '../../src/server/petition-events';
import { SqliteDatabase } from '../../src/server/platform/sqlite';
import { performAction } from '../../src/server/case-actions';
import { listCases, parseInboxFilter } from '../../src/server/case-inbox';
import { CaseError } from '../../src/server/errors';
import { seedCases } from '../../scripts/seed-cases';

const NOW = new Date('2026-10-20T02:00:00Z');
const N = 64;
let db: SqliteDatabase;
let env: AuthEnv;
const session = {
  idHash: 'x',
  staff: { id: 'demo-handler', name: '演示办理人员' },
  expiresAt: '',
} as unknown as Session;

const filter = (q: Record<string, string> = {}): InboxFilter => parseInboxFilter(new URLSearchParams(q));

beforeAll(async () => {
  db = new SqliteDatabase(':memory:');
  for (const f of readdirSync('migrations/sqlite').sort())
    await db.exec(readFileSync(`migrations/sqlite/${f}`, 'utf8'));
  env = {
    DB: db,
    DATA_KEY: randomBytes(32).toString('base64'),
    HASH_KEY: randomBytes(32).toString('base64'),
    SESSION_KEY: randomBytes(32).toString('base64'),
  } as unknown as AuthEnv;
  expect(await seedCases(db, env, N, { now: NOW, spanDays: 60, batchSize: 20 })).toBe(N);
});
afterAll(() => db.close());

/** What the inbox showed before 0011: every open case computed from its events. */
async function oracle(id: string) {
  const row = (await db.prepare('SELECT stage, kind FROM petitions WHERE id = ?').bind(id).first<{
    stage: string;
    kind: string;
  }>())!;
  const events = await listEvents(db, id);
  return nextDeadline(
    computeDeadlines({ stage: CaseStageSchema.parse(row.stage), kind: row.kind, events }, { now: NOW }),
    'office',
  );
}

describe('the stored next due date', () => {
  it('equals what the deadlines module computes from the events, for every seeded case', async () => {
    const page = await listCases(db, filter({ pageSize: '200' }), NOW);
    expect(page.total).toBe(N);
    let withDue = 0;
    for (const item of page.items) {
      const expected = await oracle(item.id);
      expect(item.next?.due ?? null, item.code).toBe(expected?.due ?? null);
      expect(item.next?.kind ?? null).toBe(expected?.kind ?? null);
      expect(item.overdue).toBe(expected?.status === 'overdue');
      if (expected) withDue++;
    }
    expect(withDue).toBeGreaterThan(N / 2);
  });

  it('is written with each staff action, in the same batch as its event', async () => {
    const [submitted] = (await listCases(db, filter({ status: 'submitted', pageSize: '1' }), NOW)).items;
    // Art. 22 runs from receipt: a case nobody has registered already has its triage date.
    const [first] = await listEvents(db, submitted!.id);
    const triageDue = periodEnd(shanghaiDate(first!.at), 15).due;
    expect(submitted?.next).toMatchObject({ kind: 'triage', due: triageDue });
    // Registering does not restart it.
    const sept16 = new Date('2026-09-16T02:00:00Z');
    await performAction(env, session, submitted!.id, 'register', {}, sept16, 'https://xinfang.example');
    const row = await db
      .prepare('SELECT status, next_due_at, next_due_kind FROM petitions WHERE id = ?')
      .bind(submitted!.id)
      .first();
    expect(row).toEqual({ status: 'registered', next_due_at: triageDue, next_due_kind: 'triage' });
    await performAction(env, session, submitted!.id, 'note', { text: '示例备注' }, sept16, 'https://xinfang.example');
    expect(
      await db.prepare('SELECT next_due_at FROM petitions WHERE id = ?').bind(submitted!.id).first('next_due_at'),
    ).toBe(triageDue);
    // Accepted on 9 October (a claim or not: whatever the seed made it).
    const kind = await db.prepare('SELECT kind FROM petitions WHERE id = ?').bind(submitted!.id).first<string>('kind');
    await performAction(
      env,
      session,
      submitted!.id,
      'accept',
      {},
      new Date('2026-10-09T02:00:00Z'),
      'https://x.example',
    );
    expect(
      await db.prepare('SELECT next_due_at, next_due_kind FROM petitions WHERE id = ?').bind(submitted!.id).first(),
    ).toEqual(
      kind === 'claim'
        ? { next_due_at: '2026-12-08', next_due_kind: 'handle' }
        : { next_due_at: null, next_due_kind: null },
    );
  });

  it('is restored by backfillCaseDue for rows that have none', async () => {
    const before = (await listCases(db, filter({ pageSize: '200' }), NOW)).items.map((i) => [
      i.id,
      i.next?.due ?? null,
    ]);
    await db.exec('UPDATE petitions SET next_due_at = NULL, next_due_kind = NULL');
    expect((await listCases(db, filter({ due: 'overdue' }), NOW)).total).toBe(0);
    expect(await backfillCaseDue(db, { batchSize: 7 })).toBe(N);
    const after = (await listCases(db, filter({ pageSize: '200' }), NOW)).items.map((i) => [i.id, i.next?.due ?? null]);
    expect(after).toEqual(before);
  });
});

describe('the inbox in SQL', () => {
  it('sorts by due date, earliest first and cases without one last, then newest', async () => {
    const { items } = await listCases(db, filter({ pageSize: '200' }), NOW);
    const keys = items.map((i) => i.next?.due ?? '9999-12-31');
    expect(keys).toEqual([...keys].sort());
    const firstNone = keys.indexOf('9999-12-31');
    const undated = items.slice(firstNone).map((i) => i.createdAt);
    expect(undated).toEqual([...undated].sort().reverse());
  });

  it('pages with a total: 25 a page, the pages join up to the whole list without repeats', async () => {
    const all = (await listCases(db, filter({ pageSize: '200' }), NOW)).items.map((i) => i.id);
    const pages = await Promise.all(
      [1, 2, 3].map((p) => listCases(db, filter({ pageSize: '25', page: String(p) }), NOW)),
    );
    expect(pages.map((p) => [p.page, p.pageSize, p.total, p.pages, p.items.length])).toEqual([
      [1, 25, N, 3, 25],
      [2, 25, N, 3, 25],
      [3, 25, N, 3, N - 50],
    ]);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(all);
    expect((await listCases(db, filter({ page: '9' }), NOW)).items).toEqual([]);
    expect((await listCases(db, filter(), NOW)).pageSize).toBe(50);
  });

  it('filters overdue and due within N days against today', async () => {
    const today = shanghaiDate(NOW);
    const all = (await listCases(db, filter({ pageSize: '200' }), NOW)).items;
    const overdue = await listCases(db, filter({ due: 'overdue', pageSize: '200' }), NOW);
    expect(overdue.items.map((i) => i.id)).toEqual(all.filter((i) => i.next && i.next.due < today).map((i) => i.id));
    expect(overdue.items.every((i) => i.overdue && i.next!.daysLeft! < 0)).toBe(true);
    expect((await listCases(db, filter(), NOW)).overdue).toBe(overdue.total);
    const week = await listCases(db, filter({ due: 'soon', withinDays: '7', pageSize: '200' }), NOW);
    expect(week.items.map((i) => i.id)).toEqual(
      all.filter((i) => i.next && i.next.daysLeft! >= 0 && i.next.daysLeft! <= 7).map((i) => i.id),
    );
    expect((await listCases(db, filter({ withinDays: '7', pageSize: '200' }), NOW)).total).toBe(week.total);
  });

  it('filters by status, kind, region, issue area and unit, each alone and together', async () => {
    const all = (await listCases(db, filter({ pageSize: '200' }), NOW)).items;
    const sample = all.find((i) => i.unit !== null)!;
    for (const [key, value, pick] of [
      ['status', sample.status, (i: (typeof all)[number]) => i.status === sample.status],
      ['kind', sample.kind, (i: (typeof all)[number]) => i.kind === sample.kind],
      ['region', sample.region, (i: (typeof all)[number]) => i.region === sample.region],
      ['issueArea', sample.issueArea, (i: (typeof all)[number]) => i.issueArea === sample.issueArea],
      ['unit', sample.unit!, (i: (typeof all)[number]) => i.unit === sample.unit],
    ] as const) {
      const got = await listCases(db, filter({ [key]: value, pageSize: '200' }), NOW);
      expect(
        got.items.map((i) => i.id),
        key,
      ).toEqual(all.filter(pick).map((i) => i.id));
      expect(got.total).toBe(got.items.length);
    }
    const both = await listCases(db, filter({ kind: sample.kind, region: sample.region, pageSize: '200' }), NOW);
    expect(both.items.map((i) => i.id)).toEqual(
      all.filter((i) => i.kind === sample.kind && i.region === sample.region).map((i) => i.id),
    );
    expect((await listCases(db, filter({ stage: 'review' }), NOW)).total).toBe(0);
  });

  it('finds a case by its code as typed (dashes, lower case) or by part of its title; % is no wildcard', async () => {
    const [one] = (await listCases(db, filter({ pageSize: '1' }), NOW)).items;
    const byCode = await listCases(db, filter({ q: formatCode(one!.code).toLowerCase() }), NOW);
    expect(byCode.items.map((i) => i.id)).toEqual([one!.id]);
    const byTitle = await listCases(db, filter({ q: '（7）' }), NOW);
    expect(byTitle.items.map((i) => i.title)).toEqual(['示例：道路维修建议（7）']);
    expect((await listCases(db, filter({ q: '%' }), NOW)).total).toBe(0);
  });

  it('sorts by received and updated time, both ways', async () => {
    const received = (await listCases(db, filter({ sort: 'received', pageSize: '200' }), NOW)).items.map(
      (i) => i.createdAt,
    );
    expect(received).toEqual([...received].sort().reverse());
    const oldest = await listCases(db, filter({ sort: 'received', order: 'asc', pageSize: '200' }), NOW);
    expect(oldest.order).toBe('asc');
    expect(oldest.items.map((i) => i.createdAt)).toEqual([...received].reverse());
    const updated = (await listCases(db, filter({ sort: 'updated', pageSize: '200' }), NOW)).items.map(
      (i) => i.updatedAt,
    );
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('hides closed cases unless asked for', async () => {
    const [one] = (await listCases(db, filter({ pageSize: '1' }), NOW)).items;
    await db.prepare("UPDATE petitions SET status = 'closed' WHERE id = ?").bind(one!.id).run();
    expect((await listCases(db, filter(), NOW)).total).toBe(N - 1);
    expect((await listCases(db, filter({ includeClosed: '1' }), NOW)).total).toBe(N);
    expect((await listCases(db, filter({ status: 'closed' }), NOW)).items.map((i) => i.id)).toEqual([one!.id]);
  });

  it('refuses bad values with a Chinese message for each field', () => {
    const bad = (q: Record<string, string>) => {
      try {
        parseInboxFilter(new URLSearchParams(q));
      } catch (e) {
        expect(e).toBeInstanceOf(CaseError);
        return {
          status: (e as CaseError).status,
          message: e instanceof Error ? e.message : '',
          fields: (e as CaseError).fields,
        };
      }
      throw new Error('accepted');
    };
    expect(bad({ status: 'nonsense' })).toEqual({
      status: 400,
      message: '筛选条件“办理状态”的取值不正确，请从列表中选择',
      fields: { status: '筛选条件“办理状态”的取值不正确，请从列表中选择' },
    });
    expect(bad({ pageSize: '500', page: '0' }).fields).toEqual({
      page: '“页码”应为 1 到 100000 之间的整数',
      pageSize: '“每页条数”应为 1 到 200 之间的整数',
    });
    expect(bad({ withinDays: '1e3' }).fields).toEqual({ withinDays: '“几天内到期”应为 0 到 366 之间的整数' });
    expect(bad({ sort: 'random' }).fields).toEqual({ sort: '筛选条件“排序”的取值不正确，请从列表中选择' });
    expect(bad({ q: '字'.repeat(101) }).fields).toEqual({ q: '“查询码或标题”不能超过 100 个字' });
  });

  it('writes links from a filter that parse back to the same filter, defaults left out', () => {
    expect(inboxQueryString(filter())).toBe('');
    const f = filter({ region: filter({}).region ?? '', due: 'soon', withinDays: '7', page: '3', sort: 'updated' });
    const again = parseInboxQuery(new URLSearchParams(inboxQueryString(f).slice(1)));
    expect(again).toEqual({ ok: true, filter: f });
    expect(Object.keys(INBOX_FIELD_LABELS)).toContain('pageSize');
  });
});
