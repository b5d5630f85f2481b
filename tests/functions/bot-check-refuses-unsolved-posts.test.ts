// The self-hosted bot check through the app (CAPTCHA "altcha", docs/adr/0005-self-hosted-bot-check.md):
// a solved challenge files one petition; a replay, an expired, an altered or a missing solution is
// refused with a 4xx and a Chinese message and saves nothing; a plain form post without script is
// let through within its own, stricter limits.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { describe, expect, it } from 'vitest';
import {
  ALTCHA_TTL_SECONDS,
  CAPTCHA_MESSAGES,
  createAltchaChallenge,
  encodeAltchaPayload,
} from '../../src/server/captcha';
import { asFormFields, call, env, freshIp, ORIGIN, postForm, postJson, validPetition } from './helpers';

const ON = { CAPTCHA: 'altcha' } as const;

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution found');
  return encodeAltchaPayload(challenge, solution);
}

/** A challenge as the browser gets it, from the endpoint, solved. */
async function solvedFromEndpoint(): Promise<{ payload: string; signature: string }> {
  const r = await call(new Request(`${ORIGIN}/api/captcha/challenge`), ON);
  const challenge = await r.json<Challenge & { mode: string }>();
  return { payload: await solve(challenge), signature: challenge.signature! };
}

async function petitionsWith(submissionId: unknown): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM petitions WHERE submission_id = ?')
    .bind(submissionId)
    .first<{ n: number }>();
  return Number(row?.n);
}

describe('GET /api/captcha/challenge', () => {
  it('hands out a signed ALTCHA challenge that expires in ten minutes, never cached', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await call(new Request(`${ORIGIN}/api/captcha/challenge`), ON);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await r.json<{ mode: string; parameters: Record<string, unknown>; signature: string }>();
    expect(body.mode).toBe('altcha');
    expect(body.parameters['algorithm']).toBe('PBKDF2/SHA-256');
    expect(body.parameters['expiresAt']).toBeGreaterThanOrEqual(before + ALTCHA_TTL_SECONDS);
    expect(body.parameters['expiresAt']).toBeLessThanOrEqual(before + ALTCHA_TTL_SECONDS + 2);
    expect(body.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says only the mode when ALTCHA is not in force, and answers GET only', async () => {
    const off = await call(new Request(`${ORIGIN}/api/captcha/challenge`), { CAPTCHA: 'none' });
    expect(await off.json()).toEqual({ mode: 'none' });
    const post = await call(new Request(`${ORIGIN}/api/captcha/challenge`, { method: 'POST' }), ON);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('with the bot check on, a JSON submission', () => {
  it('with a solved challenge is saved, once; the same solution for another petition is refused', async () => {
    const { payload, signature } = await solvedFromEndpoint();
    const first = validPetition({ altcha: payload });
    const r1 = await call(postJson('/api/petitions', first), ON);
    expect(r1.status).toBe(201);
    const { code } = await r1.json<{ code: string }>();
    expect(code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const used = await env.DB.prepare('SELECT expires_at FROM captcha_solutions WHERE signature = ?')
      .bind(signature)
      .first<{ expires_at: number }>();
    expect(Number(used?.expires_at)).toBeGreaterThan(Date.now() / 1000);

    // The same submission again (a retry after a lost answer) gets its code back, not a refusal.
    const retry = await call(postJson('/api/petitions', first), ON);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await retry.json<{ code: string }>()).code).toBe(code);

    // Another petition with the same solution: refused, nothing saved.
    const replay = validPetition({ altcha: payload, title: '同一个验证再用一次' });
    const r2 = await call(postJson('/api/petitions', replay), ON);
    expect(r2.status).toBe(422);
    expect(await r2.json()).toEqual({ errors: { altcha: CAPTCHA_MESSAGES.used } });
    expect(await petitionsWith(replay['submissionId'])).toBe(0);
  });

  it('with an expired challenge is refused with the expiry message', async () => {
    const stale = await createAltchaChallenge(env, Date.now() - (ALTCHA_TTL_SECONDS + 5) * 1000);
    const p = validPetition({ altcha: await solve(stale) });
    const r = await call(postJson('/api/petitions', p), ON);
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ errors: { altcha: CAPTCHA_MESSAGES.expired } });
    expect(await petitionsWith(p['submissionId'])).toBe(0);
  });

  it('with a challenge altered after solving (a later expiry) is refused', async () => {
    const stale = await createAltchaChallenge(env, Date.now() - (ALTCHA_TTL_SECONDS + 5) * 1000);
    const decoded = JSON.parse(atob(await solve(stale))) as { challenge: { parameters: { expiresAt: number } } };
    decoded.challenge.parameters.expiresAt = Math.floor(Date.now() / 1000) + 600;
    const p = validPetition({ altcha: btoa(JSON.stringify(decoded)) });
    const r = await call(postJson('/api/petitions', p), ON);
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ errors: { altcha: CAPTCHA_MESSAGES.failed } });
    expect(await petitionsWith(p['submissionId'])).toBe(0);
  });

  it('with a made-up solution, or none at all, is refused', async () => {
    const junk = validPetition({ altcha: btoa('{"challenge":{"parameters":{},"signature":"00"},"solution":{}}') });
    const r1 = await call(postJson('/api/petitions', junk), ON);
    expect(r1.status).toBe(422);
    expect(await r1.json()).toEqual({ errors: { altcha: CAPTCHA_MESSAGES.failed } });

    const none = validPetition();
    const r2 = await call(postJson('/api/petitions', none), ON);
    expect(r2.status).toBe(422);
    expect(await r2.json()).toEqual({ errors: { altcha: CAPTCHA_MESSAGES.missing } });
    expect(await petitionsWith(none['submissionId'])).toBe(0);
  });

  it('other mistakes are reported first and do not use up the solution', async () => {
    const { payload } = await solvedFromEndpoint();
    const wrong = validPetition({ altcha: payload, phone: '123' });
    const r1 = await call(postJson('/api/petitions', wrong), ON);
    expect(r1.status).toBe(422);
    expect(Object.keys((await r1.json<{ errors: Record<string, string> }>()).errors)).toEqual(['phone']);
    const fixed = await call(postJson('/api/petitions', { ...wrong, phone: '13812345678' }), ON);
    expect(fixed.status).toBe(201);
  });

  it('with the check off, needs no solution (the development default)', async () => {
    const r = await call(postJson('/api/petitions', validPetition()), { CAPTCHA: 'none' });
    expect(r.status).toBe(201);
  });
});

