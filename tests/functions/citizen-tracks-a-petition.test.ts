import { describe, expect, it } from 'vitest';
import { env, freshIp, postForm, postJson, submitOk, track } from './helpers';
import { normaliseCode, formatCode } from '../../src/lib/tracking-code';
import { findPetitionByCode } from '../../src/server/petition-store';
import { appendEvent } from '../../src/server/petition-events';
import { TRACK_MISS_MESSAGE } from '../../src/server/track';

describe('a citizen tracks a petition with the code and the last four phone digits', () => {
  it('sees the status and the dated public events, with explanation and article', async () => {
    const { code } = await submitOk({ phone: '13812345678' });
    const r = await track(postJson('/api/track', { code, phoneLast4: '5678' }));
    expect(r.status).toBe(200);
    const body = await r.json<{ status: string; statusLabel: string; events: Record<string, unknown>[] }>();
    expect(body.status).toBe('submitted');
    expect(body.statusLabel).toBe('已提交');
    expect(body.events).toHaveLength(1);
    // The notice says the office must register and pass it on within 15 days: Art. 22 ¶1.
    expect(body.events[0]).toMatchObject({ type: 'submitted', label: '网上提交', article: '第二十二条' });
    expect(String(body.events[0]!['at'])).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(String(body.events[0]!['explanation'])).toMatch(/[\u4e00-\u9fff]/);
  });

  it('accepts the code typed loosely: lower case, spaces, no dashes, full-width', async () => {
    const { code } = await submitOk({ phone: '13800001111' });
    for (const typed of [code.toLowerCase(), normaliseCode(code), formatCode(code, ' '), code.replace(/-/g, '－')]) {
      expect((await track(postJson('/api/track', { code: typed, phoneLast4: '1111' }))).status).toBe(200);
    }
  });

  it('never shows personal data, and shows internal events to nobody', async () => {
    const { code } = await submitOk({
      name: '孙七',
      phone: '13911112222',
      email: 'sunqi@example.net',
      address: '青山乡 5 号',
    });
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    await appendEvent(env.DB, {
      petitionId: p.id,
      type: 'note',
      isPublic: false,
      at: new Date().toISOString(),
      actor: 'staff-1',
      data: { note: '内部备注' },
    });
    await appendEvent(env.DB, {
      petitionId: p.id,
      type: 'register',
      isPublic: true,
      at: new Date().toISOString(),
      actor: 'staff-1',
      data: { to: 'registered' },
    });
    const text = await (await track(postJson('/api/track', { code, phoneLast4: '2222' }))).text();
    for (const secret of ['孙七', '13911112222', 'sunqi@example.net', '青山乡 5 号', '内部备注', 'staff-1'])
      expect(text).not.toContain(secret);
    const body = JSON.parse(text) as { events: { type: string; label: string }[] };
    expect(body.events.map((e) => e.type)).toEqual(['submitted', 'register']);
    expect(body.events[1]!.label).toBe('登记');
  });

  it('gives exactly the same 404 for an unknown code, a mistyped code and wrong digits', async () => {
    const { code } = await submitOk({ phone: '13812349999' });
    const typo = code.slice(0, -1) + (code.endsWith('2') ? '3' : '2');
    const { generateCode } = await import('../../src/lib/tracking-code');
    const answers = [
      await track(postJson('/api/track', { code, phoneLast4: '9998' })),
      await track(postJson('/api/track', { code: generateCode(), phoneLast4: '9999' })),
      await track(postJson('/api/track', { code: typo, phoneLast4: '9999' })),
      await track(postJson('/api/track', { code: 'nonsense', phoneLast4: '9999' })),
    ];
    const headerNames = (r: Response) => [...r.headers.keys()].sort();
    for (const r of answers) {
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: TRACK_MISS_MESSAGE });
      expect(headerNames(r)).toEqual(headerNames(answers[0]!));
    }
  });

  it('asks for what is missing: an empty code, or not four digits', async () => {
    const e = await track(postJson('/api/track', { code: '', phoneLast4: '5678' }));
    expect(e.status).toBe(422);
    expect((await e.json<{ errors: Record<string, string> }>()).errors['code']).toBe('请填写查询码');
    const { code } = await submitOk();
    const d = await track(postJson('/api/track', { code, phoneLast4: '56' }));
    expect(d.status).toBe(422);
    expect((await d.json<{ errors: Record<string, string> }>()).errors['phoneLast4']).toMatch(/后四位/);
    const notObject = await track(postJson('/api/track', '[1,2]'));
    expect(notObject.status).toBe(422);
  });

  it('works without JavaScript: a form post answers with the tracking page, result filled in', async () => {
    const { code } = await submitOk({ phone: '13812340000' });
    const r = await track(postForm('/api/track', { code, phoneLast4: '0000' }));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toMatch(
      /<div data-track="result" aria-live="polite"><h2 id="track-result-title" tabindex="-1" autofocus>查询码 <span class="code-nowrap">[\w-]+<\/span>：已提交<\/h2>/,
    );
    expect(html).toContain('<ol class="timeline">');
    expect(html).toContain(`value="${code}"`);
    const miss = await track(postForm('/api/track', { code, phoneLast4: '0001' }));
    expect(miss.status).toBe(404);
    expect(await miss.text()).toContain(TRACK_MISS_MESSAGE);
  });

  it('one code cannot be guessed from many addresses either (per-code limit)', async () => {
    const { code } = await submitOk({ phone: '13812341234' });
    let limited = false;
    for (let i = 0; i < 30 && !limited; i++) {
      const r = await track(postJson('/api/track', { code, phoneLast4: String(1000 + i) }, freshIp()));
      limited = r.status === 429;
    }
    expect(limited).toBe(true);
  });
});

