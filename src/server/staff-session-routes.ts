/**
 * Staff sign-in and session routes, and the staff middleware in front of every /api/staff route:
 * Origin first, then the session (the sign-in paths excepted). Handlers parse, call and respond;
 * what goes wrong is thrown and answered by the app's onError (errors.ts).
 */
import { z } from 'zod';
import {
  checkOrigin,
  clearSessionCookie,
  endSession,
  redeemLoginToken,
  requireSession,
  sessionCookie,
  STAFF_ROLE_LABELS,
} from './auth';
import { AuthError } from './errors';
import { bodyKind, clientIp, json } from './http';
import { readJsonOrForm } from './request-body';
import { originOf, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';
import { LOGIN_SENT_MESSAGE, releaseLoginMailWindow, requestLoginLink } from './staff-sign-in';

/** Paths under /api/staff that work without a session: asking for and using a sign-in link. */
const OPEN_PATHS = new Set(['/api/staff/login', '/api/staff/login/confirm']);

const seeOther = (location: string, headers: Record<string, string> = {}) =>
  new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', ...headers } });

/** In front of every /api/staff route. */
export async function staffMiddleware(ctx: RouteContext): Promise<Response> {
  checkOrigin(ctx.request, ctx.env);
  const path = new URL(ctx.request.url).pathname.replace(/\/+$/, '');
  if (!OPEN_PATHS.has(path))
    ctx.data.session = await requireSession(ctx.env, ctx.request, requestClock(ctx.request, ctx.env));
  return ctx.next();
}

const LoginSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) });

/**
 * POST /api/staff/login {email}: the same answer, after the same work, whether or not the address is
 * on the list; 429 only when the requester's own address has asked too often.
 */
export async function handleLoginRequest(ctx: RouteContext): Promise<Response> {
  const now = requestClock(ctx.request, ctx.env);
  const parsed = LoginSchema.safeParse(await readJsonOrForm(ctx.request));
  if (!parsed.success)
    return json(
      { error: '请填写正确的工作邮箱，例如 zhangsan@example.gov.cn', fields: { email: '请填写正确的工作邮箱' } },
      400,
    );
  const outcome = await requestLoginLink(
    ctx.env,
    { email: parsed.data.email, ip: clientIp(ctx.request, ctx.env), origin: originOf(ctx), now },
    ctx.waitUntil,
  );
  if (outcome.kind === 'rate-limited')
    return json({ error: outcome.message }, 429, { 'retry-after': String(outcome.retryAfter) });
  if (bodyKind(ctx.request) === 'urlencoded') return seeOther('/staff/login/?sent=1');
  return json({ message: LOGIN_SENT_MESSAGE }, 202);
}

/**
 * POST /api/staff/login/confirm {token}: spends the token and sets the session cookie. A form post
 * (the button on /staff/login/) is answered with a redirect; a JSON call with JSON.
 */
export async function handleLoginConfirm(ctx: RouteContext): Promise<Response> {
  const isForm = bodyKind(ctx.request) === 'urlencoded';
  try {
    const body = (await readJsonOrForm(ctx.request)) as Record<string, unknown> | null;
    const token = typeof body?.['token'] === 'string' ? body['token'] : '';
    const { sessionId, staff, mailedAt } = await redeemLoginToken(ctx.env, token, requestClock(ctx.request, ctx.env));
    ctx.waitUntil(releaseLoginMailWindow(ctx.env, staff.id, mailedAt));
    const cookie = sessionCookie(sessionId);
    if (isForm) return seeOther('/staff/', { 'set-cookie': cookie });
    return json({ staff: { id: staff.id, name: staff.name, email: staff.email, role: staff.role } }, 200, {
      'set-cookie': cookie,
    });
  } catch (error) {
    // The button's page explains a spent or stale link better than a JSON body would.
    if (isForm && error instanceof AuthError) return seeOther('/staff/login/?error=invalid');
    throw error;
  }
}

/** POST /api/staff/logout */
export async function handleLogout(ctx: RouteContext): Promise<Response> {
  await endSession(ctx.env, sessionOf(ctx).idHash);
  if (bodyKind(ctx.request) === 'urlencoded') {
    return new Response(null, {
      status: 303,
      headers: {
        location: '/staff/login/?signedOut=1',
        'set-cookie': clearSessionCookie(),
        'cache-control': 'no-store',
      },
    });
  }
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': clearSessionCookie(), 'cache-control': 'no-store' },
  });
}

/** GET /api/staff/me */
export function handleMe(ctx: RouteContext): Response {
  const s = sessionOf(ctx);
  return json({
    staff: {
      id: s.staff.id,
      name: s.staff.name,
      email: s.staff.email,
      role: s.staff.role,
      roleLabel: STAFF_ROLE_LABELS[s.staff.role],
    },
    expiresAt: s.expiresAt,
  });
}
