/**
 * Asking for a sign-in link: limited per address and per email, the same answer whether or not the
 * email is on the staff list, and the link mailed through the outbox.
 */
import { findActiveStaffByEmail, issueLoginToken, purgeExpired, type AuthEnv } from './auth';
import { insertOutboxStatement, processOutboxQuietly } from './mail';
import { hitRateLimit } from './rate-limit';
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
  const perIp = await hitRateLimit(env, 'track', `staff-login:${ip}`, now.getTime());
  const perEmail = await hitRateLimit(env, 'trackCode', `staff-login:${email}`, now.getTime());
  if (!perIp.ok || !perEmail.ok) {
    const retryAfter = Math.max(perIp.ok ? 0 : perIp.retryAfter, perEmail.ok ? 0 : perEmail.retryAfter);
    return {
      kind: 'rate-limited',
      retryAfter,
      message: `申请登录的次数过多，请在 ${Math.ceil(retryAfter / 60)} 分钟后再试`,
    };
  }
  const staff = await findActiveStaffByEmail(env, email);
  if (staff) {
    const token = await issueLoginToken(env, staff.id, now);
    const link = `${origin}/staff/login/?token=${token}`;
    const mail = {
      id: crypto.randomUUID(),
      petitionId: null,
      kind: 'staff-login',
      to: staff.email,
      ...renderLoginMail(staff.name, link),
    };
    await (await insertOutboxStatement(env, env.DB, mail, now.toISOString())).run();
    waitUntil(processOutboxQuietly(env));
  }
  waitUntil(purgeExpired(env.DB, now).catch(() => undefined));
  return { kind: 'sent' };
}
