// The bot-check port (src/server/captcha.ts) on its own: which mode a deployment gets, and what the
// ALTCHA adapter makes of solved, expired, altered and foreign solutions. Single use (the database
// row) is tested through the app: tests/functions/bot-check-refuses-unsolved-posts.test.ts.
import { randomBytes } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { describe, expect, it } from 'vitest';
import {
  ALTCHA_TTL_SECONDS,
  ALTCHA_WORK,
  CAPTCHA_MESSAGES,
  captchaMode,
  checkCaptcha,
  consumeStatements,
  createAltchaChallenge,
  encodeAltchaPayload,
  isReplayedSolution,
} from '@/server/captcha';
import { DatabaseError, type Database, type DbStatement } from '@/server/platform/database';

const env = { HASH_KEY: randomBytes(32).toString('base64'), CAPTCHA: 'altcha' };

async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution found');
  return encodeAltchaPayload(challenge, solution);
}

/** The payload with its challenge parameters changed after signing. */
function altered(payload: string, change: Record<string, unknown>): string {
  const p = JSON.parse(atob(payload)) as { challenge: { parameters: Record<string, unknown> } };
  Object.assign(p.challenge.parameters, change);
  return btoa(JSON.stringify(p));
}

describe('the mode a deployment gets', () => {
  it.each([
    [{}, 'altcha'],
    [{ DEV_MODE: '1' }, 'none'],
    [{ TURNSTILE_SECRET: 's' }, 'turnstile'],
    [{ CAPTCHA: 'none' }, 'none'],
    [{ CAPTCHA: ' Turnstile ' }, 'turnstile'],
    [{ CAPTCHA: 'altcha', DEV_MODE: '1' }, 'altcha'],
    [{ CAPTCHA: 'off' }, 'altcha'],
    [{ CAPTCHA: '', DEV_MODE: '1' }, 'none'],
  ] as const)('%o -> %s', (settings, mode) => {
    expect(captchaMode(settings)).toBe(mode);
  });
});

