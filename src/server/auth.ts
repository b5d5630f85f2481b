/**
 * Staff sign-in without passwords: a one-time link by email, then a session cookie.
 *
 * - The link only shows a page; the token is spent by a POST from that page, because mail scanners
 *   fetch links before people do (GET must change nothing).
 * - Tokens and session ids are random 256-bit values; the database holds only their HMAC
 *   (secret SESSION_KEY), so a copy of the database signs no one in.
 * - Sessions expire after 8 hours without use; every use slides the expiry.
 * - Every state-changing request must carry an Origin equal to the site's own, as configured
 *   (SITE_URL, settings.site.url), never taken from the request's Host.
 */
import type { Database, DbStatement } from './platform/database';
import { keyedHash, type HashEnv } from './crypto';
import type { Env } from './env';
import { isDevMode } from './env';
import { AuthError } from './errors';
import { allowedOrigins } from './http';
import { settings } from '../lib/settings';

export interface AuthEnv extends Env {
  /** 32 random bytes, base64: HMAC key for sign-in tokens and session ids. */
  SESSION_KEY: string;
}

export const SESSION_COOKIE = '__Host-xf_session';
export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
// Sliding the expiry on every request would write on every read; a minute's precision is enough.
const SLIDE_AFTER_MS = 60 * 1000;

export const STAFF_ROLES = ['handler', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { handler: '办理人员', admin: '管理员' };

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  demo: boolean;
}

export const AUTH_MESSAGES = {
  signedOut: '请先登录工作人员后台。登录链接已过期或您已退出，请重新获取登录链接',
  badOrigin: '请求来源不正确，请从本站的工作人员后台页面操作',
  forbidden: '只有管理员可以进行这项操作',
  tokenInvalid: '登录链接无效、已使用或已超过 15 分钟，请重新获取登录链接',
} as const;

// The suite's MAC with SESSION_KEY alone (not the HASH_KEYS ring): a suite switch signs staff out.
function sessionSecret(env: AuthEnv): HashEnv {
  if (!env.SESSION_KEY) throw new Error('SESSION_KEY is not set (npm start creates one in .dev.vars)');
  return { HASH_KEY: env.SESSION_KEY, CRYPTO_SUITE: env.CRYPTO_SUITE };
}

export function hashLoginToken(env: AuthEnv, token: string): Promise<string> {
  return keyedHash(sessionSecret(env), 'staff-login-token', token);
}

export function hashSessionId(env: AuthEnv, id: string): Promise<string> {
  return keyedHash(sessionSecret(env), 'staff-session', id);
}

/** 32 random bytes as base64url: the secret in a link or a cookie. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export function isWellFormedSecret(s: unknown): s is string {
  return typeof s === 'string' && TOKEN_PATTERN.test(s);
}

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: number;
  demo: number;
}

export function mapStaff(r: StaffRow): StaffMember {
  return { id: r.id, email: r.email, name: r.name, role: r.role, active: r.active === 1, demo: r.demo === 1 };
}

/** Demo accounts exist for the fictional office and for development; a real deployment refuses them. */
export function demoAccountsAllowed(env: Pick<Env, 'DEV_MODE'>): boolean {
  return isDevMode(env) || settings.isExample;
}

export async function findActiveStaffByEmail(env: AuthEnv, email: string): Promise<StaffMember | null> {
  const row = await env.DB.prepare(
    // lower() on both sides: SQLite's COLLATE NOCASE column and PostgreSQL's unique index on
    // lower(email) then agree, whatever case an address was typed or stored in.
    'SELECT id, email, name, role, active, demo FROM staff WHERE lower(email) = lower(?) AND active = 1',
  )
    .bind(email.trim())
    .first<StaffRow>();
  if (!row) return null;
  const staff = mapStaff(row);
  if (staff.demo && !demoAccountsAllowed(env)) return null;
  return staff;
}

/**
 * Issues a one-time sign-in token for a staff member. Returns the raw token, which only the email
 * carries; the caller puts it in a link.
 */