describe('with the bot check on, a plain form post (no script)', () => {
  // First in this block: the site-wide count starts at zero in this file's database.
  it('without a solution is accepted within the site-wide limit, then told to wait or use another channel', async () => {
    const limits = { ...ON, RATE_LIMIT_SUBMIT_UNVERIFIED_SITE: '2/3600' };
    const post = () => call(postForm('/api/petitions', asFormFields(validPetition())), limits);
    expect((await post()).status).toBe(303);
    expect((await post()).status).toBe(303);
    const third = await post();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await third.text();
    expect(page).toContain('您的浏览器没有运行页面脚本，无法自动完成人机验证');
    expect(page).toContain('拨打信访电话');
  });

  it('without a solution is accepted three times an hour from one address, and keeps what was typed when refused', async () => {
    const limits = { ...ON, RATE_LIMIT_SUBMIT_UNVERIFIED_SITE: '1000/3600' };
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const r = await call(postForm('/api/petitions', asFormFields(validPetition()), ip), limits);
      expect(r.status).toBe(303);
    }
    const fourth = await call(
      postForm('/api/petitions', asFormFields(validPetition({ title: '第四次提交的标题' })), ip),
      limits,
    );
    expect(fourth.status).toBe(429);
    const page = await fourth.text();
    expect(page).toContain(CAPTCHA_MESSAGES.unverifiedLimit(Number(fourth.headers.get('retry-after'))).slice(0, 30));
    expect(page).toContain('value="第四次提交的标题"');
    // A post that does carry a solution is not held to that limit.
    const { payload } = await solvedFromEndpoint();
    const solved = await call(postForm('/api/petitions', asFormFields(validPetition({ altcha: payload })), ip), limits);
    expect(solved.status).toBe(303);
  });

  it('with an altered solution is refused outright, with the form refilled', async () => {
    const { payload } = await solvedFromEndpoint();
    const decoded = JSON.parse(atob(payload)) as { solution: { derivedKey: string } };
    const key = decoded.solution.derivedKey;
    decoded.solution.derivedKey = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    const r = await call(
      postForm(
        '/api/petitions',
        asFormFields(validPetition({ altcha: btoa(JSON.stringify(decoded)), title: '被改动的验证' })),
      ),
      ON,
    );
    expect(r.status).toBe(422);
    const page = await r.text();
    expect(page).toContain(CAPTCHA_MESSAGES.failed);
    expect(page).toContain('value="被改动的验证"');
  });
});
