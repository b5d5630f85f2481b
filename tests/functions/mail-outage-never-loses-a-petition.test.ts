import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, env, mailDeliveries, mailMode, postJson, submitOk, validPetition } from './helpers';
import { normaliseCode } from '../../src/lib/tracking-code';
import { settings } from '../../src/lib/settings';
import { findPetitionByCode } from '../../src/server/petition-store';
import { MAX_MAIL_ATTEMPTS, processOutbox } from '../../src/server/mail';

interface OutboxState {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
}

async function outboxOf(code: string): Promise<OutboxState[]> {
  const p = (await findPetitionByCode(env.DB, normaliseCode(code)))!;
  const { results } = await env.DB.prepare(
    'SELECT id, kind, status, attempts, last_error, next_attempt_at FROM mail_outbox WHERE petition_id = ? ORDER BY kind',
  )
    .bind(p.id)
    .all<OutboxState>();
  return results;
}

async function deliveriesFor(ids: string[]) {
  const { deliveries } = await mailDeliveries();
  return deliveries.filter((d) => d.idempotencyKey !== null && ids.includes(d.idempotencyKey));
}

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

afterEach(async () => {
  await mailMode('ok');
});

describe('mail goes out through Resend (a local stand-in), after the petition is safe', () => {
  it('delivers the receipt to the citizen and the notice to staff, user text escaped, each once', async () => {
    const { code } = await submitOk({ email: 'zhou@example.com', title: '<img src=x onerror=alert(1)> 噪音扰民' });
    const rows = await outboxOf(code);
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ['receipt', 'sent', 1],
      ['staff-notify', 'sent', 1],
    ]);
    const sent = await deliveriesFor(rows.map((r) => r.id));
    expect(sent).toHaveLength(2);
    const receiptMail = sent.find((d) => d.to.includes('zhou@example.com'))!;
    expect(receiptMail.subject).toContain(code);
    expect(receiptMail.html).toContain('&lt;img src=x onerror=alert(1)&gt; 噪音扰民');
    expect(receiptMail.html).not.toContain('<img');
    expect(receiptMail.text).toContain('<img src=x onerror=alert(1)> 噪音扰民');
    const staffMail = sent.find((d) => d.to.includes(settings.mail.staffNotify[0]!))!;
    expect(staffMail.html).not.toContain('zhou@example.com');
    expect(staffMail.html).not.toContain('<img');
  });

  it('mail API down (500): the petition is saved, the mail waits, and is delivered exactly once later', async () => {
    await mailMode('down');
    const { code } = await submitOk();
    const waiting = await outboxOf(code);
    expect(waiting.every((r) => r.status === 'pending' && r.attempts === 1 && r.last_error)).toBe(true);
    expect(await deliveriesFor(waiting.map((r) => r.id))).toHaveLength(0);

    // Not yet due: the backoff is respected.
    await mailMode('ok');
    expect((await processOutbox(env, { now: new Date() })).attempted).toBe(0);

    const run = await processOutbox(env, { now: later(2) });
    expect(run.sent).toBeGreaterThanOrEqual(2);
    const after = await outboxOf(code);
    expect(after.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    await processOutbox(env, { now: later(600) });
    expect(await deliveriesFor(after.map((r) => r.id))).toHaveLength(2);
  });

  it('mail API hangs: the answer to the citizen is not delayed, and the retry is not delivered twice', async () => {
    await mailMode('slow');
    const t0 = Date.now();
    const { response, done } = await dispatch(postJson('/api/petitions', validPetition()));
    const answeredIn = Date.now() - t0;
    expect(response.status).toBe(201);
    expect(answeredIn).toBeLessThan(Number(env.MAIL_TIMEOUT_MS));
    await done;
    const { code } = await response.json<{ code: string }>();

    const timedOut = await outboxOf(code);
    expect(
      timedOut.every((r) => r.status === 'pending' && r.attempts === 1 && /timeout/.test(r.last_error ?? '')),
    ).toBe(true);
    // The stand-in accepted the messages before hanging: the worst case for duplicates.
    expect(await deliveriesFor(timedOut.map((r) => r.id))).toHaveLength(timedOut.length);

    await mailMode('ok');
    await processOutbox(env, { now: later(2) });
    const after = await outboxOf(code);
    expect(after.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
    // Same Idempotency-Key on the retry: still one delivery per message.
    expect(await deliveriesFor(after.map((r) => r.id))).toHaveLength(after.length);
  });

  it('keeps retrying with growing gaps, then gives up and marks the mail failed', async () => {
    await mailMode('down');
    const { code } = await submitOk({ email: '' });
    let now = Date.now();
    const gaps: number[] = [];
    for (let i = 1; i < MAX_MAIL_ATTEMPTS; i++) {
      const [row] = await outboxOf(code);
      const due = Date.parse(row!.next_attempt_at);
      gaps.push(due - now);
      now = due;
      await processOutbox(env, { now: new Date(due) });
    }
    expect(gaps.slice(1).every((g, i) => g > gaps[i]!)).toBe(true);
    const [row] = await outboxOf(code);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS });
    // A failed mail is never picked up again.
    expect((await processOutbox(env, { now: later(100_000) })).attempted).toBe(0);
    expect(await findPetitionByCode(env.DB, normaliseCode(code))).not.toBeNull();
  });

  it('two outbox runners at the same moment never send the same message twice', async () => {
    await mailMode('down');
    const { code } = await submitOk();
    await mailMode('ok');
    const ids = (await outboxOf(code)).map((r) => r.id);
    const at = later(5);
    await Promise.all([
      processOutbox(env, { now: at }),
      processOutbox(env, { now: at }),
      processOutbox(env, { now: at }),
    ]);
    const { requests, deliveries } = await mailDeliveries();
    expect(requests).toBeGreaterThan(0);
    expect(deliveries.filter((d) => ids.includes(d.idempotencyKey ?? ''))).toHaveLength(2);
    expect((await outboxOf(code)).map((r) => r.attempts)).toEqual([2, 2]);
  });
});