describe('the ALTCHA adapter', () => {
  it('issues a signed challenge that expires in ten minutes, with the work of ALTCHA_WORK', async () => {
    const now = Date.UTC(2026, 0, 5, 8, 0, 0);
    const c = await createAltchaChallenge(env, now);
    expect(c.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(c.parameters.cost).toBe(ALTCHA_WORK.cost);
    expect(c.parameters.expiresAt).toBe(now / 1000 + ALTCHA_TTL_SECONDS);
    expect(c.parameters.expiresAt).toBe(1_767_600_600);
    expect(c.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(c.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
    // Two challenges never share nonce or signature: each is single-use on its own.
    const d = await createAltchaChallenge(env, now);
    expect(d.parameters.nonce).not.toBe(c.parameters.nonce);
    expect(d.signature).not.toBe(c.signature);
  });

  it('passes a solved challenge and names the row that makes it single-use', async () => {
    const c = await createAltchaChallenge(env);
    const check = await checkCaptcha(env, { altcha: await solved(c) }, '198.51.100.1');
    expect(check).toEqual({ kind: 'passed', consume: { signature: c.signature, expiresAt: c.parameters.expiresAt } });
  });

  it('refuses an expired challenge with the expiry message', async () => {
    const c = await createAltchaChallenge(env, Date.now() - (ALTCHA_TTL_SECONDS + 60) * 1000);
    expect(await checkCaptcha(env, { altcha: await solved(c) }, 'x')).toEqual({
      kind: 'failed',
      field: 'altcha',
      reason: 'expired',
      message: CAPTCHA_MESSAGES.expired,
    });
  });

  it('refuses a challenge altered after signing: a later expiry, an easier key', async () => {
    const c = await createAltchaChallenge(env, Date.now() - (ALTCHA_TTL_SECONDS + 60) * 1000);
    const payload = await solved(c);
    const later = altered(payload, { expiresAt: Math.floor(Date.now() / 1000) + 600 });
    expect(await checkCaptcha(env, { altcha: later }, 'x')).toMatchObject({ kind: 'failed', reason: 'invalid' });
    const fresh = await createAltchaChallenge(env);
    const easier = altered(await solved(fresh), { keyPrefix: '00' });
    expect(await checkCaptcha(env, { altcha: easier }, 'x')).toMatchObject({
      kind: 'failed',
      field: 'altcha',
      reason: 'invalid',
      message: CAPTCHA_MESSAGES.failed,
    });
  });

  it('refuses a wrong solution and a challenge signed with another key', async () => {
    const c = await createAltchaChallenge(env);
    const wrong = encodeAltchaPayload(c, { counter: 1, derivedKey: '00'.repeat(32) });
    expect(await checkCaptcha(env, { altcha: wrong }, 'x')).toMatchObject({ kind: 'failed', reason: 'invalid' });
    const other = { HASH_KEY: randomBytes(32).toString('base64') };
    const foreign = await solved(await createAltchaChallenge(other));
    expect(await checkCaptcha(env, { altcha: foreign }, 'x')).toMatchObject({ kind: 'failed', reason: 'invalid' });
    // ALTCHA_HMAC_KEY, when set, is the key: challenges made from HASH_KEY no longer pass.
    const own = await solved(await createAltchaChallenge(env));
    expect(
      await checkCaptcha({ ...env, ALTCHA_HMAC_KEY: 'a long random office secret' }, { altcha: own }, 'x'),
    ).toMatchObject({
      kind: 'failed',
      reason: 'invalid',
    });
  });

  it.each([
    ['not base64', '%%%'],
    ['base64 of no JSON', btoa('hello')],
    ['no challenge', btoa(JSON.stringify({ solution: { counter: 1, derivedKey: 'ab' } }))],
    ['parameters as an array', btoa(JSON.stringify({ challenge: { parameters: [], signature: 'ab' }, solution: {} }))],
    ['too long', 'A'.repeat(5000)],
    ['a number', 12345],
  ])('calls a malformed payload (%s) malformed, never throws', async (_, value) => {
    expect(await checkCaptcha(env, { altcha: value }, 'x')).toEqual({
      kind: 'failed',
      field: 'altcha',
      reason: 'malformed',
      message: CAPTCHA_MESSAGES.failed,
    });
  });

  it('says "absent" when the field is missing or empty, and "off" when the mode is none', async () => {
    expect(await checkCaptcha(env, {}, 'x')).toEqual({ kind: 'absent' });
    expect(await checkCaptcha(env, { altcha: '' }, 'x')).toEqual({ kind: 'absent' });
    expect(await checkCaptcha(env, null, 'x')).toEqual({ kind: 'absent' });
    expect(await checkCaptcha({ ...env, CAPTCHA: 'none' }, { altcha: 'junk' }, 'x')).toEqual({ kind: 'off' });
    expect(await checkCaptcha({ ...env, CAPTCHA: 'turnstile' }, {}, 'x')).toEqual({ kind: 'absent' });
  });
});

describe('single use, as statements and errors', () => {
  it('adds one insert to the petition batch for an ALTCHA solution, none otherwise', () => {
    const prepared: { sql: string; values: unknown[] }[] = [];
    const db = {
      prepare: (sql: string) => ({
        bind: (...values: unknown[]) => {
          prepared.push({ sql, values });
          return {} as DbStatement;
        },
      }),
    } as unknown as Database;
    expect(consumeStatements(db, undefined)).toEqual([]);
    expect(consumeStatements(db, { signature: 'ab'.repeat(32), expiresAt: 1_767_600_600 })).toHaveLength(1);
    expect(prepared).toEqual([
      {
        sql: 'INSERT INTO captcha_solutions (signature, expires_at) VALUES (?, ?)',
        values: ['ab'.repeat(32), 1_767_600_600],
      },
    ]);
  });

  it('knows a replay by the constraint on either database, and nothing else', () => {
    expect(isReplayedSolution(new DatabaseError('unique', 'unique constraint', 'captcha_solutions.signature'))).toBe(
      true,
    );
    expect(isReplayedSolution(new DatabaseError('unique', 'unique constraint', 'captcha_solutions_pkey'))).toBe(true);
    expect(isReplayedSolution(new DatabaseError('unique', 'unique constraint', 'petitions.submission_id'))).toBe(false);
    expect(isReplayedSolution(new DatabaseError('over-limit', 'captcha_solutions'))).toBe(false);
    expect(isReplayedSolution(new Error('UNIQUE constraint failed: captcha_solutions.signature'))).toBe(false);
  });
});
