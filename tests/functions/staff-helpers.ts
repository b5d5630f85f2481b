/**
 * Drives the staff and citizen case-handling routes through the one app (src/server/app.ts), as a
 * browser would: the /api/staff middleware runs first, then the route.
 */
import { listOutbox } from '../../src/server/mail';
import { call, env, mailDeliveries, ORIGIN, freshIp, type Delivery } from './helpers';

export { ORIGIN };
export const authEnv = env;

export interface CallOptions {
  body?: unknown;
  /** 'json' (default for bodies) or 'form'. */
  as?: 'json' | 'form';
  cookie?: string | null;
  /** Origin header; defaults to the site's own for non-GET requests. null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** Pretend time (DEV_MODE=1 in the tests honours x-debug-now). */
  now?: Date | string;
}

/** One request through the app. */
export async function request(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const url = new URL(path, ORIGIN);
  // The debug clock answers only a client on the same machine (issue 12): such calls come from 127.x.
  const ip = opts.now ? freshIp().replace(/^198\.51\./, '127.51.') : freshIp();
  const headers: Record<string, string> = { 'cf-connecting-ip': ip, ...opts.headers };
  const origin = opts.origin === undefined ? (method === 'GET' ? null : ORIGIN) : opts.origin;
  if (origin !== null) headers['origin'] = origin;
  if (opts.cookie) headers['cookie'] = opts.cookie;
  if (opts.now) headers['x-debug-now'] = typeof opts.now === 'string' ? opts.now : opts.now.toISOString();
  let body: string | undefined;
  if (opts.body !== undefined) {
    if (opts.as === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.body as Record<string, string>).toString();
    } else {
      headers['content-type'] = 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
  }
  return call(new Request(url, { method, headers, ...(body === undefined ? {} : { body }) }));
}

export const DEMO_ADMIN = 'admin@example.gov.cn';
export const DEMO_HANDLER = 'handler@example.gov.cn';

/** The raw token from the newest sign-in mail to `email`. */
/**
 * The mail as it reached the mail service (the local Resend stand-in), found by its outbox id, which
 * is its Idempotency-Key. The outbox drops a mail's body once it is sent (it may hold a live link).
 */
export async function deliveredMail(id: string): Promise<Delivery> {
  const { deliveries } = await mailDeliveries();
  const found = deliveries.find((d) => d.idempotencyKey === id);
  if (!found) throw new Error(`mail ${id} was not delivered`);
  return found;
}

/** The raw token from the newest sign-in mail to `email`. */
export async function latestLoginToken(email: string): Promise<string> {
  // Newest by insertion, not by created_at: tests move the clock back and forth. SQLite numbers
  // rows as they are inserted; PostgreSQL's xmin is the inserting transaction's id.
  const order = authEnv.DB.dialect === 'postgres' ? 'CAST(CAST(xmin AS TEXT) AS BIGINT)' : 'rowid';
  const { results } = await authEnv.DB.prepare(
    `SELECT id FROM mail_outbox WHERE kind = 'staff-login' ORDER BY ${order} DESC`,
  ).all<{ id: string }>();
  const mails = new Map((await listOutbox(authEnv, 1000)).map((m) => [m.id, m]));
  const mail = results.map((r) => mails.get(r.id)).find((m) => m?.to === email);
  if (!mail) throw new Error(`no sign-in mail to ${email}`);
  // Unsent (no mail service in this call), the body is still in the outbox; sent, ask the service.
  const text = mail.text || (await deliveredMail(mail.id)).text;
  const token = /token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!token) throw new Error(`no sign-in link in the mail to ${email}`);
  return token;
}

export function cookieFrom(r: Response): string {
  const set = r.headers.get('set-cookie') ?? '';
  const m = /(__Host-xf_session=[^;]*)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return m[1]!;
}

/** Signs in through the real mail link and returns the cookie header. */
export async function signIn(email = DEMO_ADMIN, now?: Date): Promise<string> {
  const asked = await request('POST', '/api/staff/login', { body: { email }, ...(now ? { now } : {}) });
  if (asked.status !== 202) throw new Error(`login request: ${asked.status} ${await asked.text()}`);
  const token = await latestLoginToken(email);
  const r = await request('POST', '/api/staff/login/confirm', { body: { token }, ...(now ? { now } : {}) });
  if (r.status !== 200) throw new Error(`login confirm: ${r.status} ${await r.text()}`);
  return cookieFrom(r);
}

export async function act(
  cookie: string,
  id: string,
  action: string,
  body: unknown = {},
  now?: Date | string,
): Promise<Response> {
  return request('POST', `/api/staff/cases/${id}/actions/${action}`, { cookie, body, ...(now ? { now } : {}) });
}

/**
 * A staff member who signs in at whatever time a test pretends it is. Sessions expire after 8 idle
 * hours and each sign-in purges expired sessions at its own clock, so a test that jumps weeks ahead
 * signs in afresh for every call instead of keeping a cookie.
 */
export function staffMember(email: string): { at: (now?: Date | string) => Promise<string> } {
  return { at: (now) => signIn(email, now === undefined ? undefined : new Date(now)) };
}
