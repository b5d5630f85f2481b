import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/lib/tracking-code';
import { HOLIDAY_DATA_YEARS } from '../../src/lib/holidays';
import { addCalendarDays, periodEnd, shanghaiDate } from '../../src/lib/deadlines';
import { listOutbox } from '../../src/server/mail';
import { loadPublicCaseView } from '../../src/server/timeline';
import { verifyDatabase } from '../../src/server/audit';
import { postMultipart, submit, submitOk, validPetition } from './helpers';
import { act, authEnv, DEMO_HANDLER, request, staffMember } from './staff-helpers';

const handler = staffMember(DEMO_HANDLER);
const doAct = async (id: string, action: string, body: unknown = {}, now?: string) =>
  act(await handler.at(now), id, action, body, now);
const get = async (path: string, now?: string) =>
  request('GET', path, { cookie: await handler.at(now), ...(now ? { now } : {}) });

const PHONE_LAST4 = '5678'; // validPetition's phone is 13812345678

async function newCase(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const { code } = await submitOk(overrides);
  const compact = normaliseCode(code);
  const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?').bind(compact).first<{ id: string }>();
  return { id: row!.id, code: compact };
}

const ok = async (r: Response, status = 200) => {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${await r.text()}`);
  return r.json<Record<string, unknown>>();
};

type Detail = {
  status: string;
  deadlines: { kind: string; due: string; status: string; extensionDays: number; estimated: boolean }[];
  events: { type: string; isPublic: boolean; actorName: string }[];
  actions: { action: string }[];
  personal: { name: string; phone: string };
  children: { id: string; code: string; stage: string }[];
  attachments: { id: string; name: string; url: string }[];
};
const detail = async (id: string, now?: string) =>
  (await ok(await get(`/api/staff/cases/${id}`, now))) as unknown as Detail;

describe('staff handle a 申诉求决 case from registration to reply, and the citizen rates it and asks for 复查', () => {
  let c = { id: '', code: '' };
  beforeAll(async () => {
    c = await newCase();
  });

  it('shows the new case in the inbox with its decrypted personal data and the triage clock running from receipt', async () => {
    const inbox = await ok(await get(`/api/staff/cases?q=${c.code}`));
    const item = (inbox['items'] as { id: string; status: string; next: unknown }[]).find((x) => x.id === c.id);
    // Art. 22 runs from the office's receipt, before anyone registers the petition.
    expect(item).toMatchObject({ status: 'submitted', next: expect.objectContaining({ kind: 'triage' }) });
    const d = await detail(c.id);
    expect(d.personal).toMatchObject({ name: '张三', phone: '13812345678' });
    expect(d.actions.map((a) => a.action)).toEqual([
      'register',
      'reclassify',
      'recuse',
      'report_urgent',
      'recommend',
      'note',
    ]);
  });

  it('refuses a reply before registration with a 409 that says what can be done', async () => {
    const r = await doAct(c.id, 'reply', {
      request: '支付工资',
      factsAndReasons: '经调查属实',
      decision: 'support',
      opinion: '责令支付',
      legalBasis: '第三十二条',
    });
    expect(r.status).toBe(409);
    expect((await r.json<{ error: string }>()).error).toBe(
      '该事项当前状态为“已提交”，不能进行“出具处理意见”。现在可以进行的操作：登记。',
    );
  });

  it('registers: the 15-day triage clock keeps counting from receipt, not registration (Art. 22)', async () => {
    const r = await ok(await doAct(c.id, 'register', {}, '2026-11-23T02:00:00Z'));
    expect(r).toMatchObject({ status: 'registered', statusLabel: '已登记', mailed: true });
    const d = await detail(c.id, '2026-11-24T02:00:00Z');
    const received = shanghaiDate((d.events[0] as unknown as { at: string }).at);
    expect(d.deadlines).toEqual([
      expect.objectContaining({ kind: 'triage', due: periodEnd(received, 15).due, status: 'running' }),
    ]);
  });

  it('lists the case as overdue once the triage day has passed, registered or not (Art. 22, 44(一))', async () => {
    const unregistered = await newCase();
    const d = await detail(c.id);
    const due = periodEnd(shanghaiDate((d.events[0] as unknown as { at: string }).at), 15).due;
    const inbox = await ok(await get('/api/staff/cases?due=overdue', `${addCalendarDays(due, 1)}T02:00:00Z`));
    const cases = inbox['items'] as {
      id: string;
      overdue: boolean;
      next: { daysLeft: number; daysLeftText: string };
    }[];
    expect(cases.find((x) => x.id === c.id)).toMatchObject({
      overdue: true,
      next: { daysLeft: -1, daysLeftText: '已超期 1 天' },
    });
    expect(cases.find((x) => x.id === unregistered.id)).toMatchObject({ overdue: true });
    const soon = await ok(await get('/api/staff/cases?due=soon', `${addCalendarDays(due, -3)}T02:00:00Z`));
    expect((soon['items'] as { id: string }[]).map((x) => x.id)).toContain(unregistered.id);
    const bad = await get('/api/staff/cases?status=nonsense');
    expect(bad.status).toBe(400);
  });

  it('accepts: the 60-day handling clock of Art. 34 runs, and one extension of at most 30 days is allowed', async () => {
    await ok(await doAct(c.id, 'accept', { notice: '您的信访事项已受理，将依法调查核实。' }, '2026-11-25T02:00:00Z'));
    let d = await detail(c.id, '2026-11-26T02:00:00Z');
    const handle = d.deadlines.find((x) => x.kind === 'handle')!;
    // 25 Nov + 60 = Sun 24 Jan 2027 -> Mon 25 Jan.
    expect(handle).toMatchObject({
      due: '2027-01-25',
      status: 'running',
      estimated: !HOLIDAY_DATA_YEARS.includes(2027),
    });
    const tooLong = await doAct(c.id, 'extend', { days: 31, reason: '需要现场勘查' }, '2026-12-10T02:00:00Z');
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json<{ fields: Record<string, string> }>()).fields['days']).toBe('延长期限不得超过 30 日');
    await ok(await doAct(c.id, 'extend', { days: 20, reason: '需要现场勘查' }, '2026-12-10T02:00:00Z'));
    d = await detail(c.id, '2026-12-11T02:00:00Z');
    expect(d.deadlines.find((x) => x.kind === 'handle')).toMatchObject({ extensionDays: 20 });
    const again = await doAct(c.id, 'extend', { days: 5, reason: '还需时间' }, '2026-12-11T02:00:00Z');
    expect(again.status).toBe(409);
  });

  it('keeps internal notes from the citizen', async () => {
    await ok(await doAct(c.id, 'note', { text: '已电话联系用人单位负责人。' }, '2026-12-12T02:00:00Z'));
    const d = await detail(c.id);
    expect(d.events.at(-1)).toMatchObject({ type: 'note', isPublic: false, actorName: '演示办理人员' });
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-12-12T03:00:00Z'));
    expect(view!.notices.map((n) => n.type)).toEqual(['submitted', 'register', 'accept', 'extend']);
    expect(JSON.stringify(view)).not.toContain('用人单位负责人');
  });

  it('replies with a 信访处理意见书 and the citizen gets an email and a timeline with articles', async () => {
    const r = await ok(
      await doAct(
        c.id,
        'reply',
        {
          request: '请督促用人单位支付拖欠的工资。',
          factsAndReasons: '经调查核实，用人单位拖欠工资三个月属实。',
          decision: 'support',
          opinion: '已责令用人单位在 15 日内足额支付。',
          legalBasis: '《保障农民工工资支付条例》第三条',
        },
        '2026-12-20T02:00:00Z',
      ),
    );
    expect(r).toMatchObject({ status: 'replied', mailed: true });
    const mails = await listOutbox(authEnv, 200);
    const mail = mails.find(
      (m) => m.petitionId === c.id && m.kind === 'status-update' && m.subject.includes('出具处理意见'),
    );
    expect(mail?.to).toBe('zhangsan@example.com');
    expect(mail?.text).toContain('予以支持');
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-12-21T02:00:00Z'));
    const reply = view!.notices.find((n) => n.type === 'reply')!;
    expect(reply).toMatchObject({
      date: '2026-12-20',
      article: 35,
      articleHref: '/law/xinfang-gongzuo-tiaoli/#article-35',
    });
    expect(reply.details).toContainEqual({ label: '处理意见', value: '予以支持' });
    // Until the day the citizen received the reply is known, the 复查 window cannot close (Art. 35).
    expect(view!.review).toMatchObject({ stage: 'review', open: true, startKnown: false, daysLeft: null });
    const months = await loadPublicCaseView(authEnv.DB, c.id, new Date('2027-06-01T02:00:00Z'));
    expect(months!.review).toMatchObject({ open: true, startKnown: false });
  });

  it('cannot close the case before the reply is recorded as received, nor while the window runs', async () => {
    const early = await doAct(c.id, 'close', {}, '2026-12-21T02:00:00Z');
    expect(early.status).toBe(409);
    expect((await early.json<{ error: string }>()).error).toContain('登记送达情况');
    // The posted reply was signed for on 23 December; staff enter that day.
    const future = await doAct(
      c.id,
      'reply_delivered',
      { how: 'post', receivedOn: '2026-12-30' },
      '2026-12-24T02:00:00Z',
    );
    expect(future.status).toBe(400);
    expect((await future.json<{ fields: Record<string, string> }>()).fields['receivedOn']).toBe('收到日期不能晚于今天');
    await ok(
      await doAct(c.id, 'reply_delivered', { how: 'post', receivedOn: '2026-12-23' }, '2026-12-24T02:00:00Z'),
      200,
    );
    const twice = await doAct(
      c.id,
      'reply_delivered',
      { how: 'post', receivedOn: '2026-12-23' },
      '2026-12-24T03:00:00Z',
    );
    expect(twice.status).toBe(409);
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-12-24T04:00:00Z'));
    // 23 Dec + 30 = 22 Jan 2027, a Friday; counted from the reply (20 Dec) it would be 19 Jan.
    expect(view!.review).toMatchObject({
      open: true,
      startKnown: true,
      receivedOn: '2026-12-23',
      due: '2027-01-22',
      daysLeft: 29,
    });
    expect(view!.notices.find((n) => n.type === 'reply_delivered')).toMatchObject({
      label: '书面答复已送达',
      article: 35,
    });
    const r = await doAct(c.id, 'close', {}, '2026-12-25T02:00:00Z');
    expect(r.status).toBe(409);
    expect((await r.json<{ error: string }>()).error).toContain('2027-01-22');
  });

  it('lets the citizen rate the reply once', async () => {
    const first = await request('POST', '/api/track/rate', {
      body: { code: c.code, phoneLast4: PHONE_LAST4, rating: 'basically', comment: '希望尽快到账' },
    });
    expect(first.status).toBe(201);
    const second = await request('POST', '/api/track/rate', {
      body: { code: c.code, phoneLast4: PHONE_LAST4, rating: 'satisfied' },
    });
    expect(second.status).toBe(409);
    expect((await second.json<{ error: string }>()).error).toContain('只能评价一次');
    const wrongDigits = await request('POST', '/api/track/rate', {
      body: { code: c.code, phoneLast4: '0000', rating: 'satisfied' },
    });
    expect(wrongDigits.status).toBe(404);
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-12-22T02:00:00Z'));
    expect(view!.rating).toEqual({ given: '基本满意', canRate: false });
  });

  it('lets the citizen request 复查 in time: a linked case with its own 30-day clock', async () => {
    const r = await request('POST', '/api/track/review', {
      body: {
        code: c.code,
        phoneLast4: PHONE_LAST4,
        request: '请求上一级机关复查',
        reasons: '用人单位至今仍未支付工资，处理意见没有落实。',
      },
      now: '2026-12-30T02:00:00Z',
    });
    const body = await ok(r, 201);
    expect(body).toMatchObject({ stage: 'review', stageLabel: '复查', decisionDue: '2027-01-29' });
    const d = await detail(c.id, '2026-12-30T03:00:00Z');
    expect(d.status).toBe('escalated');
    expect(d.children).toEqual([
      expect.objectContaining({ code: normaliseCode(body['code'] as string), stage: 'review' }),
    ]);
    const again = await request('POST', '/api/track/review', {
      body: {
        code: c.code,
        phoneLast4: PHONE_LAST4,
        request: '再次请求复查',
        reasons: '用人单位至今仍未支付工资，处理意见没有落实。',
      },
      now: '2026-12-31T02:00:00Z',
    });
    expect(again.status).toBe(409);

    // The 复查 case: decided within 30 days, then 复核 is possible, after which the matter is final.
    const child = d.children[0]!;
    const cd = await detail(child.id, '2026-12-30T03:00:00Z');
    expect(cd.deadlines).toEqual([expect.objectContaining({ kind: 'review-decision', due: '2027-01-29' })]);
    await ok(await doAct(child.id, 'register', {}, '2026-12-31T02:00:00Z'));
    expect((await doAct(child.id, 'extend', { days: 10, reason: '需要时间' }, '2026-12-31T03:00:00Z')).status).toBe(
      409,
    );
    await ok(await doAct(child.id, 'accept', {}, '2026-12-31T04:00:00Z'));
    await ok(
      await doAct(
        child.id,
        'reply',
        {
          request: '复查',
          factsAndReasons: '经复查，原处理意见正确。',
          decision: 'explain',
          opinion: '维持原处理意见。',
          legalBasis: '第三十五条',
        },
        '2027-01-10T02:00:00Z',
      ),
    );
    const recheck = await ok(
      await request('POST', '/api/track/review', {
        body: {
          code: child.code,
          phoneLast4: PHONE_LAST4,
          request: '请求复核',
          reasons: '复查意见没有回应我提出的新证据。',
        },
        now: '2027-01-12T02:00:00Z',
      }),
      201,
    );
    expect(recheck).toMatchObject({ stage: 'recheck' });
    const grandchild = (await detail(child.id, '2027-01-12T03:00:00Z')).children[0]!;
    await ok(await doAct(grandchild.id, 'register', {}, '2027-01-12T04:00:00Z'));
    await ok(await doAct(grandchild.id, 'accept', {}, '2027-01-12T05:00:00Z'));
    await ok(await doAct(grandchild.id, 'hearing_start', {}, '2027-01-15T02:00:00Z'));
    const paused = await detail(grandchild.id, '2027-01-16T02:00:00Z');
    expect(paused.deadlines[0]).toMatchObject({ kind: 'recheck-decision', status: 'paused' });
    await ok(await doAct(grandchild.id, 'hearing_end', {}, '2027-01-16T02:00:00Z'));
    await ok(
      await doAct(
        grandchild.id,
        'reply',
        {
          request: '复核',
          factsAndReasons: '经复核，复查意见正确。',
          decision: 'reject',
          opinion: '维持复查意见。',
          legalBasis: '第三十六条',
        },
        '2027-01-20T02:00:00Z',
      ),
    );
    const closed = await ok(await doAct(grandchild.id, 'close', {}, '2027-01-21T02:00:00Z'));
    expect(closed).toMatchObject({ status: 'closed_final', statusLabel: '已终结' });
    const final = await request('POST', '/api/track/review', {
      body: {
        code: recheck['code'] as string,
        phoneLast4: PHONE_LAST4,
        request: '再次请求复核',
        reasons: '仍然不服复核意见，请求再次处理。',
      },
      now: '2027-01-22T02:00:00Z',
    });
    expect(final.status).toBe(409);
    expect((await final.json<{ error: string }>()).error).toContain('第三十六条第三款');

    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2027-01-22T02:00:00Z'));
    expect(view!.linked[0]).toMatchObject({
      stage: 'review',
      linked: [expect.objectContaining({ stage: 'recheck', status: 'closed_final' })],
    });
  });
});

describe('the 复查 window closes after 30 days', () => {
  it('refuses a late request with the reason, and then the case can be closed', async () => {
    const c = await newCase();
    await ok(await doAct(c.id, 'register', {}, '2026-11-23T02:00:00Z'));
    await ok(await doAct(c.id, 'accept', {}, '2026-11-23T03:00:00Z'));
    await ok(
      await doAct(
        c.id,
        'reply',
        {
          request: '支付工资',
          factsAndReasons: '经调查核实情况属实',
          decision: 'support',
          opinion: '责令支付工资',
          legalBasis: '第三十二条',
        },
        '2026-12-01T02:00:00Z',
      ),
    );
    await ok(
      await doAct(c.id, 'reply_delivered', { how: 'in-person', receivedOn: '2026-12-01' }, '2026-12-01T03:00:00Z'),
    );
    // Received 1 Dec + 30 = 31 Dec 2026 (a Thursday).
    const late = await request('POST', '/api/track/review', {
      body: { code: c.code, phoneLast4: PHONE_LAST4, request: '请求复查', reasons: '我对处理意见不服，请求复查。' },
      now: '2027-01-01T02:00:00Z',
    });
    expect(late.status).toBe(409);
    expect((await late.json<{ error: string }>()).error).toContain('已于 2026-12-31 届满');
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2027-01-01T02:00:00Z'));
    expect(view!.review).toMatchObject({ open: false });
    expect(view!.review?.reason).toContain('2026-12-31');
    await ok(await doAct(c.id, 'close', {}, '2027-01-01T03:00:00Z'));
  });

  it('does not accept a rating or a review before there is a reply', async () => {
    const c = await newCase();
    const rate = await request('POST', '/api/track/rate', {
      body: { code: c.code, phoneLast4: PHONE_LAST4, rating: 'satisfied' },
    });
    expect(rate.status).toBe(409);
    const review = await request('POST', '/api/track/review', {
      body: { code: c.code, phoneLast4: PHONE_LAST4, request: '请求复查', reasons: '我对处理意见不服，请求复查。' },
    });
    expect(review.status).toBe(409);
  });
});

describe('staff correct the kind the citizen ticked, and the clock follows (Art. 34)', () => {
  it('gives a matter ticked as a suggestion the 60 days once staff reclassify it as 申诉求决, with a reason the citizen reads', async () => {
    const c = await newCase({ kind: 'suggestion' });
    await ok(await doAct(c.id, 'register', {}, '2026-12-02T02:00:00Z'));
    await ok(await doAct(c.id, 'accept', {}, '2026-12-03T02:00:00Z'));
    let d = await detail(c.id, '2026-12-04T02:00:00Z');
    expect(d.deadlines.map((x) => x.kind)).not.toContain('handle');
    const noReason = await doAct(c.id, 'reclassify', { kind: 'claim' }, '2026-12-04T02:00:00Z');
    expect(noReason.status).toBe(400);
    expect((await noReason.json<{ fields: Record<string, string> }>()).fields['reason']).toBe('请填写更正理由');
    const same = await doAct(c.id, 'reclassify', { kind: 'suggestion', reason: '核对类别' }, '2026-12-04T02:00:00Z');
    expect(same.status).toBe(400);
    await ok(
      await doAct(c.id, 'reclassify', { kind: 'claim', reason: '实为请求支付拖欠的工资' }, '2026-12-04T02:00:00Z'),
    );
    d = await detail(c.id, '2026-12-05T02:00:00Z');
    // Accepted 3 Dec + 60 = 1 February 2027 (a Monday).
    expect(d.deadlines.find((x) => x.kind === 'handle')).toMatchObject({ due: '2027-02-01', status: 'running' });
    expect(d.events.at(-1)).toMatchObject({ type: 'reclassify', isPublic: true, actorName: '演示办理人员' });
    const row = await authEnv.DB.prepare('SELECT kind FROM petitions WHERE id = ?')
      .bind(c.id)
      .first<{ kind: string }>();
    expect(row?.kind).toBe('claim');
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-12-05T02:00:00Z'));
    expect(view!.notices.at(-1)).toMatchObject({ type: 'reclassify', label: '更正事项类别' });
    expect(view!.notices.at(-1)!.details).toContainEqual({ label: '更正理由', value: '实为请求支付拖欠的工资' });
    // Extension is now possible, as for any 申诉求决 matter.
    await ok(await doAct(c.id, 'extend', { days: 10, reason: '需要现场勘查' }, '2026-12-06T02:00:00Z'));
  });
});

describe('other transitions over HTTP (a sample; unit tests cover all)', () => {
  it('transfers, takes back an objection internally, assigns with a due date, then refuses to accept (Art. 19 ¶3)', async () => {
    const c = await newCase();
    await ok(await doAct(c.id, 'register', {}, '2026-11-23T02:00:00Z'));
    expect((await doAct(c.id, 'transfer', {}, '2026-11-23T03:00:00Z')).status).toBe(400);
    await ok(await doAct(c.id, 'transfer', { unit: '示例县人力资源和社会保障局' }, '2026-11-23T03:00:00Z'));
    const returned = await ok(await doAct(c.id, 'return', { reason: '不属于本单位职权范围' }, '2026-11-25T03:00:00Z'));
    expect(returned).toMatchObject({ status: 'registered', event: { isPublic: false }, mailed: false });
    await ok(
      await doAct(c.id, 'assign', { unit: '示例县住房和城乡建设局', dueDate: '2027-01-10' }, '2026-11-26T03:00:00Z'),
    );
    const d = await detail(c.id, '2026-11-27T02:00:00Z');
    expect(d.deadlines.map((x) => x.kind)).toEqual(['triage', 'notice', 'objection', 'assigned']);
    const refused = await ok(
      await doAct(
        c.id,
        'not_accept',
        { ground: 'art19-3', reasons: '同一事项已由示例县人社局受理并正在办理。' },
        '2026-11-28T03:00:00Z',
      ),
    );
    expect(refused).toMatchObject({ status: 'not_accepted' });
    const inbox = await ok(await get('/api/staff/cases?status=not_accepted'));
    expect((inbox['items'] as { id: string; unit: string }[]).find((x) => x.id === c.id)?.unit).toBe(
      '示例县住房和城乡建设局',
    );
    await ok(await doAct(c.id, 'close', {}, '2026-11-29T03:00:00Z'));
  });

  it('routes a matter to arbitration with an explanation the citizen reads (Art. 31(2))', async () => {
    const c = await newCase();
    await ok(await doAct(c.id, 'register', {}, '2026-11-23T02:00:00Z'));
    await ok(
      await doAct(
        c.id,
        'route',
        { target: 'arbitration', explanation: '劳动争议请向示例县劳动人事争议仲裁委员会申请仲裁。' },
        '2026-11-24T02:00:00Z',
      ),
    );
    const view = await loadPublicCaseView(authEnv.DB, c.id, new Date('2026-11-25T02:00:00Z'));
    const notice = view!.notices.find((n) => n.type === 'route')!;
    expect(notice).toMatchObject({ article: 31, articleHref: '/law/xinfang-gongzuo-tiaoli/#article-31' });
    expect(notice.details).toContainEqual({ label: '应当通过的途径', value: '仲裁' });
    expect((await doAct(c.id, 'accept', {}, '2026-11-25T02:00:00Z')).status).toBe(409);
  });

  it('records a mediation (Art. 33) and refuses an unknown action', async () => {
    const c = await newCase();
    await ok(await doAct(c.id, 'register', {}, '2026-11-23T02:00:00Z'));
    await ok(await doAct(c.id, 'accept', {}, '2026-11-23T03:00:00Z'));
    await ok(
      await doAct(c.id, 'mediate', { outcome: 'mediation', summary: '双方同意分两期支付。' }, '2026-11-30T03:00:00Z'),
    );
    expect((await doAct(c.id, 'request_review', {}, '2026-11-30T04:00:00Z')).status).toBe(404);
    expect((await doAct(c.id, 'delete', {}, '2026-11-30T04:00:00Z')).status).toBe(404);
  });

  it('gives reply templates per issue area', async () => {
    const r = await ok(await get('/api/staff/templates?issueArea=labour'));
    const list = r['templates'] as { issueArea: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.issueArea === 'labour')).toBe(true);
  });
});

describe('export and attachments', () => {
  it('exports the filtered list as CSV with a BOM and formulas neutralised', async () => {
    const c = await newCase({ title: '=HYPERLINK("http://evil")' });
    const r = await get('/api/staff/cases/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment;/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toContain(`${c.code},"'=HYPERLINK(""http://evil"")"`);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF查询码,标题,阶段,状态,类别,问题类别,属地,承办单位,提交时间,下一期限,到期日,剩余天数,是否超期',
    );
  });

  it('downloads an attachment, decrypted, only through the signed-in route', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
    const form = new FormData();
    for (const [k, v] of Object.entries(validPetition())) form.append(k, v === true ? 'on' : String(v));
    form.append('attachments', new File([png], '张三的欠条.png', { type: 'image/png' }));
    const created = await submit(postMultipart('/api/petitions', form, undefined, { accept: 'application/json' }));
    expect(created.status).toBe(201);
    const code = normaliseCode((await created.json<{ code: string }>()).code);
    const id = (await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?').bind(code).first<{ id: string }>())!
      .id;
    const d = await detail(id);
    expect(d.attachments).toEqual([expect.objectContaining({ name: '张三的欠条.png' })]);
    const file = await get(d.attachments[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect((await request('GET', d.attachments[0]!.url)).status).toBe(401);
    expect((await get(`/api/staff/cases/${id}/attachments/nope`)).status).toBe(404);
  });
});

describe('the audit chain', () => {
  it('holds for every case handled above, and detects an edited row', async () => {
    const before = await verifyDatabase(authEnv.DB);
    expect(before.events).toBeGreaterThan(10);
    expect(before.broken).toEqual([]);
    const victim = await authEnv.DB.prepare(
      "SELECT petition_id, seq FROM petition_events WHERE type = 'reply' LIMIT 1",
    ).first<{
      petition_id: string;
      seq: number;
    }>();
    // The triggers refuse an UPDATE through SQL, so first prove that, then do what an intruder with
    // the database file would do: drop the trigger.
    await expect(
      authEnv.DB.prepare("UPDATE petition_events SET data = '{}' WHERE petition_id = ? AND seq = ?")
        .bind(victim!.petition_id, victim!.seq)
        .run(),
    ).rejects.toThrow(/append-only/);
    const pg = authEnv.DB.dialect === 'postgres';
    await authEnv.DB.prepare(`DROP TRIGGER petition_events_no_update${pg ? ' ON petition_events' : ''}`).run();
    const edited = pg
      ? `CAST(jsonb_set(CAST(data AS jsonb), '{decision}', '"reject"') AS TEXT)`
      : `json_set(data, '$.decision', 'reject')`;
    await authEnv.DB.prepare(`UPDATE petition_events SET data = ${edited} WHERE petition_id = ? AND seq = ?`)
      .bind(victim!.petition_id, victim!.seq)
      .run();
    const after = await verifyDatabase(authEnv.DB);
    expect(after.broken.map((b) => [b.petitionId, b.seq])).toEqual([[victim!.petition_id, victim!.seq]]);
    expect(after.broken[0]?.reason).toContain('edited');
  });
});
