/**
 * Issue 13 on every target: staff register a letter, a visit (a group at a 领导接访日), a call and a
 * fax through POST /api/staff/cases; each gets one 查询码 that tracks online — with the printed PIN
 * when the person has no phone —, its Art. 22 clock runs from the day the office received it, SMS
 * go out once per notice across a provider outage, repeat petitions show the earlier case, and the
 * inbox filters by channel.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS } from '../../src/lib/channels';
import { formatCode } from '../../src/lib/tracking-code';
import type { IntakeResult } from '../../src/lib/staff-intake';
import type { CaseDetail, SlipFacts } from '../../src/lib/staff-api';
import type { AuthEnv } from '../../src/server/auth';
import { listSmsOutbox, localSms, processSmsOutbox } from '../../src/server/sms';
import { call, env, freshIp, ORIGIN, postJson, submitOk, validPetition } from './helpers';
import { act, DEMO_ADMIN, DEMO_HANDLER, request, signIn, staffMember } from './staff-helpers';
import { phoneHash } from '../../src/server/lookup-hashes';

// A Wednesday; the 15th day after 2026-12-06 is Monday 2026-12-21, a working day.
const NOW = '2026-12-16T02:00:00.000Z';

async function staffCall(
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
  overrides: Partial<AuthEnv> = {},
  now = NOW,
): Promise<Response> {
  const headers: Record<string, string> = {
    'cf-connecting-ip': freshIp().replace(/^198\.51\./, '127.51.'),
    cookie,
    'x-debug-now': now,
  };
  if (method !== 'GET') headers['origin'] = ORIGIN;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return call(
    new Request(new URL(path, ORIGIN), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    overrides,
  );
}

function intake(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const p = validPetition();
  return {
    submissionId: crypto.randomUUID(),
    channel: 'letter',
    receivedOn: '2026-12-06',
    name: p['name'],
    phone: '13700001111',
    address: p['address'],
    region: p['region'],
    kind: 'claim',
    issueArea: p['issueArea'],
    title: '村道年久失修无法通行',
    request: '请尽快修复村道。',
    facts: '本村通往镇上的村道塌陷已有两个月，车辆无法通行，多次向村委会反映未果。',
    ...overrides,
  };
}

describe('staff register a petition from any channel', () => {
  it('a walk-in without a phone gets a slip whose code tracks online with the printed PIN', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const r = await staffCall(
      'POST',
      '/api/staff/cases',
      cookie,
      intake({ channel: 'visit', phone: '', oralConfirmed: true, name: '孙老汉' }),
    );
    expect(r.status).toBe(201);
    const made = await r.json<IntakeResult>();
    expect(made.pin).toMatch(/^\d{4}$/);
    expect(made.slipUrl).toContain(made.id);

    const slip = await (await staffCall('GET', `/api/staff/cases/${made.id}/slip`, cookie)).json<SlipFacts>();
    expect(slip).toMatchObject({
      codeFormatted: made.codeFormatted,
      secondFactor: { kind: 'pin', value: made.pin },
      channelLabel: '走访',
      receivedOn: '2026-12-06',
    });
    expect(slip.trackUrl).toContain(made.codeFormatted);
    // The QR code is the tracking link, drawn by the server's QR library.
    expect(slip.qrSvg).toMatch(/^<svg[^>]*viewBox/);

    const tracked = await call(postJson('/api/track', { code: made.codeFormatted, phoneLast4: made.pin }));
    expect(tracked.status).toBe(200);
    const view = await tracked.json<{ status: string; events: { type: string }[] }>();
    expect(view.status).toBe('registered');
    expect(view.events.map((e) => e.type)).toEqual(['submitted', 'register']);
    const wrong = String((Number(made.pin) + 1) % 10000).padStart(4, '0');
    expect((await call(postJson('/api/track', { code: made.codeFormatted, phoneLast4: wrong }))).status).toBe(404);
  });

  it('a letter typed in 10 days after it arrived has 5 days left on its Art. 22 clock', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const made = await (await staffCall('POST', '/api/staff/cases', cookie, intake())).json<IntakeResult>();
    const detail = await (await staffCall('GET', `/api/staff/cases/${made.id}`, cookie)).json<CaseDetail>();
    const triage = detail.deadlines.find((d) => d.kind === 'triage')!;
    expect(triage).toMatchObject({ start: '2026-12-06', due: '2026-12-21', daysLeft: 5, status: 'running' });
    expect(detail.channel).toBe('letter');
    expect(detail.next).toMatchObject({ kind: 'triage', due: '2026-12-21' });
  });

  it('refuses what a person could get wrong, field by field, in Chinese', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const r = await staffCall(
      'POST',
      '/api/staff/cases',
      cookie,
      intake({
        channel: 'phone',
        receivedOn: '2026-12-20',
        title: '',
        representatives: [1, 2, 3, 4, 5, 6].map((i) => ({ name: `代表${i}` })),
      }),
    );
    expect(r.status).toBe(400);
    const body = await r.json<{
      error: string;
      fields?: Record<string, string>;
      errors?: Record<string, string>;
    }>();
    const fields = body.fields ?? body.errors ?? {};
    expect(fields['title']).toMatch(/标题/);
    expect(fields['representatives']).toMatch(/不得超过 5 人/);
    const oral = await staffCall('POST', '/api/staff/cases', cookie, intake({ channel: 'phone' }));
    expect(oral.status).toBe(400);
    expect((await oral.json<{ fields: Record<string, string> }>()).fields['oralConfirmed']).toMatch(/如实记录/);
    const future = await staffCall('POST', '/api/staff/cases', cookie, intake({ receivedOn: '2026-12-20' }));
    expect(JSON.stringify(await future.json())).toContain('收到日期不能晚于今天');
  });

  it('a group visit at a 领导接访日 records its representatives and the leader becomes responsible', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const body = intake({
      channel: 'visit',
      receivedOn: '2026-12-10',
      oralConfirmed: true,
      groupSize: 12,
      representatives: [{ name: '赵代表', phone: '13600002222' }, { name: '钱代表' }],
      receptionId: '2026-12-10-xianwei-shuji',
    });
    const r = await staffCall('POST', '/api/staff/cases', cookie, body);
    expect(r.status).toBe(201);
    const made = await r.json<IntakeResult>();
    const detail = await (await staffCall('GET', `/api/staff/cases/${made.id}`, cookie)).json<CaseDetail>();
    expect(detail.responsibleLeader).toBe('王示例（县委书记）');
    expect(detail.events[0]!.data).toMatchObject({
      channel: 'visit',
      groupSize: 12,
      representatives: 2,
      leader: '王示例（县委书记）',
    });
    const wrongDay = await staffCall('POST', '/api/staff/cases', cookie, {
      ...body,
      submissionId: crypto.randomUUID(),
      receivedOn: '2026-12-11',
    });
    expect(JSON.stringify(await wrongDay.json())).toContain('日期与收到日期不一致');
    // The same post again (a double click) is the same case.
    const again = await staffCall('POST', '/api/staff/cases', cookie, body);
    expect(again.status).toBe(200);
    expect((await again.json<IntakeResult>()).code).toBe(made.code);
  });

  it('the SMS stand-in receives exactly one message per notice across a provider outage', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const sms = localSms();
    sms.down = true;
    const made = await (
      await staffCall('POST', '/api/staff/cases', cookie, intake({ channel: 'fax', phone: '13899990000' }), {
        SMS: sms,
      })
    ).json<IntakeResult>();
    // The petition is saved although the provider is down.
    expect(made.code).toHaveLength(12);
    const act = await staffCall('POST', `/api/staff/cases/${made.id}/actions/accept`, cookie, {}, { SMS: sms });
    expect(act.status).toBe(200);
    expect(sms.delivered).toHaveLength(0);
    const mine = async () => (await listSmsOutbox(env, 200)).filter((m) => m.petitionId === made.id);
    expect((await mine()).map((m) => m.status)).toEqual(['pending', 'pending']);
    const later = (min: number) => ({ now: new Date(Date.parse(NOW) + min * 60_000) });
    // The runner tries while the provider is down: nothing is delivered, both wait with backoff.
    expect((await processSmsOutbox({ ...env, SMS: sms }, later(1))).failed).toBeGreaterThanOrEqual(2);
    expect(sms.delivered).toHaveLength(0);
    expect((await mine()).every((m) => m.status === 'pending' && m.attempts === 1)).toBe(true);
    sms.down = false;
    await processSmsOutbox({ ...env, SMS: sms }, later(30));
    await processSmsOutbox({ ...env, SMS: sms }, later(600));
    await processSmsOutbox({ ...env, SMS: sms }, later(6000));
    const to = sms.delivered.filter((d) => d.to === '13899990000');
    expect(to.map((d) => d.template).sort()).toEqual(['code', 'status']);
    for (const d of to) {
      expect(d.text).toContain(made.codeFormatted);
      expect(d.text).not.toContain('13899990000');
      expect(Array.from(d.text).length).toBeLessThanOrEqual(70);
    }
    expect((await mine()).every((m) => m.status === 'sent')).toBe(true);
  });

  it('no SMS for a person who opted out', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const made = await (
      await staffCall('POST', '/api/staff/cases', cookie, intake({ phone: '13811112222', smsOptOut: true }))
    ).json<IntakeResult>();
    expect((await listSmsOutbox(env, 200)).filter((m) => m.petitionId === made.id)).toEqual([]);
  });

  it('no SMS for a landline, which no text message reaches', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const made = await (
      await staffCall('POST', '/api/staff/cases', cookie, intake({ phone: '0571-88886666' }))
    ).json<IntakeResult>();
    expect(made.id).toBeTruthy();
    expect((await listSmsOutbox(env, 200)).filter((m) => m.petitionId === made.id)).toEqual([]);
  });

  it('a repeat petition shows the earlier case, online or registered', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const online = await submitOk({
      name: '周重复',
      phone: '13955556666',
      idNumber: '11010519491231002X',
      title: '工资被拖欠三个月',
      facts: '2026 年 1 月至 3 月的工资至今未发，多次找单位无果。',
    });
    const made = await (
      await staffCall(
        'POST',
        '/api/staff/cases',
        cookie,
        intake({
          channel: 'letter',
          name: '周重复',
          phone: '',
          idNumber: '11010519491231002X',
          title: '工资被拖欠三个月',
          facts: '2026年1月至3月的工资至今未发，多次找单位无果！',
        }),
      )
    ).json<IntakeResult>();
    const earlier = made.repeats.find((m) => formatCode(m.code) === online.code);
    expect(earlier?.why).toEqual(expect.arrayContaining(['same-id', 'similar']));
    expect(earlier?.ground).toBeNull();
    const detail = await (await staffCall('GET', `/api/staff/cases/${made.id}`, cookie)).json<CaseDetail>();
    expect(detail.repeats.map((m) => formatCode(m.code))).toContain(online.code);
  });

  it('the inbox filters by channel', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const made = await (
      await staffCall(
        'POST',
        '/api/staff/cases',
        cookie,
        intake({ channel: 'phone', oralConfirmed: true, title: '来电反映路灯不亮' }),
      )
    ).json<IntakeResult>();
    const list = await (
      await staffCall('GET', '/api/staff/cases?channel=phone&pageSize=200', cookie)
    ).json<{
      items: { id: string; channel: string; channelLabel: string }[];
    }>();
    expect(list.items.map((i) => i.id)).toContain(made.id);
    expect(list.items.every((i) => i.channel === 'phone' && i.channelLabel === '电话')).toBe(true);
    const bad = await staffCall('GET', '/api/staff/cases?channel=pigeon', cookie);
    expect(bad.status).toBe(400);
    expect(CHANNEL_IDS).toContain('phone');
  });

  it('the database refuses a channel that is not in the list', async () => {
    await expect(
      env.DB.prepare("UPDATE petitions SET channel = 'pigeon' WHERE id = (SELECT MIN(id) FROM petitions)").run(),
    ).rejects.toThrow();
  });

  it('phone-less people never share one phone hash', async () => {
    const cookie = await signIn(DEMO_ADMIN, new Date(NOW));
    const ids: string[] = [];
    for (const name of ['甲无手机', '乙无手机'])
      ids.push(
        (await (await staffCall('POST', '/api/staff/cases', cookie, intake({ phone: '', name }))).json<IntakeResult>())
          .id,
      );
    const hashes = await Promise.all(
      ids.map(async (id) => {
        const row = await env.DB.prepare('SELECT phone_hash, name_phone_hash FROM petitions WHERE id = ?')
          .bind(id)
          .first<{ phone_hash: string; name_phone_hash: string | null }>();
        return row!;
      }),
    );
    expect(hashes[0]!.phone_hash).not.toBe(hashes[1]!.phone_hash);
    expect(hashes.map((h) => h.phone_hash)).not.toContain(await phoneHash(env, ''));
    expect(hashes.map((h) => h.name_phone_hash)).toEqual([null, null]);
  });
});

describe('a matter closed after 复核 comes back with the same facts', () => {
  const handler = staffMember(DEMO_HANDLER);
  const at = (day: string) => `${day}T02:00:00.000Z`;
  const doAct = async (id: string, action: string, body: unknown, day: string) => {
    const r = await act(await handler.at(at(day)), id, action, body, at(day));
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
  };
  const reply = (decision: string) => ({
    request: '支付拖欠的工资',
    factsAndReasons: '经调查，用人单位已按约定支付。',
    decision,
    opinion: '维持原处理意见。',
    legalBasis: '《信访工作条例》第三十二条',
  });
  const phone = '13544443333';
  const facts =
    '我在示例建筑公司做钢筋工，2026 年 6 月至 9 月的工资共 24000 元一直没有发放，多次找公司和项目部都被推脱。';
  const person = { name: '郑复核', phone, title: '建筑公司拖欠钢筋工工资', facts };
  const review = async (code: string, day: string) => {
    const r = await request('POST', '/api/track/review', {
      body: {
        code,
        phoneLast4: phone.slice(-4),
        request: '请求上一级机关处理',
        reasons: '处理意见没有落实，工资仍未发放。',
      },
      now: at(day),
    });
    if (r.status !== 201) throw new Error(`review: ${r.status} ${await r.text()}`);
    return (await r.json<{ code: string }>()).code;
  };
  const caseOf = async (code: string) =>
    (await env.DB.prepare('SELECT id FROM petitions WHERE code = ?')
      .bind(code.replace(/-/g, ''))
      .first<{ id: string }>())!.id;

  it('flags the earlier case with Art. 36 ¶3 for staff to weigh, and registers the new one all the same', async () => {
    const cookie = (day = '2027-03-01') => signIn(DEMO_ADMIN, new Date(at(day)));
    const first = await (
      await staffCall(
        'POST',
        '/api/staff/cases',
        await cookie(),
        intake({ ...person, receivedOn: '2027-03-01' }),
        {},
        at('2027-03-01'),
      )
    ).json<IntakeResult>();
    await doAct(first.id, 'accept', {}, '2027-03-02');
    await doAct(first.id, 'reply', reply('explain'), '2027-03-10');
    await doAct(first.id, 'reply_delivered', { how: 'post', receivedOn: '2027-03-12' }, '2027-03-13');
    const reviewCode = await review(first.codeFormatted, '2027-03-15');
    const reviewId = await caseOf(reviewCode);
    // The 复查 request's own code goes by SMS, as the first one did, and so do its notices.
    const sms = async (id: string) =>
      (await listSmsOutbox(env, 500)).filter((m) => m.petitionId === id).map((m) => m.template);
    expect(await sms(reviewId)).toEqual(['code']);
    await doAct(reviewId, 'register', {}, '2027-03-16');
    expect((await sms(reviewId)).sort()).toEqual(['code', 'status']);
    await doAct(reviewId, 'accept', {}, '2027-03-16');
    await doAct(reviewId, 'reply', reply('explain'), '2027-03-20');
    const recheckId = await caseOf(await review(reviewCode, '2027-03-22'));
    await doAct(recheckId, 'register', {}, '2027-03-23');
    await doAct(recheckId, 'accept', {}, '2027-03-23');
    await doAct(recheckId, 'reply', reply('reject'), '2027-03-25');
    await doAct(recheckId, 'close', {}, '2027-03-26');

    // The same person, the same facts, by letter: the earlier matter is flagged, nothing refused.
    const again = await staffCall(
      'POST',
      '/api/staff/cases',
      await cookie('2027-04-01'),
      intake({ ...person, receivedOn: '2027-04-01', facts: `${facts}请求再次处理。` }),
      {},
      at('2027-04-01'),
    );
    expect(again.status).toBe(201);
    const made = await again.json<IntakeResult>();
    const earlier = made.repeats.find((m) => m.id === first.id);
    expect(earlier?.ground).toBe('art36-3');
    expect(earlier?.why).toEqual(['same-name-phone', 'similar']);
    expect(earlier!.basis).toContain('《信访工作条例》第三十六条第三款');
    expect(made.repeats[0]!.id).toBe(first.id);

    // Other facts from the same person: the earlier case is shown, but with no ground.
    const other = await (
      await staffCall(
        'POST',
        '/api/staff/cases',
        await cookie('2027-04-01'),
        intake({
          ...person,
          receivedOn: '2027-04-01',
          title: '小区路灯不亮',
          facts: '小区东门的路灯坏了两个月，晚上出行不便。',
        }),
        {},
        at('2027-04-01'),
      )
    ).json<IntakeResult>();
    expect(other.repeats.find((m) => m.id === first.id)).toMatchObject({ ground: null, why: ['same-name-phone'] });
  });
});
