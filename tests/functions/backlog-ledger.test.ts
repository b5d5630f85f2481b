/**
 * Issue 14: the backlog ledger through the real app — a handler puts cases in the ledger with a
 * leader, plan, grade, 督办 and 回访; only the named leader signs off, and only a complete 六有 file
 * can be signed or struck off; a case the petitioner rated 不满意 goes back (回炉). Every change is
 * an event in the hash chain. The monthly 统计表 of a past month is recounted here from the events.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LIUYOU_ITEMS, RISK_GRADES } from '../../src/lib/backlog';
import { shanghaiDate, addCalendarDays } from '../../src/lib/deadlines';
import { normaliseCode } from '../../src/lib/tracking-code';
import { regionIds } from '../../src/lib/settings';
import { verifyDatabase } from '../../src/server/audit';
import { submitOk } from './helpers';
import { authEnv, DEMO_HANDLER, request, staffMember } from './staff-helpers';

const handler = staffMember(DEMO_HANDLER);
const leader = staffMember('leader@example.gov.cn');

// The ledger's life runs in pretend time: months after today, so a month can be "past".
const day0 = addCalendarDays(shanghaiDate(new Date()), 40);
const at = (offsetDays: number) => `${addCalendarDays(day0, offsetDays)}T02:00:00.000Z`;

async function post(who: typeof handler, id: string, action: string, body: unknown, now: string) {
  return request('POST', `/api/staff/backlog/${id}/${action}`, { cookie: await who.at(now), body, now });
}
async function get(who: typeof handler, path: string, now: string) {
  return request('GET', path, { cookie: await who.at(now), now });
}
const ok = async (r: Response, status = 200) => {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
  return r.json<Record<string, unknown>>();
};

async function newCase(region: string): Promise<string> {
  const { code } = await submitOk({ region });
  const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?')
    .bind(normaliseCode(code))
    .first<{ id: string }>();
  return row!.id;
}

const markBody = (over: Record<string, unknown> = {}) => ({
  source: 'repeat',
  class: 'livelihood',
  leaderId: 'demo-leader',
  leaderTitle: '副县长',
  team: {
    legalAdviser: '示例律师事务所 律师',
    psychologist: '县心理服务中心',
    gentry: '村老党员代表',
    departments: '县人社局、县住建局',
  },
  measures: '召开协调会，督促用人单位分期支付拖欠工资，法律顾问释法明理。',
  milestones: [
    { due: addCalendarDays(day0, 30), what: '支付第二期' },
    { due: addCalendarDays(day0, 10), what: '召开协调会' },
  ],
  timeLimit: addCalendarDays(day0, 60),
  riskGrade: 'orange',
  riskReason: '多次重复信访，情绪激动',
  ...over,
});

describe('the backlog ledger', () => {
  let a = '';
  let b = '';
  let c = '';
  beforeAll(async () => {
    a = await newCase(regionIds[0]);
    b = await newCase(regionIds[1]!);
    c = await newCase(regionIds[1]!);
  });

  it('refuses a mark without its fields, naming each one in Chinese', async () => {
    const r = await post(handler, a, 'mark', { source: 'nope', riskGrade: 'purple' }, at(0));
    expect(r.status).toBe(400);
    const body = await r.json<{ error: string; fields: Record<string, string> }>();
    expect(body.error).toBe('填写的内容有误，请按提示修改后再提交');
    expect(body.fields).toMatchObject({
      source: '请选择积案来源：上级交办、排查或重复信访',
      riskGrade: '请选择风险等级：红、橙、黄、蓝',
      measures: '请填写化解措施',
      timeLimit: '请填写化解时限',
    });
    const stranger = await post(handler, a, 'mark', markBody({ leaderId: 'nobody' }), at(0));
    expect(stranger.status).toBe(400);
    expect((await stranger.json<{ fields: Record<string, string> }>()).fields['leaderId']).toContain('在册、在岗');
    const past = await post(handler, a, 'mark', markBody({ timeLimit: addCalendarDays(day0, -1) }), at(0));
    expect((await past.json<{ fields: Record<string, string> }>()).fields['timeLimit']).toBe('化解时限不能早于今天');
  });

  it('puts a case in the ledger once, as an event in its hash chain', async () => {
    const r = await ok(await post(handler, a, 'mark', markBody(), at(0)));
    expect(r).toMatchObject({ status: 'open', event: { type: 'backlog_mark' } });
    const again = await post(handler, a, 'mark', markBody(), at(1));
    expect(again.status).toBe(409);
    expect((await again.json<{ error: string }>()).error).toContain('已经列为积案');
    await ok(await post(handler, b, 'mark', markBody({ riskGrade: 'red', class: 'legacy' }), at(2)));
    await ok(
      await post(handler, c, 'mark', markBody({ riskGrade: 'blue', timeLimit: addCalendarDays(day0, 5) }), at(3)),
    );
    expect((await verifyDatabase(authEnv.DB)).broken).toEqual([]);
  });

  it('records 督办, 回访, a new plan and a new grade, each in the chain and counted on the row', async () => {
    await ok(
      await post(
        handler,
        a,
        'supervise',
        {
          method: 'letter',
          on: addCalendarDays(day0, 5),
          by: '县信访联席办',
          content: '发督办函，要求 10 日内报告进展',
        },
        at(5),
      ),
    );
    await ok(
      await post(
        handler,
        a,
        'supervise',
        { method: 'phone', on: addCalendarDays(day0, 6), by: '县信访局', content: '电话督促召开协调会' },
        at(6),
      ),
    );
    await ok(await post(handler, a, 'grade', { riskGrade: 'yellow', riskReason: '已达成初步协议，情绪稳定' }, at(7)));
    await ok(
      await post(
        handler,
        a,
        'plan',
        { measures: '按协议分三期支付，第一期已付', milestones: [], timeLimit: addCalendarDays(day0, 50) },
        at(8),
      ),
    );
    await ok(
      await post(
        handler,
        a,
        'visit',
        {
          method: 'phone',
          on: addCalendarDays(day0, 9),
          by: '县信访局',
          opinion: 'basically',
          content: '信访人表示基本满意',
        },
        at(9),
      ),
    );
    const d = await ok(await get(handler, `/api/staff/backlog/${a}`, at(9)));
    expect(d).toMatchObject({
      riskGrade: 'yellow',
      supervisionCount: 2,
      visitCount: 1,
      timeLimit: addCalendarDays(day0, 50),
      leaderName: '演示包案领导',
    });
    expect((d['records'] as { type: string }[]).map((x) => x.type)).toEqual([
      'mark',
      'supervise',
      'supervise',
      'grade',
      'plan',
      'visit',
    ]);
    expect(d['team']).toMatchObject({ departments: ['县人社局', '县住建局'] });
    const events = await authEnv.DB.prepare(
      "SELECT type FROM petition_events WHERE petition_id = ? AND type LIKE 'backlog%' ORDER BY seq",
    )
      .bind(a)
      .all<{ type: string }>();
    expect(events.results.map((e) => e.type)).toEqual([
      'backlog_mark',
      'backlog_supervise',
      'backlog_supervise',
      'backlog_grade',
      'backlog_plan',
      'backlog_visit',
    ]);
  });

  it('lets only the named leader sign off, and only a complete 六有 file be signed and struck off', async () => {
    const byHandler = await post(handler, a, 'sign_off', {}, at(10));
    expect(byHandler.status).toBe(409);
    expect((await byHandler.json<{ error: string }>()).error).toBe('只有本案的包案领导本人可以签字确认');
    const incomplete = await post(leader, a, 'sign_off', {}, at(10));
    expect(incomplete.status).toBe(409);
    expect((await incomplete.json<{ error: string }>()).error).toContain('还缺：有案件材料');
    await ok(await post(handler, a, 'checklist', { items: LIUYOU_ITEMS.slice(0, 5) }, at(11)));
    expect((await post(handler, a, 'strike', {}, at(11))).status).toBe(409);
    await ok(await post(handler, a, 'checklist', { items: [...LIUYOU_ITEMS] }, at(12)));
    const unsigned = await post(handler, a, 'strike', {}, at(12));
    expect((await unsigned.json<{ error: string }>()).error).toBe('包案领导尚未签字确认，不能销号');
    await ok(await post(leader, a, 'sign_off', { note: '同意销号' }, at(13)));
    expect(await ok(await post(handler, a, 'strike', {}, at(14)))).toMatchObject({ status: 'struck' });
    expect((await post(handler, a, 'grade', { riskGrade: 'red', riskReason: '再次升级' }, at(15))).status).toBe(409);
  });

  it('sends a struck case back (回炉) only after a 不满意, with a reason, and asks for a new reply-and-visit record', async () => {
    const early = await post(handler, a, 'send_back', { reason: '信访人不认可' }, at(20));
    expect((await early.json<{ error: string }>()).error).toContain('不满意');
    await ok(
      await post(
        handler,
        a,
        'visit',
        {
          method: 'in-person',
          on: addCalendarDays(day0, 35),
          by: '县信访局',
          opinion: 'unsatisfied',
          content: '信访人对第三期支付时间不满意',
        },
        at(35),
      ),
    );
    expect((await post(handler, a, 'send_back', {}, at(35))).status).toBe(400);
    expect(await ok(await post(handler, a, 'send_back', { reason: '第三期未按时支付' }, at(36)))).toMatchObject({
      status: 'open',
    });
    const d = await ok(await get(handler, `/api/staff/backlog/${a}`, at(36)));
    expect(d).toMatchObject({ status: 'open', returnedCount: 1, signedOff: false });
    expect(d['checklist']).not.toContain('reply-visit');
    expect((await verifyDatabase(authEnv.DB)).broken).toEqual([]);
  });

  it('filters, sorts and pages the ledger in SQL; the leader sees their own cases', async () => {
    const list = async (q: string, who = handler) =>
      (await ok(await get(who, `/api/staff/backlog?${q}`, at(40)))) as unknown as {
        items: { petitionId: string; riskGrade: string; overdue: boolean }[];
        total: number;
        overdue: number;
      };
    expect((await list('grade=red')).items.map((i) => i.petitionId)).toEqual([b]);
    expect((await list(`region=${regionIds[1]}&sort=grade`)).items.map((i) => i.petitionId)).toEqual([b, c]);
    const overdue = await list('overdue=1');
    expect(overdue.items.map((i) => i.petitionId)).toEqual([c]);
    expect((await list('')).overdue).toBe(1);
    expect((await list('leader=me', leader)).total).toBe(3);
    expect((await list('leader=me')).total).toBe(0);
    expect((await list('minAgeDays=39')).items.map((i) => i.petitionId)).toEqual([a]);
    const bad = await get(handler, '/api/staff/backlog?grade=purple&page=0', at(40));
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json<{ fields: object }>()).fields).sort()).toEqual(['grade', 'page']);
  });

  it('draws the 统计表 of a past month that matches a recount from the events, as JSON and as CSV', async () => {
    const month = at(0).slice(0, 7);
    const next = addCalendarDays(`${month}-28`, 10).slice(0, 7);
    const report = (await ok(
      await get(handler, `/api/staff/backlog/report?month=${month}`, `${next}-15T02:00:00.000Z`),
    )) as unknown as {
      rows: { region: string; counts: Record<string, number> }[];
      total: { counts: Record<string, number> };
    };
    // The recount: straight from the chain, without the report's code.
    const { results } = await authEnv.DB.prepare(
      "SELECT e.petition_id, e.type, e.at, e.data, p.region FROM petition_events e JOIN petitions p ON p.id = e.petition_id WHERE e.type LIKE 'backlog%' ORDER BY e.petition_id, e.seq",
    ).all<{ petition_id: string; type: string; at: string; data: string; region: string }>();
    const inMonth = results.filter((e) => shanghaiDate(e.at).slice(0, 7) === month);
    const last = `${month}-31`;
    const open = new Map<string, boolean>();
    const grade = new Map<string, string>();
    for (const e of results.filter((x) => shanghaiDate(x.at) <= last)) {
      if (e.type === 'backlog_mark' || e.type === 'backlog_send_back') open.set(e.petition_id, true);
      if (e.type === 'backlog_strike') open.set(e.petition_id, false);
      const g = (JSON.parse(e.data) as { riskGrade?: string }).riskGrade;
      if (g) grade.set(e.petition_id, g);
    }
    const openIds = [...open].filter(([, v]) => v).map(([k]) => k);
    const count = (type: string) => inMonth.filter((e) => e.type === type).length;
    expect(report.total.counts).toMatchObject({
      marked: count('backlog_mark'),
      struck: count('backlog_strike'),
      sentBack: count('backlog_send_back'),
      supervisions: count('backlog_supervise'),
      visits: count('backlog_visit'),
      openAtEnd: openIds.length,
      markedTotal: open.size,
    });
    for (const g of RISK_GRADES)
      expect(report.total.counts[g]).toBe(openIds.filter((id) => grade.get(id) === g).length);
    const byRegion = report.rows.find((r) => r.region === regionIds[1])!;
    expect(byRegion.counts['marked']).toBe(
      inMonth.filter((e) => e.type === 'backlog_mark' && e.region === regionIds[1]).length,
    );
    expect(report.total.counts['marked']).toBeGreaterThan(0);

    const csv = await get(handler, `/api/staff/backlog/report/csv?month=${month}`, `${next}-15T02:00:00.000Z`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('信访积案排查化解情况统计表')).toBe(true);
    expect(text).toContain(`合计,${report.total.counts['openAtStart']},${report.total.counts['marked']},`);
    const future = await get(handler, `/api/staff/backlog/report?month=2999-01`, at(40));
    expect(future.status).toBe(400);
  });

  it('keeps every ledger route for signed-in staff', async () => {
    for (const path of [
      '/api/staff/backlog',
      `/api/staff/backlog/${a}`,
      '/api/staff/backlog/report',
      '/api/staff/stats',
    ])
      expect((await request('GET', path)).status).toBe(401);
    expect((await request('POST', `/api/staff/backlog/${a}/strike`, { body: {} })).status).toBe(401);
  });
});
