/**
 * The bot check on petition submissions, as a port with three adapters chosen by the CAPTCHA setting
 * (src/server/env.ts): "altcha" (a proof-of-work this server issues and verifies; no third party, so
 * it works in mainland China), "turnstile" (Cloudflare's, as before), "none". The policy for a
 * submission without a solution (browsers without script) is in docs/adr/0005-self-hosted-bot-check.md
 * and in submit-petition.ts; this module only says what a submission carried.
 *
 * ALTCHA challenges are stateless until used: the server signs a challenge (HMAC-SHA-256) and keeps
 * nothing; a solution is checked against the signature. What makes a solution single-use is the row
 * `consumeStatements` adds to the petition's own write batch (table captcha_solutions): a second
 * petition with the same solution fails that batch on the primary key (`isReplayedSolution`).
 */
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { ABUSE_MESSAGES, TURNSTILE_FIELD, verifyTurnstile } from './abuse';
import { keyedHash } from './crypto';
import { isDevMode, type Env } from './env';
import { json } from './http';
import { isDbError, type Database, type DbStatement } from './platform/database';

export const CAPTCHA_MODES = ['altcha', 'turnstile', 'none'] as const;
export type CaptchaMode = (typeof CAPTCHA_MODES)[number];

type CaptchaEnv = Pick<Env, 'CAPTCHA' | 'TURNSTILE_SECRET' | 'DEV_MODE' | 'ALTCHA_HMAC_KEY' | 'HASH_KEY'>;

/** The mode in force; see Env.CAPTCHA for the defaults. */
export function captchaMode(env: Pick<Env, 'CAPTCHA' | 'TURNSTILE_SECRET' | 'DEV_MODE'>): CaptchaMode {
  const set = env.CAPTCHA?.trim().toLowerCase();
  if (set) return (CAPTCHA_MODES as readonly string[]).includes(set) ? (set as CaptchaMode) : 'altcha';
  if (env.TURNSTILE_SECRET) return 'turnstile';
  return isDevMode(env) ? 'none' : 'altcha';
}

/** The form field the solution travels in (the widget's default name; PetitionInputSchema.altcha). */
export const ALTCHA_FIELD = 'altcha';

/**
 * The work a browser does: PBKDF2-SHA-256 with `cost` iterations per attempt, and the answer is
 * the counter the server picked between the bounds (deterministic mode), so every person waits
 * about as long: ~0.5 s on one desktop core, a second or two on an old phone. A bot pays the same
 * for every petition, and the server verifies with one HMAC (the key signature).
 */
export const ALTCHA_WORK = { algorithm: 'PBKDF2/SHA-256', cost: 1000, counterMin: 400, counterMax: 1600 } as const;
/** Long enough to fill the last step of the form; the widget fetches a fresh one when it runs out. */
export const ALTCHA_TTL_SECONDS = 600;
/** Longest payload accepted (a real one is ~700 characters); anything longer is not parsed. */
const MAX_PAYLOAD_CHARS = 4096;

export const CAPTCHA_MESSAGES = {
  /** A script-run client (JSON body) that sent no solution. */
  missing: '页面的人机验证还没有完成。请稍等几秒，等“人机验证”显示“验证通过”后再点“提交”。您填写的内容都还在',
  expired: '人机验证已过期，请重新完成验证后再点“提交”。您填写的内容都还在',
  used: '这次人机验证已经用过了，请重新完成验证后再点“提交”。您填写的内容都还在',
  failed: '人机验证没有通过，请重新完成验证后再点“提交”。您填写的内容都还在',
  /** A form post without a solution, over the limit for such posts (docs/adr/0005). */
  unverifiedLimit: (seconds: number) =>
    `您的浏览器没有运行页面脚本，无法自动完成人机验证。为防止有人用程序批量提交，这种方式的提交次数已达上限，请在 ${Math.ceil(seconds / 60)} 分钟后再试，或开启浏览器的 JavaScript 后重新提交。您也可以拨打信访电话、寄信或到接待场所反映`,
} as const;

