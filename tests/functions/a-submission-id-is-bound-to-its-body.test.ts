/**
 * Issue 12, finding 9: the idempotency key (submissionId) is bound to the body it first came with.
 * A retry of the same petition gets the same code; another body under the same key is refused
 * (409, Chinese message) instead of being handed the first person's code and receipt while its own
 * content is dropped.
 */
import { describe, expect, it } from 'vitest';
import { asFormFields, env, ORIGIN, postForm, postJson, submit, validPetition } from './helpers';

const withId = async (id: string) =>
  Number(
    await env.DB.prepare('SELECT count(*) AS n FROM petitions WHERE submission_id = ?').bind(id).first<number>('n'),
  );

describe('one submission id', () => {
  it('a retry of the same petition (another start time, another address) gets the same code', async () => {
    const body = validPetition();
    const first = await submit(postJson('/api/petitions', body));
    expect(first.status).toBe(201);
    const again = await submit(postJson('/api/petitions', { ...body, startedAt: Date.now() - 30_000 }));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json<{ code: string }>()).code).toBe((await first.json<{ code: string }>()).code);
  });

  it('another body under the same id is refused and not given the first code', async () => {
    const body = validPetition();
    const first = await (await submit(postJson('/api/petitions', body))).json<{ code: string }>();
    const other = validPetition({
      submissionId: body['submissionId'],
      name: '李四',
      phone: '13900001111',
      title: '道路破损无人修',
    });
    const r = await submit(postJson('/api/petitions', other));
    expect(r.status).toBe(409);
    const text = await r.text();
    expect(text).not.toContain(first.code);
    expect((JSON.parse(text) as { error: string }).error).toContain('这份表单已经提交过');
    expect(await withId(String(body['submissionId']))).toBe(1);
  });

  it('the plain form (no script) gets its page back with the message, not the first receipt', async () => {
    const body = validPetition();
    const first = await submit(postForm('/api/petitions', asFormFields(body), undefined, { origin: ORIGIN }));
    expect(first.status).toBe(303);
    const changed = asFormFields({ ...body, facts: '补充：2026 年 4 月的工资也没有发。用人单位仍不理睬。' });
    const r = await submit(postForm('/api/petitions', changed, undefined, { origin: ORIGIN }));
    expect(r.status).toBe(409);
    expect(r.headers.get('location')).toBeNull();
    expect(await r.text()).toContain('这份表单已经提交过');
  });
});
