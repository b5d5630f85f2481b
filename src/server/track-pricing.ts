/**
 * Issue 12, finding 3, design (b): past a code's budget of misses without the receipt tag, a
 * lookup is not refused; it is priced. It must carry a proof of work (an ALTCHA challenge this
 * server signs for that code) whose cost doubles every MISSES_PER_LEVEL misses made on the code
 * that day, up to MAX_LEVEL. The owner with the right digits therefore always gets in, after a
 * few seconds of the browser's work (half a minute on an old phone at the top level), while a
 * guesser pays for every further guess, and more and more.
 *
 * A solution is single-use (its row in captcha_solutions, the petition form's table) and bound to
 * the code and to its level (both signed into the challenge as `data`). A solution of a level
 * that the code has since outgrown by more than one is refused with a harder challenge, so a
 * stock of cheap solutions solved in advance buys at most a handful of guesses.
 */
import type { Challenge } from 'altcha-lib';
import { consumeStatements, createAltchaChallenge, isReplayedSolution, verifyAltcha } from './captcha';
import { keyedHash } from './crypto';
import type { Env } from './env';
import { countOf, prepareRateLimit, type PreparedHit } from './rate-limit';

/** The lowest level's work: about a quarter of the petition form's (ALTCHA_WORK). */
export const TRACK_WORK_BASE = { counterMin: 200, counterMax: 800 } as const;
/** Misses past the budget that raise the cost one level (it doubles). */
export const MISSES_PER_LEVEL = 5;
/** The top level: 2^5 = 32 times the base, 20–30 s on an old phone, 4–5 s on one server core. */
export const MAX_LEVEL = 5;
/** A challenge is for one lookup now, not a form to fill. */
export const TRACK_CHALLENGE_TTL_SECONDS = 300;
/** What the browser asks for a challenge at; `code` in the query. */
export const TRACK_CHALLENGE_PATH = '/api/track/challenge';
/** The purpose signed into a tracking challenge (the petition form refuses it, and the reverse). */
export const TRACK_PURPOSE = 'track';

/** Attempts per second of an old phone (PBKDF2, ALTCHA_WORK.cost iterations each): for the wait shown. */
const SLOW_PHONE_ATTEMPTS_PER_SECOND = 700;

export function levelFor(pricedMisses: number): number {
  return Math.min(MAX_LEVEL, Math.floor(Math.max(0, pricedMisses) / MISSES_PER_LEVEL));
}

/** About how long an old phone works on a challenge of this level, in whole seconds. */
export function secondsFor(level: number): number {
  const mean = ((TRACK_WORK_BASE.counterMin + TRACK_WORK_BASE.counterMax) / 2) * 2 ** level;
  return Math.max(1, Math.ceil(mean / SLOW_PHONE_ATTEMPTS_PER_SECOND));
}

/** The code's priced misses today: a rate_limits row of its own, kept a day. */
function pricedMisses(env: Env, code: string, now: number): Promise<PreparedHit> {
  return prepareRateLimit(env, 'trackCodePriced', code, now);
}

/** The code as signed into its challenges: a keyed hash, so a challenge names no code. */
async function codeMark(env: Env, code: string): Promise<string> {
  return (await keyedHash(env, 'track-pow', code)).slice(0, 16);
}

export function challengeUrl(code: string): string {
  return `${TRACK_CHALLENGE_PATH}?code=${encodeURIComponent(code)}`;
}

/** A challenge for one priced lookup on `code` (already normalised and valid), at today's level. */
export async function createTrackChallenge(
  env: Env,
  code: string,
  now: number = Date.now(),
): Promise<Challenge & { level: number; seconds: number }> {
  const priced = await pricedMisses(env, code, now);
  const row = await priced.read.first<{ count: number }>();
  const level = levelFor(row?.count ?? 0);
  const factor = 2 ** level;
  const challenge = await createAltchaChallenge(env, now, {
    counterMin: TRACK_WORK_BASE.counterMin * factor,
    counterMax: TRACK_WORK_BASE.counterMax * factor,
    data: { purpose: TRACK_PURPOSE, code: await codeMark(env, code), level },
    ttlSeconds: TRACK_CHALLENGE_TTL_SECONDS,
  });
  return { ...challenge, level, seconds: secondsFor(level) };
}

/** Why a priced lookup was not evaluated: no proof, or one that does not hold (a new one is asked for). */
export type PricedReason = 'needed' | 'expired' | 'used' | 'invalid' | 'harder';

export type PricedEntry =
  /** The lookup may be evaluated; `miss` keeps the priced unit, `hit` gives it back. */
  { ok: true; hit: () => Promise<void> } | { ok: false; reason: PricedReason };

/**
 * Admits one lookup past the code's untagged budget if `value` (the `altcha` field) is a fresh
 * solution of a challenge for this code at a level the code still allows. Atomic per solution:
 * the solution's row and the priced count are written in one batch, which fails as a whole on a
 * replay.
 */
export async function admitPriced(env: Env, code: string, value: unknown, now: number): Promise<PricedEntry> {
  const v = await verifyAltcha(env, value);
  if (!v.ok) {
    return { ok: false, reason: v.reason === 'absent' ? 'needed' : v.reason === 'expired' ? 'expired' : 'invalid' };
  }
  if (v.data['purpose'] !== TRACK_PURPOSE || v.data['code'] !== (await codeMark(env, code))) {
    return { ok: false, reason: 'invalid' };
  }
  const level = typeof v.data['level'] === 'number' ? v.data['level'] : -1;
  const priced = await pricedMisses(env, code, now);
  let count: number;
  try {
    const [, counted] = await env.DB.batch([...consumeStatements(env.DB, v.consume), priced.counted]);
    count = countOf(counted) ?? 1;
  } catch (error) {
    if (isReplayedSolution(error)) return { ok: false, reason: 'used' };
    throw error;
  }
  // One level of slack: a solution fetched just before the level rose still counts.
  if (level < levelFor(count - 1) - 1) {
    await priced.release.run();
    return { ok: false, reason: 'harder' };
  }
  return { ok: true, hit: async () => void (await priced.release.run()) };
}