/** The solution's row in captcha_solutions, written with the petition. */
export interface UsedChallenge {
  signature: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type CaptchaCheck =
  /** Checked and good; `consume` is set when the solution must be recorded as used. */
  | { kind: 'passed'; consume?: UsedChallenge }
  /** Nothing to check: the mode is "none". */
  | { kind: 'off' }
  /** The submission carried no solution. */
  | { kind: 'absent' }
  /** A solution that does not hold; `field` is where the form shows `message`. */
  | { kind: 'failed'; field: 'altcha' | 'form'; reason: 'malformed' | 'expired' | 'invalid'; message: string };

// ---------------------------------------------------------------------------------------------
// ALTCHA

interface AltchaSecrets {
  signature: string;
  key: string;
}

const secretCache = new Map<string, Promise<AltchaSecrets>>();

async function hmacHex(secret: string, label: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(label)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The two ALTCHA secrets: one signs the challenge, one signs the key the browser must find. Both
 * from ALTCHA_HMAC_KEY, or from HASH_KEY with the purpose "altcha" (so each node of a deployment
 * agrees without another setting).
 */
function altchaSecrets(env: Pick<CaptchaEnv, 'ALTCHA_HMAC_KEY' | 'HASH_KEY'>): Promise<AltchaSecrets> {
  const id = env.ALTCHA_HMAC_KEY ? `a:${env.ALTCHA_HMAC_KEY}` : `h:${env.HASH_KEY}`;
  let secrets = secretCache.get(id);
  if (!secrets) {
    secrets = (async () => {
      const master = env.ALTCHA_HMAC_KEY || (await keyedHash(env, 'altcha', 'challenge-signing'));
      return { signature: await hmacHex(master, 'altcha:signature'), key: await hmacHex(master, 'altcha:key') };
    })();
    secrets.catch(() => secretCache.delete(id));
    secretCache.set(id, secrets);
  }
  return secrets;
}

/** How much work a challenge asks for, and what it is for (signed into the challenge). */
export interface AltchaWork {
  counterMin: number;
  counterMax: number;
  /** Signed metadata: a challenge for one purpose is refused by another (track-pricing.ts). */
  data?: Record<string, string | number>;
  ttlSeconds?: number;
}

/** A new signed challenge, in the format the ALTCHA widget fetches. `now` only moves the expiry (tests). */
export async function createAltchaChallenge(
  env: Pick<CaptchaEnv, 'ALTCHA_HMAC_KEY' | 'HASH_KEY'>,
  now: number = Date.now(),
  work: AltchaWork = ALTCHA_WORK,
): Promise<Challenge> {
  const secrets = await altchaSecrets(env);
  return createChallenge({
    algorithm: ALTCHA_WORK.algorithm,
    cost: ALTCHA_WORK.cost,
    counter: randomInt(work.counterMax, work.counterMin),
    deriveKey,
    ...(work.data ? { data: work.data } : {}),
    expiresAt: Math.floor(now / 1000) + (work.ttlSeconds ?? ALTCHA_TTL_SECONDS),
    hmacSignatureSecret: secrets.signature,
    hmacKeySignatureSecret: secrets.key,
  });
}

/** The widget's payload: base64 of `{ challenge: { parameters, signature }, solution }`. */
export function encodeAltchaPayload(challenge: Challenge, solution: Solution): string {
  return btoa(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  );
}

function decodeAltchaPayload(value: string): { challenge: Challenge; solution: Solution } | null {
  if (value.length > MAX_PAYLOAD_CHARS) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(value));
  } catch {
    return null;
  }
  const p = parsed as { challenge?: { parameters?: unknown; signature?: unknown }; solution?: unknown } | null;
  const params = p?.challenge?.parameters;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
  if (typeof p?.challenge?.signature !== 'string' || typeof p.solution !== 'object' || p.solution === null) return null;
  return p as { challenge: Challenge; solution: Solution };
}

/** What an ALTCHA payload proved: a solved challenge of this server, with its signed metadata. */
export type AltchaVerification =
  | { ok: true; consume: UsedChallenge; data: Record<string, unknown> }
  | { ok: false; reason: 'absent' | 'malformed' | 'expired' | 'invalid' };

