/**
 * Issue 12, finding 3, design (b): past a code's budget of misses without the receipt tag, a
 * lookup is never refused to the owner; it needs a proof of work for that code (ALTCHA), single
 * use, whose cost doubles every few further misses. Someone typing the code by hand with the right
 * digits always gets in; a guesser pays more and more for every guess.
 */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { describe, expect, it } from 'vitest';
import { encodeAltchaPayload } from '../../src/server/captcha';
import { MISSES_PER_LEVEL, TRACK_WORK_BASE } from '../../src/server/track-pricing';
import { call, freshIp, ORIGIN, postForm, postJson, submitOk, validPetition } from './helpers';

/** A small untagged budget, so that a test spends it in a few requests. */
const BUDGET = 3;
const SMALL = { RATE_LIMIT_TRACK_CODE: `${BUDGET}/3600` } as const;
const wrong = (right: string) => String((Number(right) + 1) % 10000).padStart(4, '0');

type TrackChallenge = Challenge & { level: number; seconds: number };

async function challengeFor(code: string): Promise<TrackChallenge> {
  const r = await call(new Request(`${ORIGIN}/api/track/challenge?code=${encodeURIComponent(code)}`), SMALL);
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toContain('no-store');
  return r.json<TrackChallenge>();
}

async function solveCounting(challenge: Challenge): Promise<{ payload: string; counter: number }> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution found');
  return { payload: encodeAltchaPayload(challenge, solution), counter: solution.counter };
}
const solve = async (challenge: Challenge) => (await solveCounting(challenge)).payload;

const lookup = (body: Record<string, unknown>) => call(postJson('/api/track', body), SMALL);

async function spendBudget(code: string, digits: string): Promise<void> {
  for (let i = 0; i < BUDGET; i++) expect((await lookup({ code, phoneLast4: wrong(digits) })).status).toBe(404);
}

