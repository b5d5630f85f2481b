/**
 * Drives the staff and citizen case-handling routes the way Pages does: the /api/staff middleware
 * runs first and hands its `data` (the session) to the route, with params taken from the path.
 */
import { createPagesEventContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import * as middleware from '../../functions/api/staff/_middleware';
import * as login from '../../functions/api/staff/login/index';
import * as loginConfirm from '../../functions/api/staff/login/confirm';
import * as logout from '../../functions/api/staff/logout';
import * as me from '../../functions/api/staff/me';
import * as meta from '../../functions/api/staff/meta';
import * as cases from '../../functions/api/staff/cases/index';
import * as exportCsv from '../../functions/api/staff/cases/export';
import * as caseDetail from '../../functions/api/staff/cases/[id]/index';
import * as caseAction from '../../functions/api/staff/cases/[id]/actions/[action]';
import * as attachment from '../../functions/api/staff/cases/[id]/attachments/[attachmentId]';
import * as templates from '../../functions/api/staff/templates/index';
import * as template from '../../functions/api/staff/templates/[id]';
import * as staffList from '../../functions/api/staff/admin/staff/index';
import * as staffMemberRoute from '../../functions/api/staff/admin/staff/[id]';
import * as rate from '../../functions/api/track/rate';
import * as review from '../../functions/api/track/review';
import * as loginPage from '../../functions/staff/login/index';
import type { AuthEnv } from '../../src/server/auth';
import { listOutbox } from '../../src/server/mail';
import { ORIGIN, freshIp } from './helpers';
import { onRequest as apiFallback } from '../../functions/api/[[path]]';

export { ORIGIN };
export const authEnv = env as unknown as AuthEnv;

type Module = Partial<
  Record<'onRequest' | 'onRequestGet' | 'onRequestPost' | 'onRequestPatch' | 'onRequestDelete', unknown>
>;

/** Route table: path pattern -> module, in Pages' precedence (static segments before params). */
export const STAFF_ROUTES: { pattern: RegExp; params: string[]; module: Module; path: string }[] = [
  { path: '/api/staff/login', pattern: /^\/api\/staff\/login$/, params: [], module: login },
  { path: '/api/staff/login/confirm', pattern: /^\/api\/staff\/login\/confirm$/, params: [], module: loginConfirm },
  { path: '/api/staff/logout', pattern: /^\/api\/staff\/logout$/, params: [], module: logout },
  { path: '/api/staff/me', pattern: /^\/api\/staff\/me$/, params: [], module: me },
  { path: '/api/staff/meta', pattern: /^\/api\/staff\/meta$/, params: [], module: meta },
  { path: '/api/staff/cases', pattern: /^\/api\/staff\/cases$/, params: [], module: cases },
  { path: '/api/staff/cases/export', pattern: /^\/api\/staff\/cases\/export$/, params: [], module: exportCsv },
  { path: '/api/staff/cases/:id', pattern: /^\/api\/staff\/cases\/([^/]+)$/, params: ['id'], module: caseDetail },
  {
    path: '/api/staff/cases/:id/actions/:action',
    pattern: /^\/api\/staff\/cases\/([^/]+)\/actions\/([^/]+)$/,
    params: ['id', 'action'],
    module: caseAction,
  },
  {
    path: '/api/staff/cases/:id/attachments/:attachmentId',
    pattern: /^\/api\/staff\/cases\/([^/]+)\/attachments\/([^/]+)$/,
    params: ['id', 'attachmentId'],
    module: attachment,
  },
  { path: '/api/staff/templates', pattern: /^\/api\/staff\/templates$/, params: [], module: templates },
  { path: '/api/staff/templates/:id', pattern: /^\/api\/staff\/templates\/([^/]+)$/, params: ['id'], module: template },
  { path: '/api/staff/admin/staff', pattern: /^\/api\/staff\/admin\/staff$/, params: [], module: staffList },
  {
    path: '/api/staff/admin/staff/:id',
    pattern: /^\/api\/staff\/admin\/staff\/([^/]+)$/,
    params: ['id'],
    module: staffMemberRoute,
  },
  { path: '/api/track/rate', pattern: /^\/api\/track\/rate$/, params: [], module: rate },
  { path: '/api/track/review', pattern: /^\/api\/track\/review$/, params: [], module: review },
  { path: '/staff/login/', pattern: /^\/staff\/login\/$/, params: [], module: loginPage },
];

type Fn = (ctx: unknown) => Response | Promise<Response>;

function pick(module: Module, method: string): Fn | null {
  const key = `onRequest${method[0]}${method.slice(1).toLowerCase()}` as keyof Module;
  return (module[key] ?? module.onRequest ?? null) as Fn | null;
}

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

/** One request through the middleware (for /api/staff) and the route. */
export async function request(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const url = new URL(path, ORIGIN);
  const route = STAFF_ROUTES.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`no route for ${url.pathname}`);
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
  const headers: Record<string, string> = { 'cf-connecting-ip': freshIp(), ...opts.headers };
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
  const req = new Request(url, { method, headers, ...(body === undefined ? {} : { body }) });
  // As in Pages: a method no route file answers falls through to the /api fallback.
  const handler = pick(route.module, method) ?? (url.pathname.startsWith('/api/') ? (apiFallback as Fn) : null);
  if (!handler) return new Response('no handler', { status: 405 });
  const data: Record<string, unknown> = {};
  const routeCtx = createPagesEventContext<PagesFunction>({ request: req, params, data } as never);
  const run = async (): Promise<Response> => {
    const r = await handler(routeCtx);
    await waitOnExecutionContext(routeCtx as unknown as ExecutionContext);
    return r;
  };
  if (!url.pathname.startsWith('/api/staff/')) return run();
  const mwCtx = createPagesEventContext<PagesFunction>({ request: req, params, data, next: () => run() } as never);
  // The middleware must see the same data object the route sees (Pages shares it across the chain).
  (routeCtx as { data: unknown }).data = (mwCtx as { data: unknown }).data;
  const r = await (middleware.onRequest as Fn)(mwCtx);
  await waitOnExecutionContext(mwCtx as unknown as ExecutionContext);
  return r;
}

export const DEMO_ADMIN = 'admin@example.gov.cn';
export const DEMO_HANDLER = 'handler@example.gov.cn';

/** The raw token from the newest sign-in mail to `email`. */
export async function latestLoginToken(email: string): Promise<string> {
  // Newest by insertion, not by created_at: tests move the clock back and forth.
  const { results } = await authEnv.DB.prepare(
    "SELECT id FROM mail_outbox WHERE kind = 'staff-login' ORDER BY rowid DESC",
  ).all<{ id: string }>();
  const mails = new Map((await listOutbox(authEnv, 1000)).map((m) => [m.id, m]));
  const mail = results.map((r) => mails.get(r.id)).find((m) => m?.to === email);
  const token = mail ? /token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] : undefined;
  if (!token) throw new Error(`no sign-in mail to ${email}`);
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
