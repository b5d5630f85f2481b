// npm run rekey after switching CRYPTO_SUITE to sm and adding key 2: every sealed value, blob and
// keyed hash moves over, key 1 can then be retired, and the audit chain still verifies.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthEnv } from '../../src/server/auth';
import { call, openOpsTarget, ORIGIN, signIn, submitPetition, type OpsTarget } from './support';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7, 7, 1, 2, 3, 4]);

let opened: OpsTarget[] = [];
afterEach(async () => {
  for (const t of opened) await t.cleanup();
  opened = [];
});

describe.each(['sqlite', 'postgres'] as const)('re-key on %s', (kind) => {
  it('re-seals everything with SM4 and key 2, after which key 1 is not needed', async () => {
    const t = await openOpsTarget(kind);
    opened.push(t);
    const c = await submitPetition(t.env, {}, { name: '张三的欠条.png', bytes: PNG, type: 'image/png' });
    const cookie0 = await signIn(t.env);
    const d1 = t.vars['DATA_KEY']!;
    const h1 = t.vars['HASH_KEY']!;
    const d2 = randomBytes(32).toString('base64');
    const h2 = randomBytes(32).toString('base64');
    expect(cookie0).toBeTruthy();

    // Key 1 stays listed for the run (it opens the old values); DATA_KEY/HASH_KEY themselves are gone.
    delete t.vars['DATA_KEY'];
    delete t.vars['HASH_KEY'];
    Object.assign(t.vars, { CRYPTO_SUITE: 'sm', DATA_KEYS: `2:${d2},1:${d1}`, HASH_KEYS: `2:${h2},1:${h1}` });
    const r = await t.ops('rekey');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('仍未使用当前密钥的字段：0 个');
    const sealed = (
      await t.db
        .prepare(
          'SELECT pii_ct FROM petitions UNION ALL SELECT name_ct FROM attachments UNION ALL SELECT to_ct FROM mail_outbox',
        )
        .all()
    ).results;
    expect(sealed.length).toBeGreaterThanOrEqual(3);
    for (const row of sealed) expect(String(Object.values(row)[0])).toMatch(/^sm4gcm\.k2\./);
    const again = await t.ops('rekey');
    expect(again.out).toContain('已重新加密 0 个字段、0 个附件，重算 0 个哈希');

    // Key 1 retired: the tracking page (recomputed verifier), the case's personal data and its attachment open with key 2 alone.
    const settings: Record<string, unknown> = {
      ...t.env,
      CRYPTO_SUITE: 'sm',
      DATA_KEYS: `2:${d2}`,
      HASH_KEYS: `2:${h2}`,
    };
    delete settings['DATA_KEY'];
    delete settings['HASH_KEY'];
    const env = settings as unknown as AuthEnv;
    const tracked = await call(
      env,
      new Request(`${ORIGIN}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': '192.0.2.7' },
        body: JSON.stringify({ code: c.code, phoneLast4: '5678' }),
      }),
    );
    expect(tracked.status, await tracked.clone().text()).toBe(200);
    const cookie = await signIn(env);
    const get = (path: string) =>
      call(env, new Request(`${ORIGIN}${path}`, { headers: { cookie, 'cf-connecting-ip': '192.0.2.8' } }));
    const detail = await (
      await get(`/api/staff/cases/${c.id}`)
    ).json<{ personal: { name: string }; attachments: { url: string; name: string }[] }>();
    expect(detail.personal.name).toBe('张三');
    expect(detail.attachments[0]!.name).toBe('张三的欠条.png');
    expect(new Uint8Array(await (await get(detail.attachments[0]!.url)).arrayBuffer())).toEqual(PNG);
    const verified = await t.ops('audit-verify');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain('全部校验通过');
  });
});
