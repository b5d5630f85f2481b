// The duties of the regulation that no deadline captures, over HTTP on a real database: recusal
// (Art. 28 ¶3), the report of a serious or urgent matter (Art. 25 ¶1), the 信访部门's
// recommendations and the written feedback on them (Art. 40), routing to another procedure after a
// transfer (Art. 31(1)-(5)) and a hearing in first-instance handling (Art. 31(6)).
import { describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/lib/tracking-code';
import { loadPublicCaseView } from '../../src/server/timeline';
import { submitOk } from './helpers';
import { act, authEnv, DEMO_ADMIN, DEMO_HANDLER, request, signIn } from './staff-helpers';

// One sign-in each for the whole file: signing in per call would meet the login rate limit.
const cookies = new Map<string, Promise<string>>();
const cookieOf = (email: string) => {
  if (!cookies.has(email)) cookies.set(email, signIn(email));
  return cookies.get(email)!;
};
const admin = { at: () => cookieOf(DEMO_ADMIN) };
const asHandler = async (id: string, action: string, body: unknown = {}) =>
  act(await cookieOf(DEMO_HANDLER), id, action, body);
const asAdmin = async (id: string, action: string, body: unknown = {}) =>
  act(await cookieOf(DEMO_ADMIN), id, action, body);

async function newCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const { code } = await submitOk(overrides);
  const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?')
    .bind(normaliseCode(code))
    .first<{ id: string }>();
  return row!.id;
}

const ok = async (r: Response, status = 200) => {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
  return r.json<Record<string, unknown>>();
};
const errorOf = async (r: Response) => (await r.json<{ error: string }>()).error;
const events = async (id: string) =>
  (
    (await ok(await request('GET', `/api/staff/cases/${id}`, { cookie: await admin.at() }))) as {
      events: { type: string; isPublic: boolean; data: Record<string, unknown> }[];
    }
  ).events;

describe('recusal (Art. 28 ¶3)', () => {
  it('stops a handler who recused themself from acting on the case, while others still can', async () => {
    const id = await newCase();
    await ok(await asHandler(id, 'register'));
    const noReason = await asHandler(id, 'recuse', {});
    expect(noReason.status).toBe(400);
    await ok(await asHandler(id, 'recuse', { reason: '信访人是本人的近亲属' }));
    const after = await asHandler(id, 'transfer', { unit: '示例县人社局' });
    expect(after.status).toBe(409);
    expect(await errorOf(after)).toContain('申请回避');
    expect((await asHandler(id, 'note', { text: '补充说明' })).status).toBe(409);
    await ok(await asAdmin(id, 'transfer', { unit: '示例县人社局' }));
    const recusal = (await events(id)).find((e) => e.type === 'recuse');
    expect(recusal).toMatchObject({ isPublic: false, data: { reason: '信访人是本人的近亲属' } });
  });

  it('lets an admin record another staff member’s recusal, and no handler record someone else’s', async () => {
    const id = await newCase();
    const me = (await events(id)).length; // the case exists; nobody has acted yet
    expect(me).toBe(1);
    const other = await asHandler(id, 'recuse', { staffId: 'demo-admin', reason: '与被反映单位有利害关系' });
    expect(other.status).toBe(409);
    expect(await errorOf(other)).toContain('只有管理员');
    await ok(await asAdmin(id, 'recuse', { staffId: 'demo-handler', reason: '与被反映单位有利害关系' }));
    expect((await asHandler(id, 'register')).status).toBe(409);
  });
});

describe('serious or urgent matters (Art. 25 ¶1)', () => {
  it('records to whom the matter was reported and what was said, internally', async () => {
    const id = await newCase();
    const missing = await asHandler(id, 'report_urgent', { summary: '多名群众反映' });
    expect(missing.status).toBe(400);
    expect((await missing.json<{ fields: Record<string, string> }>()).fields['toldWhom']).toBe(
      '请填写报告或通报的对象',
    );
    await ok(
      await asHandler(id, 'report_urgent', { toldWhom: '县委办公室、县政府办公室', summary: '涉及多人的欠薪事项' }),
    );
    const report = (await events(id)).find((e) => e.type === 'report_urgent');
    expect(report).toMatchObject({ isPublic: false, data: { toldWhom: '县委办公室、县政府办公室' } });
    const view = await loadPublicCaseView(authEnv.DB, id, new Date());
    expect(view!.notices.map((n) => n.type)).not.toContain('report_urgent');
  });
});

describe('recommendations of the 信访部门 and the written feedback on them (Art. 40)', () => {
  it('takes feedback only on a recommendation that was made', async () => {
    const id = await newCase();
    const early = await asHandler(id, 'recommend_feedback', { adopted: 'adopted', text: '已采纳并整改' });
    expect(early.status).toBe(409);
    const badType = await asHandler(id, 'recommend', {
      type: 'praise',
      unit: '示例县人社局',
      text: '改进欠薪处置流程',
    });
    expect(badType.status).toBe(400);
    await ok(
      await asHandler(id, 'recommend', { type: 'improve', unit: '示例县人社局', text: '建议建立欠薪快速处置机制' }),
    );
    await ok(
      await asHandler(id, 'recommend_feedback', { adopted: 'partly', text: '已建立快速处置机制，人员配备正在落实' }),
    );
    expect((await events(id)).map((e) => e.type)).toEqual(['submitted', 'recommend', 'recommend_feedback']);
  });
});

describe('routing and hearings in first-instance handling (Art. 31)', () => {
  it('routes a transferred matter to arbitration from the receiving body (B10)', async () => {
    const id = await newCase();
    await ok(await asHandler(id, 'register'));
    await ok(await asHandler(id, 'transfer', { unit: '示例县人社局' }));
    const r = await ok(
      await asHandler(id, 'route', {
        target: 'arbitration',
        explanation: '属于劳动争议，请向劳动人事争议仲裁委员会申请仲裁。',
      }),
    );
    expect(r).toMatchObject({ status: 'routed' });
  });

  it('holds a hearing for a 申诉求决 matter and refuses one for a suggestion (B11)', async () => {
    const claim = await newCase();
    await ok(await asHandler(claim, 'register'));
    await ok(await asHandler(claim, 'accept'));
    expect(await ok(await asHandler(claim, 'hearing_start', { note: '事项复杂，举行听证' }))).toMatchObject({
      status: 'hearing',
    });
    expect(await ok(await asHandler(claim, 'hearing_end'))).toMatchObject({ status: 'accepted' });
    const suggestion = await newCase({ kind: 'suggestion' });
    await ok(await asHandler(suggestion, 'register'));
    await ok(await asHandler(suggestion, 'accept'));
    const refused = await asHandler(suggestion, 'hearing_start');
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toContain('申诉求决类');
  });
});
