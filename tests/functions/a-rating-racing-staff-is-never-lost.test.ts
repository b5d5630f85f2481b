/**
 * Issue 12, finding 10: a citizen's rating or 复查 request that races staff actions on the same
 * case (each append takes the next link of the case's event chain) is tried again, never lost, and
 * never answered as something that did not happen ("已提交过" for a request that was not saved).
 * Real concurrency: Promise.all of the citizen's post and staff notes through the one app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/lib/tracking-code';
import { verifyDatabase } from '../../src/server/audit';
import { postJson, submitOk, track } from './helpers';
import { act, authEnv, DEMO_HANDLER, ORIGIN, signIn } from './staff-helpers';

const PHONE_LAST4 = '5678'; // validPetition's phone
const RUNS = 6;
let handler = '';

async function repliedCase(): Promise<{ id: string; code: string }> {
  const { code } = await submitOk();
  const compact = normaliseCode(code);
  const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?').bind(compact).first<{ id: string }>();
  const id = row!.id;
  for (const [action, body] of [
    ['register', {}],
    ['accept', { notice: '您的信访事项已受理，将依法调查核实。' }],
    [
      'reply',
      {
        request: '支付工资',
        factsAndReasons: '经调查属实',
        decision: 'support',
        opinion: '责令支付',
        legalBasis: '第三十二条',
      },
    ],
  ] as const) {
    const r = await act(handler, id, action, body);
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
  }
  return { id, code: compact };
}

const notes = (id: string, n: number) =>
  Array.from({ length: n }, (_, i) => act(handler, id, 'note', { text: `并发备注 ${i + 1}：已电话联系。` }));

const count = async (sql: string, id: string) => Number(await authEnv.DB.prepare(sql).bind(id).first<number>('n'));

describe('a citizen racing staff on the same case', () => {
  beforeAll(async () => {
    handler = await signIn(DEMO_HANDLER);
  });

  it('rates while staff add notes: the rating is saved every time, and its answer says so', async () => {
    for (let run = 0; run < RUNS; run++) {
      const c = await repliedCase();
      const [rating, ...staff] = await Promise.all([
        track(
          postJson('/api/track/rate', { code: c.code, phoneLast4: PHONE_LAST4, rating: 'satisfied' }, undefined, {
            origin: ORIGIN,
          }),
        ),
        ...notes(c.id, 4),
      ]);
      expect(rating.status, `run ${run}: ${await rating.clone().text()}`).toBe(201);
      // Staff who lose the race are told so (409) and nothing of theirs is half-saved.
      for (const s of staff) expect([200, 409]).toContain(s.status);
      expect(await count('SELECT count(*) AS n FROM ratings WHERE petition_id = ?', c.id)).toBe(1);
      expect(
        await count("SELECT count(*) AS n FROM petition_events WHERE petition_id = ? AND type = 'rate'", c.id),
      ).toBe(1);
    }
  });

  it('asks for 复查 while staff add notes: the request is filed every time, with its own receipt', async () => {
    for (let run = 0; run < RUNS; run++) {
      const c = await repliedCase();
      const [review] = await Promise.all([
        track(
          postJson(
            '/api/track/review',
            {
              code: c.code,
              phoneLast4: PHONE_LAST4,
              request: '请求复查处理意见',
              reasons: '处理意见没有回应我提出的事实。',
            },
            undefined,
            { origin: ORIGIN },
          ),
        ),
        ...notes(c.id, 4),
      ]);
      expect(review.status, `run ${run}: ${await review.clone().text()}`).toBe(201);
      expect(await count('SELECT count(*) AS n FROM petitions WHERE parent_id = ?', c.id)).toBe(1);
    }
  });

  it('two 复查 requests at once: one is filed; the other is told it was, which is then true', async () => {
    for (let run = 0; run < 3; run++) {
      const c = await repliedCase();
      const body = {
        code: c.code,
        phoneLast4: PHONE_LAST4,
        request: '请求复查处理意见',
        reasons: '处理意见没有回应我提出的事实。',
      };
      const answers = await Promise.all([
        track(postJson('/api/track/review', body, undefined, { origin: ORIGIN })),
        track(postJson('/api/track/review', body, undefined, { origin: ORIGIN })),
        ...notes(c.id, 2),
      ]);
      const statuses = answers
        .slice(0, 2)
        .map((r) => r.status)
        .sort();
      expect(statuses, `run ${run}`).toEqual([201, 409]);
      expect(await count('SELECT count(*) AS n FROM petitions WHERE parent_id = ?', c.id)).toBe(1);
    }
    expect((await verifyDatabase(authEnv.DB)).broken).toEqual([]);
  });
});
