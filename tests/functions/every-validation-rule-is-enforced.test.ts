import { describe, expect, it } from 'vitest';
import { postJson, submit, validPetition } from './helpers';
import { PETITION_LIMITS } from '../../src/lib/petition-schema';

// Each row breaks one rule of the schema; the function must refuse it for that field, in Chinese.
const cases: [field: string, value: unknown][] = [
  ['submissionId', 'not-a-uuid'],
  ['submissionId', undefined],
  ['name', ''],
  ['name', '名'.repeat(PETITION_LIMITS.nameMax + 1)],
  ['name', 'a\u0007b'],
  ['phone', ''],
  ['phone', '23812345678'],
  ['phone', '1381234567'],
  ['phone', 13812345678],
  ['email', 'zhangsan@'],
  ['address', ''],
  ['address', '址'.repeat(PETITION_LIMITS.addressMax + 1)],
  ['region', 'atlantis'],
  ['region', undefined],
  ['kind', 'complaint'],
  ['issueArea', 'weather'],
  ['title', ''],
  ['title', '题'.repeat(PETITION_LIMITS.titleMax + 1)],
  ['title', '\uDC00'],
  ['request', ''],
  ['request', '求'.repeat(PETITION_LIMITS.requestMax + 1)],
  ['facts', '   '],
  ['facts', '实'.repeat(PETITION_LIMITS.factsMax + 1)],
  ['facts', 'null\u0000byte'],
  ['idNumber', '110105194912310021'],
  ['idNumber', '12345'],
  ['otherProcedure', 'court'],
  ['declaration', false],
  ['declaration', undefined],
  ['privacyConsent', 'no'],
  ['website', 'https://spam.example'],
  ['startedAt', 'yesterday'],
  ['startedAt', -5],
];

describe('the function enforces every rule of the shared schema', () => {
  it.each(cases)('%s = %j is refused with 422 and a message for that field', async (field, value) => {
    const r = await submit(postJson('/api/petitions', validPetition({ [field]: value })));
    expect(r.status).toBe(422);
    const { errors } = await r.json<{ errors: Record<string, string> }>();
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const r = await submit(postJson('/api/petitions', body));
      expect(r.status).toBe(422);
      expect((await r.json<{ errors: Record<string, string> }>()).errors['form']).toBeTruthy();
    }
  });

  it('refuses a form filled faster than a person can (minimum fill time)', async () => {
    const r = await submit(postJson('/api/petitions', validPetition({ startedAt: Date.now() - 500 })));
    expect(r.status).toBe(422);
    expect((await r.json<{ errors: Record<string, string> }>()).errors['form']).toContain('太快');
  });

  it('does not punish a client whose clock runs ahead of ours', async () => {
    const r = await submit(postJson('/api/petitions', validPetition({ startedAt: Date.now() + 3_600_000 })));
    expect(r.status).toBe(201);
  });
});