describe('past its untagged budget, a code is priced, never refused', () => {
  it('the owner typing the code by hand gets in with one proof of work; a replayed proof does not', async () => {
    const { code, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    await spendBudget(code, phoneLast4);

    const asked = await lookup({ code, phoneLast4 });
    expect(asked.status).toBe(429);
    const said = await asked.json<{ error: string; reason: string; challengeUrl: string }>();
    expect(said.reason).toBe('needed');
    expect(said.error).toContain('安全验证');
    expect(said.error).toContain('扫描回执上的二维码');
    expect(said.challengeUrl).toBe(`/api/track/challenge?code=${encodeURIComponent(code)}`);

    const challenge = await challengeFor(code);
    expect(challenge.level).toBe(0);
    const altcha = await solve(challenge);
    const owner = await lookup({ code, phoneLast4, altcha });
    expect(owner.status).toBe(200);
    expect((await owner.json<{ code: string }>()).code).toBe(code);

    const replay = await lookup({ code, phoneLast4, altcha });
    expect(replay.status).toBe(429);
    expect((await replay.json<{ reason: string }>()).reason).toBe('used');
  }, 60_000);

  it('each priced miss costs a fresh proof, the cost doubles, and a stock of cheap proofs stops working', async () => {
    const { code, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    await spendBudget(code, phoneLast4);
    // Solved in advance, at the lowest level.
    const stock = await solve(await challengeFor(code));

    const levels: number[] = [];
    for (let i = 0; i < 2 * MISSES_PER_LEVEL; i++) {
      const challenge = await challengeFor(code);
      levels.push(challenge.level);
      const r = await lookup({ code, phoneLast4: wrong(phoneLast4), altcha: await solve(challenge) });
      expect(r.status).toBe(404);
    }
    expect(levels.slice(0, MISSES_PER_LEVEL).every((l) => l === 0)).toBe(true);
    expect(levels.slice(MISSES_PER_LEVEL).every((l) => l === 1)).toBe(true);
    const now = await challengeFor(code);
    expect(now.level).toBe(2);
    // The work asked for is 2^level times the base: the counter the solver had to reach.
    const solved = await solveCounting(now);
    expect(solved.counter).toBeGreaterThanOrEqual(TRACK_WORK_BASE.counterMin * 4);
    expect(solved.counter).toBeLessThanOrEqual(TRACK_WORK_BASE.counterMax * 4);
    expect(now.seconds).toBeGreaterThanOrEqual(1);

    // The level-0 stock is two levels behind now: refused with a harder challenge, not evaluated.
    const stale = await lookup({ code, phoneLast4, altcha: stock });
    expect(stale.status).toBe(429);
    expect((await stale.json<{ reason: string }>()).reason).toBe('harder');

    // The owner, with a proof of today's level, gets in; a right answer does not raise the cost.
    expect((await lookup({ code, phoneLast4, altcha: solved.payload })).status).toBe(200);
    expect((await challengeFor(code)).level).toBe(2);
  }, 180_000);

  it('a proof is bound to its code and purpose', async () => {
    const a = await submitOk();
    const b = await submitOk();
    const digitsB = String(b.body['phone']).slice(-4);
    await spendBudget(b.code, digitsB);
    // A proof for another code.
    const forA = await solve(await challengeFor(a.code));
    const r = await lookup({ code: b.code, phoneLast4: digitsB, altcha: forA });
    expect(r.status).toBe(429);
    expect((await r.json<{ reason: string }>()).reason).toBe('invalid');
    // The petition form's own proof is not a tracking proof …
    const formChallenge = await (
      await call(new Request(`${ORIGIN}/api/captcha/challenge`), { ...SMALL, CAPTCHA: 'altcha' })
    ).json<Challenge>();
    const forForm = await solve(formChallenge);
    const r2 = await lookup({ code: b.code, phoneLast4: digitsB, altcha: forForm });
    expect((await r2.json<{ reason: string }>()).reason).toBe('invalid');
    // … and a tracking proof files no petition.
    const petition = await call(
      postJson('/api/petitions', validPetition({ altcha: await solve(await challengeFor(b.code)) })),
      {
        CAPTCHA: 'altcha',
      },
    );
    expect(petition.status).toBe(422);
    // A garbled proof is a clear answer, not a fault.
    const r3 = await lookup({ code: b.code, phoneLast4: digitsB, altcha: 'not-a-proof' });
    expect(r3.status).toBe(429);
    expect((await r3.json<{ reason: string }>()).reason).toBe('invalid');
  }, 60_000);

  it('a challenge for a mistyped code is a clear 422', async () => {
    const r = await call(new Request(`${ORIGIN}/api/track/challenge?code=ABCD`));
    expect(r.status).toBe(422);
    expect((await r.json<{ errors: { code: string } }>()).errors.code).toContain('查询码有误');
  });

  it('the plain form: asks for the check and keeps the lookup; without script it names every other way in', async () => {
    const { code, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    await spendBudget(code, phoneLast4);
    const page = await call(postForm('/api/track', { code, phoneLast4 }, freshIp(), { origin: ORIGIN }), SMALL);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    const text = await page.text();
    expect(text).toContain('查询前需要完成安全验证');
    expect(text).toContain(`data-challenge-url="/api/track/challenge?code=${encodeURIComponent(code)}"`);
    expect(text).toMatch(/<noscript><p>您的浏览器没有运行页面脚本[^<]*扫描回执上的二维码[^<]*拨打/);
    // The digits typed stay in the form, so the page can post the lookup again by itself.
    expect(text).toMatch(new RegExp(`<input[^>]*name="phoneLast4"[^>]*value="${phoneLast4}"`));

    // Solved and posted again, the plain form's answer is the result page, whose forms carry the
    // code's tag from here on (the follow-ups copy it): rating and 复查 count in the owner's budget.
    const altcha = await solve(await challengeFor(code));
    const found = await call(
      postForm('/api/track', { code, phoneLast4, altcha }, freshIp(), { origin: ORIGIN }),
      SMALL,
    );
    expect(found.status).toBe(200);
    const result = await found.text();
    expect(result).toContain(`查询码 <span class="code-nowrap">${code}</span>`);
    expect(result).toMatch(/<input type="hidden" name="t" value="[0-9a-f]{16}"/);
  }, 60_000);
});
