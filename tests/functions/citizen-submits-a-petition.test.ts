import { describe, expect, it } from 'vitest';
import { readChainHash } from '../../src/server/chain-hash';
import { env, postJson, submit, submitOk, validPetition } from './helpers';
import { isValidCode, normaliseCode } from '../../src/lib/tracking-code';
import { openPersonalData, findPetitionByCode } from '../../src/server/petition-store';
import { listEvents, verifyChain } from '../../src/server/petition-events';
import { keyedHash } from '../../src/server/crypto';

describe('a citizen submits a petition by JSON', () => {
  it('gets 201 with a valid tracking code and a receipt link', async () => {
    const { code, receiptUrl } = await submitOk();
    expect(isValidCode(code)).toBe(true);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receiptUrl).toMatch(new RegExp(`^/petition/receipt/\\?code=${normaliseCode(code)}&t=[0-9a-f]{16}$`));
  });

  it('is stored once, as submitted, with normalised public fields', async () => {
    const { code } = await submitOk({ title: '  工资  被拖欠 ', phone: '138 1234 5678' });
    const p = await findPetitionByCode(env.DB, normaliseCode(code));
    expect(p).toMatchObject({
      status: 'submitted',
      channel: 'online',
      kind: 'claim',
      title: '工资 被拖欠',
      hasEmail: true,
    });
  });

  it('keeps personal data only encrypted: no name, phone, email, address or ID number in any column', async () => {
    const secret = {
      name: '李四明',
      phone: '13987654321',
      email: 'lisiming@example.org',
      address: '和平镇幸福村 88 号',
      idNumber: '11010519491231002X',
    };
    const { code } = await submitOk(secret);
    const row = await env.DB.prepare('SELECT * FROM petitions WHERE code = ?')
      .bind(normaliseCode(code))
      .first<Record<string, unknown>>();
    const dump = JSON.stringify(row);
    for (const value of Object.values(secret)) expect(dump).not.toContain(value);
    expect(dump).not.toContain('4321');
    const outbox = JSON.stringify(
      (await env.DB.prepare('SELECT * FROM mail_outbox WHERE petition_id = ?').bind(row!['id']).all()).results,
    );
    expect(outbox).not.toContain('lisiming@example.org');
    expect(outbox).not.toContain('李四明');
    // Staff can open it again with the key.
    expect(await openPersonalData(env, env.DB, String(row!['id']))).toEqual(secret);
    // Looking people up by phone works through the keyed hash alone.
    expect(row!['phone_hash']).toBe(await keyedHash(env, 'phone', '13987654321'));
  });

  it('starts a hash chain with one public "submitted" event that holds no personal data', async () => {
    const { code } = await submitOk({ name: '王五' });
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    const events = await listEvents(env.DB, p.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, type: 'submitted', isPublic: true, actor: 'citizen', prevHash: '' });
    expect(JSON.stringify(events)).not.toContain('王五');
    expect(await verifyChain(events, await readChainHash(env.DB))).toBe(true);
  });

  it('queues a receipt mail for the citizen and a notice for staff in the same batch', async () => {
    const { code } = await submitOk();
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    const { results } = await env.DB.prepare('SELECT kind FROM mail_outbox WHERE petition_id = ? ORDER BY kind')
      .bind(p.id)
      .all<{ kind: string }>();
    expect(results.map((r) => r.kind)).toEqual(['receipt', 'staff-notify']);
  });

  it('queues no receipt mail when no email was given', async () => {
    const { code } = await submitOk({ email: '' });
    const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
    expect(p.hasEmail).toBe(false);
    const { results } = await env.DB.prepare('SELECT kind FROM mail_outbox WHERE petition_id = ?')
      .bind(p.id)
      .all<{ kind: string }>();
    expect(results.map((r) => r.kind)).toEqual(['staff-notify']);
  });

  it('answers 422 with a Chinese message for each wrong field', async () => {
    const r = await submit(postJson('/api/petitions', validPetition({ name: '', phone: '123' })));
    expect(r.status).toBe(422);
    const body = await r.json<{ errors: Record<string, string> }>();
    expect(Object.keys(body.errors).sort()).toEqual(['name', 'phone']);
    // The landline/overseas rule (issue 11) says what was wrong with the number as typed.
    expect(body.errors['phone']).toMatch(/手机号码应为 11 位，您填写了 3 位/);
  });
});
