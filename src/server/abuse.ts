/**
 * Signals that a submission comes from a script rather than a person: the honeypot field, a form
 * filled faster than anyone can read it, and (only where a secret is configured) Cloudflare Turnstile.
 * They add to the rate limits; none of them is relied on alone.
 */
import { PETITION_LIMITS } from '../lib/petition-schema';
import type { Env } from './env';

export const ABUSE_MESSAGES = {
  tooFast: '您提交得太快了。请再核对一遍填写的内容，然后重新点击“提交”',
  startMissing: '页面信息不完整，请核对填写的内容后再点击一次“提交”',
  startAhead: '页面记录的打开时间晚于现在。请检查手机或电脑的日期和时间是否准确，然后刷新页面再提交',
  startStale: '这个页面打开的时间太久了。请核对填写的内容后再点击一次“提交”',
  crossSite: '请在本站的“网上信访”页面填写并提交。其他网站不能替您提交信访事项',
  turnstile: '未能完成人机验证，请重新勾选验证后再提交',
} as const;

/**
 * How far a form's start time may be ahead of the server's clock. The island sets it from the
 * browser's clock, and a phone whose time zone is set wrong (UTC with the local time typed in) runs
 * 8 hours ahead: such a person must still be able to file. A day covers every time-zone mistake;
 * the bound only stops nonsense (a year ahead), the speed check being one signal among several.
 */
export const START_CLOCK_SKEW_MS = 24 * 3600_000;
/** The oldest start time taken: a form left open for days is opened again, not trusted. */
export const START_MAX_AGE_MS = 72 * 3600_000;

export type StartCheck = 'ok' | 'too-fast' | 'missing' | 'ahead' | 'stale';

/**
 * Whether the form's start time is plausible and the form was not submitted sooner than a person
 * could fill it (issue 12, finding 8). A value too far ahead or too old would otherwise switch the
 * minimum fill time off, so both are refused; the form's pages always fill it in (the server for
 * the plain form, the island from the browser's clock).
 */
export function checkStartedAt(startedAt: number | undefined, now: number): StartCheck {
  if (startedAt === undefined) return 'missing';
  const elapsed = now - startedAt;
  if (elapsed < -START_CLOCK_SKEW_MS) return 'ahead';
  if (elapsed > START_MAX_AGE_MS) return 'stale';
  return elapsed >= 0 && elapsed < PETITION_LIMITS.minFillSeconds * 1000 ? 'too-fast' : 'ok';
}

export const START_MESSAGES: Record<Exclude<StartCheck, 'ok'>, string> = {
  'too-fast': ABUSE_MESSAGES.tooFast,
  missing: ABUSE_MESSAGES.startMissing,
  ahead: ABUSE_MESSAGES.startAhead,
  stale: ABUSE_MESSAGES.startStale,
};

/**
 * Refuses a petition posted from another site (issue 12, finding 8): any website could otherwise
 * make its visitors' browsers file petitions. A browser sends Origin on every cross-origin POST, and
 * `null` from privacy-sensitive contexts (a sandboxed frame, a no-referrer page): anything but the
 * site's own origin is refused, as is Sec-Fetch-Site: cross-site. No Origin at all is a
 * non-browser client (curl, the office's own scripts), which the bot check and the limits govern.
 */
export function isCrossSitePost(request: Request, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null && !allowed.has(origin)) return true;
  return request.headers.get('sec-fetch-site') === 'cross-site';
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
