import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/server/env';
import { call, env, postJson, validPetition, ORIGIN } from './helpers';

// Development pages answer only a client on the same machine (issue 12).
const local = { headers: { 'cf-connecting-ip': '127.0.0.1' } };

describe('development-only mail pages', () => {
  it('/dev/outbox/ lists the mail, recipients opened, text escaped, in development', async () => {
    // As in development: no mail service, so the mail stays in the outbox with its body.
    const submitted = await call(
      postJson('/api/petitions', validPetition({ email: 'dev-reader@example.com', title: '<i>标题</i>' })),
      {
        RESEND_API_KEY: undefined,
      },
    );
    expect(submitted.status).toBe(201);
    const r = await call(new Request(`${ORIGIN}/dev/outbox/`, local), {});
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('dev-reader@example.com');
    expect(html).toContain('&lt;i&gt;标题&lt;/i&gt;');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('does not exist outside development', async () => {
    const r = await call(new Request(`${ORIGIN}/dev/outbox/`, local), { DEV_MODE: '0' });
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('@');
  });

  it('POST /api/outbox/process runs in development, with the cron secret, and not otherwise', async () => {
    const post = (auth?: string) =>
      new Request(`${ORIGIN}/api/outbox/process`, {
        method: 'POST',
        headers: { ...local.headers, ...(auth ? { authorization: auth } : {}) },
      });
    expect((await call(post(), {})).status).toBe(200);
    expect((await call(post(), { DEV_MODE: '0' })).status).toBe(404);
    expect((await call(post('Bearer wrong'), { DEV_MODE: '0', CRON_SECRET: 'right' })).status).toBe(404);
    const ok = await call(post('Bearer right'), { DEV_MODE: '0', CRON_SECRET: 'right' });
    expect(ok.status).toBe(200);
    expect(Object.keys(await ok.json()).sort()).toEqual(['attempted', 'failed', 'sent', 'sms']);
  });

  it('without RESEND_API_KEY nothing leaves: mail stays in the local outbox', async () => {
    const { processOutbox } = await import('../../src/server/mail');
    const run = await processOutbox({ ...env, RESEND_API_KEY: undefined } as unknown as Env);
    expect(run).toEqual({ attempted: 0, sent: 0, failed: 0 });
  });
});