export async function issueLoginToken(env: AuthEnv, staffId: string, now: Date): Promise<string> {
  const token = randomSecret();
  await env.DB.prepare(
    'INSERT INTO staff_login_tokens (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  )
    .bind(
      await hashLoginToken(env, token),
      staffId,
      now.toISOString(),
      new Date(now.getTime() + LOGIN_TOKEN_TTL_MS).toISOString(),
    )
    .run();
  return token;
}

/**
 * Spends a sign-in token and opens a session. The UPDATE claims the token only if it is unused and
 * unexpired, so two concurrent clicks cannot both sign in. Returns the raw session id for the cookie
 * and when the link was mailed (its mail window is freed: staff-sign-in.ts).
 */
export async function redeemLoginToken(
  env: AuthEnv,
  token: string,
  now: Date,
): Promise<{ sessionId: string; staff: StaffMember; mailedAt: string }> {
  if (!isWellFormedSecret(token)) throw new AuthError(401, AUTH_MESSAGES.tokenInvalid);
  const nowIso = now.toISOString();
  const claimed = await env.DB.prepare(
    'UPDATE staff_login_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING staff_id, created_at',
  )
    .bind(nowIso, await hashLoginToken(env, token), nowIso)
    .first<{ staff_id: string; created_at: string }>();
  if (!claimed) throw new AuthError(401, AUTH_MESSAGES.tokenInvalid);
  const row = await env.DB.prepare('SELECT id, email, name, role, active, demo FROM staff WHERE id = ? AND active = 1')
    .bind(claimed.staff_id)
    .first<StaffRow>();
  const staff = row ? mapStaff(row) : null;
  if (!staff || (staff.demo && !demoAccountsAllowed(env))) throw new AuthError(401, AUTH_MESSAGES.tokenInvalid);
  const sessionId = randomSecret();
  await env.DB.prepare(
    'INSERT INTO staff_sessions (id_hash, staff_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  )
    .bind(
      await hashSessionId(env, sessionId),
      staff.id,
      nowIso,
      nowIso,
      new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
    )
    .run();
  return { sessionId, staff, mailedAt: claimed.created_at };
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * `__Host-` obliges Secure, Path=/ and no Domain. No Max-Age: the browser forgets the cookie when it
 * closes, and the server's idle expiry ends it sooner.
 */
export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; Secure; SameSite=Strict`;
}

export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

export interface Session {
  idHash: string;
  staff: StaffMember;
  expiresAt: string;
}

/** The signed-in staff member, sliding the idle expiry; throws AuthError(401) when there is none. */
export async function requireSession(env: AuthEnv, request: Request, now: Date): Promise<Session> {
  const raw = readCookie(request, SESSION_COOKIE);
  if (!isWellFormedSecret(raw)) throw new AuthError(401, AUTH_MESSAGES.signedOut);
  const idHash = await hashSessionId(env, raw);
  const nowIso = now.toISOString();
  const row = await env.DB.prepare(
    `SELECT s.last_seen_at, s.expires_at, st.id, st.email, st.name, st.role, st.active, st.demo
     FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
     WHERE s.id_hash = ? AND s.expires_at > ? AND st.active = 1`,
  )
    .bind(idHash, nowIso)
    .first<StaffRow & { last_seen_at: string; expires_at: string }>();
  if (!row) throw new AuthError(401, AUTH_MESSAGES.signedOut);
  const staff = mapStaff(row);
  if (staff.demo && !demoAccountsAllowed(env)) throw new AuthError(401, AUTH_MESSAGES.signedOut);
  let expiresAt = row.expires_at;
  if (now.getTime() - Date.parse(row.last_seen_at) > SLIDE_AFTER_MS) {
    expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await env.DB.prepare('UPDATE staff_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?')
      .bind(nowIso, expiresAt, idHash)
      .run();
  }
  return { idHash, staff, expiresAt };
}

export async function endSession(env: AuthEnv, idHash: string): Promise<void> {
  await env.DB.prepare('DELETE FROM staff_sessions WHERE id_hash = ?').bind(idHash).run();
}

/** Ends every session of a staff member (deactivation, role change). */
export function endSessionsStatement(db: Database, staffId: string): DbStatement {
  return db.prepare('DELETE FROM staff_sessions WHERE staff_id = ?').bind(staffId);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a cross-origin request to a staff route. A state-changing request must carry an Origin
 * equal to the site's (browsers send one on every POST; a missing one means a stripped header or a
 * non-browser client). A read is refused when it names a foreign Origin or the browser marks it
 * cross-site, so no other site can read case data even with a leaked cookie policy.
 */
export function checkOrigin(request: Request, env: Pick<Env, 'SITE_URL'>): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null && !allowedOrigins(env).has(origin)) throw new AuthError(403, AUTH_MESSAGES.badOrigin);
  if (site === 'cross-site') throw new AuthError(403, AUTH_MESSAGES.badOrigin);
  if (!SAFE_METHODS.has(request.method.toUpperCase()) && origin === null)
    throw new AuthError(403, AUTH_MESSAGES.badOrigin);
}

export function requireRole(session: Session, role: StaffRole): void {
  if (role === 'admin' && session.staff.role !== 'admin') throw new AuthError(403, AUTH_MESSAGES.forbidden);
}

/** Removes expired tokens and sessions; run opportunistically on sign-in. */
export async function purgeExpired(db: Database, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  await db.batch([
    db.prepare('DELETE FROM staff_login_tokens WHERE expires_at <= ?').bind(nowIso),
    db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?').bind(nowIso),
  ]);
}
