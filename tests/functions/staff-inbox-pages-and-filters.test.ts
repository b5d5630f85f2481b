/**
 * The staff inbox over HTTP on every target: pages with a total, filters and sorts in SQL on the
 * stored next due date, and that date follows each event (submission, staff actions).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { periodEnd, shanghaiDate } from '../../src/lib/deadlines';
import { formatCode, normaliseCode } from '../../src/lib/tracking-code';
import { seedCases } from '../../scripts/seed-cases';
import { submitOk } from './helpers';
import { act, authEnv, DEMO_HANDLER, request, staffMember } from './staff-helpers';

const handler = staffMember(DEMO_HANDLER);
const NOW = '2026-10-20T02:00:00.000Z';
// A fresh sign-in only when the pretended time changes: each sign-in purges the sessions that have
// expired by its own clock, and sign-in requests per address are limited.
let current: { now: string; cookie: Promise<string> } | null = null;
const cookieAt = (now: string) => {
  if (current?.now !== now) current = { now, cookie: handler.at(now) };
  return current.cookie;
};
const get = async (path: string, now = NOW) => request('GET', path, { cookie: await cookieAt(now), now });

interface Item {
  id: string;
  code: string;
  title: string;
  status: string;
  region: string;
  createdAt: string;
  overdue: boolean;
  next: { kind: string; due: string; daysLeft: number; status: string } | null;
}
interface Page {
  items: Item[];
  total: number;
  totalCapped: boolean;
  overdue: number;
  page: number;
  pageSize: number;
  pages: number;
}
const page = async (query: string, now = NOW): Promise<Page> => {
  const r = await get(`/api/staff/cases${query}`, now);
  if (r.status !== 200) throw new Error(`inbox ${query}: ${r.status} ${await r.text()}`);
  return await r.json<Page>();
};

const SEEDED = 45;
let open = 0;

beforeAll(async () => {
  await seedCases(authEnv.DB, authEnv, SEEDED, { now: new Date(NOW), spanDays: 60, batchSize: 15 });
  open = (await page('?pageSize=1')).total;
  expect(open).toBeGreaterThanOrEqual(SEEDED);
});

describe('the staff inbox pages and filters in SQL', () => {
  it('answers one page of 50 with the total, and the pages join up without repeats', async () => {
    const first = await page('');
    expect(first).toMatchObject({ page: 1, pageSize: 50, total: open, totalCapped: false });
    expect(first.items.length).toBe(Math.min(50, open));
    const all = (await page('?pageSize=200')).items.map((i) => i.id);
    const byTwenty: string[] = [];
    for (let p = 1; p <= Math.ceil(open / 20); p++) {
      const part = await page(`?pageSize=20&page=${p}`);
      expect(part.pages).toBe(Math.ceil(open / 20));
      byTwenty.push(...part.items.map((i) => i.id));
    }
    expect(byTwenty).toEqual(all);
  });

  it('puts the earliest due date first and cases without one last', async () => {
    const { items } = await page('?pageSize=200');
    const keys = items.map((i) => i.next?.due ?? '9999-12-31');
    expect(keys).toEqual([...keys].sort());
    expect(items.some((i) => i.next === null)).toBe(true);
    expect(items.some((i) => i.overdue)).toBe(true);
  });

  it('filters overdue and due within N days against the day of the request', async () => {
    const today = shanghaiDate(NOW);
    const all = (await page('?pageSize=200')).items;
    const overdue = await page('?due=overdue&pageSize=200');
    expect(overdue.items.map((i) => i.id)).toEqual(all.filter((i) => i.next && i.next.due < today).map((i) => i.id));
    expect(overdue.total).toBeGreaterThan(0);
    expect((await page('')).overdue).toBe(overdue.total);
    const week = await page('?due=soon&withinDays=10&pageSize=200');
    expect(week.items.map((i) => i.id)).toEqual(
      all.filter((i) => i.next && i.next.daysLeft >= 0 && i.next.daysLeft <= 10).map((i) => i.id),
    );
    // A week later, more of them are overdue: the stored dates are read against the new day.
    expect((await page('?due=overdue', '2026-10-27T02:00:00.000Z')).total).toBeGreaterThan(overdue.total);
  });

  it('filters by status and region and finds a case by its code as typed or by its title', async () => {
    const all = (await page('?pageSize=200')).items;
    const one = all[0]!;
    const byStatus = await page(`?status=${one.status}&pageSize=200`);
    expect(byStatus.items.map((i) => i.id)).toEqual(all.filter((i) => i.status === one.status).map((i) => i.id));
    const both = await page(`?status=${one.status}&region=${one.region}&pageSize=200`);
    expect(both.items.map((i) => i.id)).toEqual(
      all.filter((i) => i.status === one.status && i.region === one.region).map((i) => i.id),
    );
    const byCode = await page(`?q=${encodeURIComponent(formatCode(one.code).toLowerCase())}`);
    expect(byCode.items.map((i) => i.id)).toEqual([one.id]);
    const byTitle = await page(`?q=${encodeURIComponent('示例：噪声扰民（9）')}`);
    expect(byTitle.items.map((i) => i.title)).toEqual(['示例：噪声扰民（9）']);
  });

  it('sorts by received date, newest first, or oldest first', async () => {
    const newest = (await page('?sort=received&pageSize=200')).items.map((i) => i.createdAt);
    expect(newest).toEqual([...newest].sort().reverse());
    const oldest = (await page('?sort=received&order=asc&pageSize=200')).items.map((i) => i.createdAt);
    expect(oldest).toEqual([...newest].reverse());
  });

  it('refuses bad values with a Chinese message per field', async () => {
    const r = await get('/api/staff/cases?pageSize=500&due=later');
    expect(r.status).toBe(400);
    const body = await r.json<{ error: string; fields: Record<string, string> }>();
    expect(body.fields).toEqual({
      due: '筛选条件“期限”的取值不正确，请从列表中选择',
      pageSize: '“每页条数”应为 1 到 200 之间的整数',
    });
    expect(body.error).toBe('筛选条件“期限”的取值不正确，请从列表中选择');
  });

  it('moves a new case’s due date with its events: triage from receipt, still after 登记, objection after 转送', async () => {
    const received = shanghaiDate(new Date());
    const { code } = await submitOk({ title: '示例：期限随事件更新' });
    const compact = normaliseCode(code);
    const find = async (now: string) => (await page(`?q=${compact}`, now)).items[0]!;
    // Art. 22 runs from the office's receipt: the stored due date exists before anyone registers.
    expect((await find(NOW)).next).toMatchObject({ kind: 'triage', due: periodEnd(received, 15).due });
    const id = (await find(NOW)).id;
    const sept16 = '2026-09-16T02:00:00.000Z';
    expect((await act(await cookieAt(sept16), id, 'register', {}, sept16)).status).toBe(200);
    expect((await find(sept16)).next).toMatchObject({ kind: 'triage', due: periodEnd(received, 15).due });
    const sept29 = '2026-09-29T02:00:00.000Z';
    const transfer = await act(await cookieAt(sept29), id, 'transfer', { unit: '示例县人社局' }, sept29);
    expect(transfer.status).toBe(200);
    // Five working days across the holiday and the make-up Saturday end on Mon 12 Oct.
    expect((await find(sept29)).next).toMatchObject({ kind: 'objection', due: '2026-10-12', status: 'running' });
    const unit = await page(`?unit=${encodeURIComponent('示例县人社局')}`, sept29);
    expect(unit.items.map((i) => i.id)).toContain(id);
    expect((await find('2026-10-13T02:00:00.000Z')).overdue).toBe(true);
  });
});
