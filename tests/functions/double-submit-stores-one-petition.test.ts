import { describe, expect, it } from 'vitest';
import { asFormFields, env, freshIp, postForm, postJson, submit, validPetition } from './helpers';

async function count(submissionId: string): Promise<number> {
  return (
    (await env.DB.prepare('SELECT count(*) AS n FROM petitions WHERE submission_id = ?')
      .bind(submissionId)
      .first<number>('n')) ?? 0
  );
}

describe('a retried or double-clicked submission stores one petition', () => {
  it('sequential repeats return the same code', async () => {
    const body = validPetition();
    const first = await submit(postJson('/api/petitions', body));
    const again = await submit(postJson('/api/petitions', body));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await count(String(body['submissionId']))).toBe(1);
  });

  it('concurrent double submits (ten at once) return one code and store one row, one event, one set of mails', async () => {
    const body = validPetition();
    const ip = freshIp();
    const responses = await Promise.all(Array.from({ length: 10 }, () => submit(postJson('/api/petitions', body, ip))));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const codes = new Set(await Promise.all(responses.map(async (r) => (await r.json<{ code: string }>()).code)));
    expect(codes.size).toBe(1);
    expect(await count(String(body['submissionId']))).toBe(1);
    const id = await env.DB.prepare('SELECT id FROM petitions WHERE submission_id = ?')
      .bind(body['submissionId'])
      .first<string>('id');
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM petition_events WHERE petition_id = ?')
        .bind(id)
        .first<number>('n'),
    ).toBe(1);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM mail_outbox WHERE petition_id = ?').bind(id).first<number>('n'),
    ).toBe(2);
  });

  it('a plain form post repeated (back button, resubmit) lands on the same receipt', async () => {
    const fields = asFormFields(validPetition());
    const a = await submit(postForm('/api/petitions', fields));
    const b = await submit(postForm('/api/petitions', fields));
    expect(a.status).toBe(303);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
  });

  it('a different submission id is a different petition, even with the same text', async () => {
    const a = await (await submit(postJson('/api/petitions', validPetition()))).json<{ code: string }>();
    const b = await (await submit(postJson('/api/petitions', validPetition()))).json<{ code: string }>();
    expect(a.code).not.toBe(b.code);
  });
});
