import { describe, expect, it } from 'vitest';
import { freshIp, postForm, postJson, submit, track, validPetition } from './helpers';
import { DEFAULT_LIMITS, hitRateLimit } from '../../src/server/rate-limit';
import { env } from './helpers';

describe('rate limits per client', () => {
  it(`submissions: the ${DEFAULT_LIMITS.submit.max + 1}th within the hour gets 429 with Retry-After and a Chinese message`, async () => {
    const ip = freshIp();
    for (let i = 0; i < DEFAULT_LIMITS.submit.max; i++) {
      expect((await submit(postJson('/api/petitions', validPetition(), ip))).status).toBe(201);
    }
    const r = await submit(postJson('/api/petitions', validPetition(), ip));
    expect(r.status).toBe(429);
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(DEFAULT_LIMITS.submit.windowSeconds);
    expect((await r.json<{ error: string }>()).error).toMatch(/提交次数过多.*分钟后再试/);
    // Another client is not affected.
    expect((await submit(postJson('/api/petitions', validPetition(), freshIp()))).status).toBe(201);
  });

  it('a refused submission leaves nothing behind, and a retry of an accepted one still gets its code at the limit', async () => {
    const ip = freshIp();
    const first = validPetition();
    const accepted = await submit(postJson('/api/petitions', first, ip));
    expect(accepted.status).toBe(201);
    const { code } = await accepted.json<{ code: string }>();
    // Retries (the same submission id) answer with the same code and are not counted.
    for (let i = 0; i < DEFAULT_LIMITS.submit.max + 2; i++) {
      const again = await submit(postJson('/api/petitions', first, ip));
      expect(again.status).toBe(201);
      expect((await again.json<{ code: string }>()).code).toBe(code);
    }
    for (let i = 1; i < DEFAULT_LIMITS.submit.max; i++) {
      expect((await submit(postJson('/api/petitions', validPetition(), ip))).status).toBe(201);
    }
    const count = () => env.DB.prepare('SELECT count(*) AS n FROM petitions').first<number>('n');
    const mails = () => env.DB.prepare('SELECT count(*) AS n FROM mail_outbox').first<number>('n');
    const [petitionsBefore, mailsBefore] = [await count(), await mails()];
    const refused = validPetition({ title: '超过次数的提交' });
    expect((await submit(postJson('/api/petitions', refused, ip))).status).toBe(429);
    expect(await count()).toBe(petitionsBefore);
    expect(await mails()).toBe(mailsBefore);
    const stored = await env.DB.prepare('SELECT 1 FROM petitions WHERE submission_id = ?')
      .bind(refused.submissionId)
      .first();
    expect(stored).toBeNull();
    // The check leaves no rows of its own behind, allowed or refused.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM rate_limit_checks').first<number>('n')).toBe(0);
    // At the limit, the first submission's retry still gets its code.
    const late = await submit(postJson('/api/petitions', first, ip));
    expect(late.status).toBe(201);
    expect((await late.json<{ code: string }>()).code).toBe(code);
  });

  it('a plain form post that hits the limit gets the form page back with the message and values', async () => {
    const ip = freshIp();
    for (let i = 0; i < DEFAULT_LIMITS.submit.max; i++)
      await submit(postJson('/api/petitions', validPetition({ name: '' }), ip));
    const r = await submit(postForm('/api/petitions', { name: '赵六' }, ip));
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeTruthy();
    const html = await r.text();
    expect(html).toContain('提交次数过多');
    expect(html).toContain('value="赵六"');
  });

  it(`tracking lookups: the ${DEFAULT_LIMITS.track.max + 1}th within ten minutes gets 429`, async () => {
    const ip = freshIp();
    for (let i = 0; i < DEFAULT_LIMITS.track.max; i++) {
      expect((await track(postJson('/api/track', { code: '2345-6789-ABCD', phoneLast4: '0000' }, ip))).status).not.toBe(
        429,
      );
    }
    const r = await track(postJson('/api/track', { code: '2345-6789-ABCD', phoneLast4: '0000' }, ip));
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeTruthy();
  });

  it('the person with the right code and digits is never slowed down; only misses count', async () => {
    const { submitOk } = await import('./helpers');
    const { code } = await submitOk({ phone: '13812346666' });
    const ip = freshIp();
    for (let i = 0; i < DEFAULT_LIMITS.track.max + 5; i++) {
      expect((await track(postJson('/api/track', { code, phoneLast4: '6666' }, ip))).status).toBe(200);
    }
    for (let i = 0; i < DEFAULT_LIMITS.track.max; i++)
      await track(postJson('/api/track', { code: '2345-6789-ABCD', phoneLast4: '0000' }, ip));
    expect((await track(postJson('/api/track', { code, phoneLast4: '6666' }, ip))).status).toBe(429);
  });

  it('submission and tracking are counted separately', async () => {
    const ip = freshIp();
    for (let i = 0; i < DEFAULT_LIMITS.track.max + 1; i++)
      await track(postForm('/api/track', { code: 'x', phoneLast4: '1' }, ip));
    expect((await submit(postJson('/api/petitions', validPetition(), ip))).status).toBe(201);
  });

  it('windows are fixed: a new window starts from zero', async () => {
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    for (let i = 0; i < DEFAULT_LIMITS.submit.max; i++)
      expect((await hitRateLimit(env, 'submit', 'window-test', t0)).ok).toBe(true);
    const over = await hitRateLimit(env, 'submit', 'window-test', t0 + 1000);
    expect(over).toEqual({ ok: false, retryAfter: DEFAULT_LIMITS.submit.windowSeconds - 1 });
    expect((await hitRateLimit(env, 'submit', 'window-test', t0 + DEFAULT_LIMITS.submit.windowSeconds * 1000)).ok).toBe(
      true,
    );
  });

  it('stores no client address, only a keyed hash', async () => {
    await hitRateLimit(env, 'track', '203.0.113.77');
    const { results } = await env.DB.prepare('SELECT key FROM rate_limits').all<{ key: string }>();
    expect(JSON.stringify(results)).not.toContain('203.0.113.77');
  });
});
