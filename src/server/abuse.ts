/**
 * Signals that a submission comes from a script rather than a person: the honeypot field, a form
 * filled faster than anyone can read it, and (only where a secret is configured) Cloudflare Turnstile.
 * They add to the rate limits; none of them is relied on alone.
 */
import { PETITION_LIMITS } from '../lib/petition-schema';
import type { Env } from './env';

export const ABUSE_MESSAGES = {
  tooFast: '您提交得太快了。请再核对一遍填写的内容，然后重新点击“提交”',
  turnstile: '未能完成人机验证，请重新勾选验证后再提交',
} as const;

/**
 * True when the form was submitted sooner than a person could fill it. A client clock ahead of
 * ours (negative elapsed time) proves nothing, so it passes.
 */
export function submittedTooFast(startedAt: number | undefined, now: number): boolean {
  if (startedAt === undefined) return false;
  const elapsed = now - startedAt;
  return elapsed >= 0 && elapsed < PETITION_LIMITS.minFillSeconds * 1000;
}

/** Name of the token field the Turnstile widget adds to a form; also accepted in JSON bodies. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';

/** Verifies a Turnstile token when TURNSTILE_SECRET is set; always passes when it is not. */
export async function verifyTurnstile(
  env: Pick<Env, 'TURNSTILE_SECRET'>,
  token: unknown,
  ip: string,
): Promise<boolean> {
  if (!env.TURNSTILE_SECRET) return true;
  if (typeof token !== 'string' || token === '' || token.length > 4096) return false;
  try {
    const body = new FormData();
    body.set('secret', env.TURNSTILE_SECRET);
    body.set('response', token);
    if (ip !== 'unknown') body.set('remoteip', ip);
    const r = await fetch('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(5000),
    });
    const result = await r.json<{ success?: boolean }>();
    return result.success === true;
  } catch {
    return false;
  }
}
