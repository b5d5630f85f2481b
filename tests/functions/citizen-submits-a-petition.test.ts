import { describe, expect, it } from 'vitest';
import { env, postJson, submit, submitOk, validPetition } from './helpers';
import { isValidCode, normaliseCode } from '../../src/lib/tracking-code';

describe('a citizen submits a petition by JSON', () => {
  it('gets 201 with a valid tracking code and a receipt link, and one petition is stored', async () => {
    const { code, receiptUrl } = await submitOk();
    expect(isValidCode(code)).toBe(true);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receiptUrl).toMatch(new RegExp(`^/petition/receipt/\\?code=${normaliseCode(code)}&t=[0-9a-f]{16}$`));
    const row = await env.DB.prepare('SELECT * FROM petitions WHERE code = ?').bind(normaliseCode(code)).first<Record<string, unknown>>();
    expect(row?.['status']).toBe('submitted');
  });

  it('answers 422 with a Chinese message per field', async () => {
    const r = await submit(postJson('/api/petitions', validPetition({ name: '', phone: '123' })));
    expect(r.status).toBe(422);
    const body = (await r.json()) as { errors: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual(['name', 'phone']);
  });
});