/** Checks a payload (the widget's `altcha` field) against this server's signatures and its expiry. */
export async function verifyAltcha(
  env: Pick<CaptchaEnv, 'ALTCHA_HMAC_KEY' | 'HASH_KEY'>,
  value: unknown,
): Promise<AltchaVerification> {
  if (value === undefined || value === null || value === '') return { ok: false, reason: 'absent' };
  const payload = typeof value === 'string' ? decodeAltchaPayload(value) : null;
  if (!payload) return { ok: false, reason: 'malformed' };
  const secrets = await altchaSecrets(env);
  try {
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: secrets.signature,
      hmacKeySignatureSecret: secrets.key,
    });
    if (result.expired) return { ok: false, reason: 'expired' };
    const expiresAt = payload.challenge.parameters.expiresAt;
    // Every challenge this server signs expires; one without an expiry was not made here.
    if (!result.verified || typeof expiresAt !== 'number') return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      consume: { signature: payload.challenge.signature!, expiresAt },
      data: payload.challenge.parameters.data ?? {},
    };
  } catch {
    // Parameters that make the library throw (odd hex, absurd numbers) are a bad payload, not a fault.
    return { ok: false, reason: 'malformed' };
  }
}

async function checkAltcha(env: CaptchaEnv, value: unknown): Promise<CaptchaCheck> {
  const v = await verifyAltcha(env, value);
  // A challenge made for another purpose (a tracking lookup's, track-pricing.ts) is not this one.
  if (v.ok) return v.data['purpose'] === undefined ? { kind: 'passed', consume: v.consume } : failedAltcha('invalid');
  return v.reason === 'absent' ? { kind: 'absent' } : failedAltcha(v.reason);
}

function failedAltcha(reason: 'malformed' | 'expired' | 'invalid'): CaptchaCheck {
  return {
    kind: 'failed',
    field: 'altcha',
    reason,
    message: reason === 'expired' ? CAPTCHA_MESSAGES.expired : CAPTCHA_MESSAGES.failed,
  };
}

// ---------------------------------------------------------------------------------------------
// The port

/** What the submission's body carries for the bot check of the mode in force. */
export async function checkCaptcha(
  env: CaptchaEnv,
  body: Record<string, unknown> | null,
  ip: string,
): Promise<CaptchaCheck> {
  switch (captchaMode(env)) {
    case 'none':
      return { kind: 'off' };
    case 'altcha':
      return checkAltcha(env, body?.[ALTCHA_FIELD]);
    case 'turnstile': {
      const token = body?.[TURNSTILE_FIELD];
      if (token === undefined || token === null || token === '') return { kind: 'absent' };
      // Turnstile's siteverify refuses a token the second time itself: nothing to record here.
      return (await verifyTurnstile(env, token, ip))
        ? { kind: 'passed' }
        : { kind: 'failed', field: 'form', reason: 'invalid', message: ABUSE_MESSAGES.turnstile };
    }
  }
}

/**
 * The statement that records a solution as used, for the petition's write batch: put it after the
 * petition's own insert, so that a retry of the same submission fails on its submission id first
 * and is answered with the earlier code.
 */
export function consumeStatements(db: Database, used: UsedChallenge | undefined): DbStatement[] {
  if (!used) return [];
  return [
    db
      .prepare('INSERT INTO captcha_solutions (signature, expires_at) VALUES (?, ?)')
      .bind(used.signature, used.expiresAt),
  ];
}

/** True when a batch failed because its solution had been used before. */
export function isReplayedSolution(error: unknown): boolean {
  return isDbError(error, 'unique') && (error.constraint ?? error.message).includes('captcha_solutions');
}

/** Drops the rows of challenges that have expired (they can no longer be replayed anyway). */
export async function purgeUsedChallenges(db: Database, now: number = Date.now()): Promise<void> {
  await db
    .prepare('DELETE FROM captcha_solutions WHERE expires_at < ?')
    .bind(Math.floor(now / 1000))
    .run();
}

// ---------------------------------------------------------------------------------------------
// GET /api/captcha/challenge

/**
 * A fresh challenge with `mode: "altcha"`, or just `{ mode }` when another mode is in force: the
 * form asks here once, and loads the widget only for "altcha". Never cached: each challenge is
 * single-use. Handing one out writes nothing; now and then it purges expired rows afterwards.
 */
export async function handleCaptchaChallenge(
  env: Pick<Env, 'DB'> & CaptchaEnv,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<Response> {
  const mode = captchaMode(env);
  if (mode !== 'altcha') return json({ mode });
  const challenge = await createAltchaChallenge(env);
  if (Math.random() < 0.05) waitUntil(purgeUsedChallenges(env.DB).catch(() => undefined));
  return json({ mode, ...challenge });
}
