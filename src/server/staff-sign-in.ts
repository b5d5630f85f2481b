/**
 * Asking for a sign-in link (issue 12, findings 5 and 6). The answer's path does the same work for
 * every address — parse, count the requester's own address, answer — so neither its body nor its
 * time tells a staff address from an unknown one. Finding the staff member, the token and the mail
 * run after the answer (waitUntil), limited to one mail per staff member per window: a stranger
 * asking for someone's link again and again sends that person one mail and never locks them out.
 */
import { findActiveStaffByEmail, issueLoginToken, purgeExpired, type AuthEnv } from './auth';
import { insertOutboxStatement, processOutboxQuietly } from './mail';
import { hitRateLimit, prepareRateLimit, took } from './rate-limit';
import { renderLoginMail } from './staff-mail';

export const LOGIN_SENT_MESSAGE =
  '如果这个邮箱在工作人员名单中，我们已经发送了登录链接，请在 15 分钟内打开邮件中的链接登录';

export type LoginLinkOutcome = { kind: 'sent' } | { kind: 'rate-limited'; retryAfter: number; message: string };

export async function requestLoginLink(
  env: AuthEnv,
  request: { email: string; ip: string; origin: string; now: Date },
  waitUntil: (work: Promise<unknown>) => void,
): Promise<LoginLinkOutcome> {
  const { email, ip, origin, now } = request;
  // Only the requester's own address is refused: a limit per staff address would let anyone lock
  // that person out by asking in their name.
  const perIp = await hitRateLimit(env, 'track', `staff-login:${ip}`, now.getTime());
  if (!perIp.ok) {
    return {
      kind: 'rate-limited',
      retryAfter: perIp.retryAfter,
      message: `申请登录的次数过多，请在 ${Math.ceil(perIp.retryAfter / 60)} 分钟后再试`,
    };
  }
  waitUntil(mailLoginLink(env, email, origin, now));
  waitUntil(purgeExpired(env.DB, now).catch(() => undefined));
  return { kind: 'sent' };
}

/**
 * After the answer: the link for an active staff member, unless one was mailed to them in this
 * window and not yet used (that link is still good). Using a link frees the window
 * (releaseLoginMailWindow), so the owner signing in again soon gets a fresh mail.
 */
async function mailLoginLink(env: AuthEnv, email: string, origin: string, now: Date): Promise<void> {
  const staff = await findActiveStaffByEmail(env, email);
  if (!staff) return;
  const window = await prepareRateLimit(env, 'staffLoginMail', staff.id, now.getTime());
  if (!took(await window.take.all()) && (await hasUsableLink(env, staff.id, window.windowStart, now))) return;
  try {
    const token = await issueLoginToken(env, staff.id, now);
    const mail = {
      id: crypto.randomUUID(),
      petitionId: null,
      kind: 'staff-login',
      to: staff.email,
      ...renderLoginMail(staff.name, `${origin}/staff/login/?token=${token}`),
    };
    await (await insertOutboxStatement(env, env.DB, mail, now.toISOString())).run();
  } catch (error) {
    // No mail went out: the window must not keep the owner waiting for one.
    await window.release.run();
    throw error;
  }
  await processOutboxQuietly(env);
}

/**
 * Whether a link mailed in this window can still sign in. A spent window whose link is gone (used
 * while its release was lost, or purged) must not leave the owner without one; a stranger cannot
 * bring that about, since spending a link takes the mail.
 */
async function hasUsableLink(env: AuthEnv, staffId: string, windowStart: number, now: Date): Promise<boolean> {
  const row = await env.DB.prepare(
    'SELECT 1 AS one FROM staff_login_tokens WHERE staff_id = ? AND used_at IS NULL AND expires_at > ? AND created_at >= ?',
  )
    .bind(staffId, now.toISOString(), new Date(windowStart).toISOString())
    .first();
  return row !== null;
}

/** A link mailed at `mailedAt` was used: the next request in its window may mail another. */
export async function releaseLoginMailWindow(env: AuthEnv, staffId: string, mailedAt: string): Promise<void> {
  await (await prepareRateLimit(env, 'staffLoginMail', staffId, Date.parse(mailedAt))).release.run();
}
