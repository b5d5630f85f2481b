/**
 * Issue 12, finding 3: a stranger who knows only a code (from a mail subject, an SMS, a spoken code)
 * cannot lock out its owner. Lookups carrying the receipt link's tag (`t=`) count in a budget of
 * their own; misses without it never touch that budget. Every tracking link the office hands out —
 * the receipt page and its QR code, the receipt mail, the intake slip — carries the tag, and the
 * tracking page keeps it (a hidden field) from the link to the result and its follow-up forms.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/rate-limit';
import { listOutbox } from '../../src/server/mail';
import { call, env, freshIp, ORIGIN, postForm, postJson, receipt, submitOk, track } from './helpers';
import { deliveredMail } from './staff-helpers';

const wrong = (right: string) => String((Number(right) + 1) % 10000).padStart(4, '0');
const ipv6 = (i: number) => `2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::1`;
const tagOf = (receiptUrl: string) => new URL(receiptUrl, ORIGIN).searchParams.get('t')!;

async function missesWithoutTag(code: string, digits: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  // In rounds of 100 concurrent guesses, each from its own /64.
  for (let round = 0; round < n / 100; round++) {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        track(postJson('/api/track', { code, phoneLast4: digits }, ipv6(round * 100 + i))),
      ),
    );
    statuses.push(...answers.map((r) => r.status));
  }
  return statuses;
}

describe('the owner with the receipt link', () => {
  it('gets in after 1,000 misses without the tag; the same owner without the tag is asked for a proof of work', async () => {
    const { code, receiptUrl, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    const statuses = await missesWithoutTag(code, wrong(phoneLast4), 1000);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(DEFAULT_LIMITS.trackCode.max);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1000 - DEFAULT_LIMITS.trackCode.max);

    const t = tagOf(receiptUrl);
    const owner = await track(postJson('/api/track', { code, phoneLast4, t }));
    expect(owner.status).toBe(200);
    expect((await owner.json<{ status: string }>()).status).toBeTruthy();
    // Without the tag the owner shares the stranger's spent budget: the lookup is priced (a proof
    // of work, past-its-budget-a-code-is-priced-never-refused.test.ts), and the answer names the
    // way in that needs none.
    const untagged = await track(postJson('/api/track', { code, phoneLast4 }));
    expect(untagged.status).toBe(429);
    const said = await untagged.json<{ error: string; reason: string }>();
    expect(said.reason).toBe('needed');
    expect(said.error).toContain('扫描回执上的二维码');
    // A made-up tag is no tag.
    expect((await track(postJson('/api/track', { code, phoneLast4, t: '0123456789abcdef' }))).status).toBe(429);
    // Rating and 复查 with the tag are judged on the case (not replied yet: 409), not refused 429.
    const headers = { origin: ORIGIN };
    const rate = await track(
      postJson('/api/track/rate', { code, phoneLast4, t, rating: 'satisfied' }, freshIp(), headers),
    );
    expect(rate.status).toBe(409);
    const review = await track(
      postJson(
        '/api/track/review',
        { code, phoneLast4, t, request: '请求复查处理意见', reasons: '处理意见没有回应我提出的事实。' },
        freshIp(),
        headers,
      ),
    );
    expect(review.status).toBe(409);
  }, 180_000);

  it('with the tag but wrong digits counts against the tagged budget', async () => {
    const { code, receiptUrl, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    const t = tagOf(receiptUrl);
    const max = DEFAULT_LIMITS.trackCodeTagged.max;
    const answers = await Promise.all(
      Array.from({ length: max + 10 }, (_, i) =>
        track(postJson('/api/track', { code, phoneLast4: wrong(phoneLast4), t }, ipv6(5000 + i))),
      ),
    );
    expect(answers.filter((r) => r.status === 404).length).toBe(max);
    expect(answers.filter((r) => r.status === 429).length).toBe(10);
    expect((await track(postJson('/api/track', { code, phoneLast4, t }))).status).toBe(429);
    // The untagged budget is its own: a right answer without the tag still gets in.
    expect((await track(postJson('/api/track', { code, phoneLast4 }))).status).toBe(200);
  });

  it('is handed tracking links that carry the tag: receipt page, its QR code and the receipt mail', async () => {
    const { code, receiptUrl, body } = await submitOk({ email: 'tag-check@example.com' });
    const t = tagOf(receiptUrl);
    const compact = code.replace(/-/g, '');
    const link = new RegExp(`/track/\\?code=[0-9A-Z-]+&(?:amp;)?t=${t}`);
    const page = await (await receipt(receiptUrl)).text();
    expect(page).toMatch(link);
    expect(page).toContain(`进度查询二维码：${ORIGIN}/track/?code=`);
    const mail = (await listOutbox(env, 500)).find((m) => m.kind === 'receipt' && m.to === body['email']);
    expect(mail, 'receipt mail').toBeDefined();
    const text = mail!.text || (await deliveredMail(mail!.id)).text;
    expect(text).toMatch(link);
    expect(compact.length).toBe(12);
  });

  it('keeps the tag on the tracking page: from the link to the result and its follow-up forms', async () => {
    const { code, receiptUrl, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    const t = tagOf(receiptUrl);
    const form = await (await call(new Request(`${ORIGIN}/track/?code=${code}&t=${t}`))).text();
    expect(form).toMatch(new RegExp(`<input[^>]*name="t"[^>]*value="${t}"|<input[^>]*value="${t}"[^>]*name="t"`));
    // Without a well-formed tag the field stays empty.
    const plain = await (await call(new Request(`${ORIGIN}/track/?code=${code}&t=%22%3E`))).text();
    expect(plain).not.toContain('value="&quot;&gt;"');
    // The plain form post carries it; the result's follow-up forms carry it on.
    await missesWithoutTag(code, wrong(phoneLast4), 100);
    const result = await call(postForm('/api/track', { code, phoneLast4, t }));
    expect(result.status).toBe(200);
    const html = await result.text();
    expect(html).toMatch(new RegExp(`<input[^>]*name="t"[^>]*value="${t}"`));
  });
});
