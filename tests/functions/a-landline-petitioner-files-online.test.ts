// Issue 11, finding 9: an elderly person with only a landline (area code required) files online and
// tracks with its last four digits; no text message is queued for a landline.
import { describe, expect, it } from 'vitest';
import { env, postJson, submit, submitOk, track, validPetition } from './helpers';
import { normaliseCode } from '../../src/lib/tracking-code';
import { findPetitionByCode } from '../../src/server/petition-store';

describe('a petitioner with only a landline', () => {
  it('files with the area code and tracks with the last four digits', async () => {
    const { code } = await submitOk({ phone: '0571-88886666' });
    expect((await track(postJson('/api/track', { code, phoneLast4: '6666' }))).status).toBe(200);
    expect((await track(postJson('/api/track', { code, phoneLast4: '0571' }))).status).not.toBe(200);
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    const sms = await env.DB.prepare('SELECT COUNT(*) AS n FROM sms_outbox WHERE petition_id = ?')
      .bind(p.id)
      .first<{ n: number }>();
    expect(Number(sms?.n)).toBe(0);
    const row = await env.DB.prepare('SELECT has_sms FROM petitions WHERE id = ?')
      .bind(p.id)
      .first<{ has_sms: number }>();
    expect(Number(row?.has_sms)).toBe(0);
  });

  it('is told, in Chinese, to add the area code when it is missing', async () => {
    const r = await submit(postJson('/api/petitions', validPetition({ phone: '88886666' })));
    expect(r.status).toBe(422);
    expect(JSON.stringify(await r.json())).toContain('加上区号');
  });
});