describe('the tracking page opened from the receipt link or QR code', () => {
  it('has the code already in the field (also without JavaScript)', async () => {
    const { call, ORIGIN } = await import('./helpers');
    const { code } = await submitOk();
    const html = await (await call(new Request(`${ORIGIN}/track/?code=${normaliseCode(code).toLowerCase()}`))).text();
    expect(html).toMatch(new RegExp(`name="code"[^>]*value="${code}"`));
    const junk = await (await call(new Request(`${ORIGIN}/track/?code="><script>`))).text();
    expect(junk).not.toContain('<script>');
    expect(junk).toMatch(/name="code" type="text" \/>/);
  });
});

describe('the written reply read on the tracking page (Art. 35: 自收到书面答复之日起)', () => {
  it('counts the 复查 window from the day the citizen opened the reply, and records that day once', async () => {
    const { code } = await submitOk({ phone: '13822223333' });
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    const at = (iso: string, type: string, data: Record<string, unknown> = {}) =>
      appendEvent(env.DB, { petitionId: p.id, type, isPublic: true, at: iso, actor: 'staff-1', data });
    // Staff events just now, so that the citizen's lookup comes after the reply.
    await at(new Date().toISOString(), 'register');
    await at(new Date().toISOString(), 'accept');
    await at(new Date().toISOString(), 'reply', { decision: 'support', opinion: '予以支持' });
    type View = {
      review: { open: boolean; startKnown: boolean; receivedOn: string | null };
      events: { type: string }[];
    };
    const r = await track(postJson('/api/track', { code, phoneLast4: '3333' }));
    expect(r.status).toBe(200);
    const body = await r.json<View>();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(body.review).toMatchObject({ open: true, startKnown: true, receivedOn: today });
    expect(body.events.filter((e) => e.type === 'reply_delivered')).toHaveLength(1);
    const again = await (await track(postJson('/api/track', { code, phoneLast4: '3333' }))).json<View>();
    expect(again.events.filter((e) => e.type === 'reply_delivered')).toHaveLength(1);
  });

  it('records nothing for a visitor who does not know the digits', async () => {
    const { code } = await submitOk({ phone: '13844445555' });
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    await appendEvent(env.DB, {
      petitionId: p.id,
      type: 'reply',
      isPublic: true,
      at: new Date(Date.now() + 1000).toISOString(),
      actor: 'staff-1',
      data: {},
    });
    const miss = await track(postJson('/api/track', { code, phoneLast4: '0000' }, freshIp()));
    expect(miss.status).toBe(404);
    const { results } = await env.DB.prepare(
      "SELECT type FROM petition_events WHERE petition_id = ? AND type = 'reply_delivered'",
    )
      .bind(p.id)
      .all<{ type: string }>();
    expect(results).toHaveLength(0);
  });
});

describe('a petitioner with a foreign mobile number (Art. 48: 参照本条例执行)', () => {
  it('submits online and tracks with the last four digits', async () => {
    const { code } = await submitOk({ phone: '+852 9123 4567' });
    const r = await track(postJson('/api/track', { code, phoneLast4: '4567' }));
    expect(r.status).toBe(200);
  });
});
