/**
 * What a staff or follow-up route handler gets from the app (src/server/app.ts): the request, the
 * env, the path parameters, the session the staff middleware found, and a way to finish work after
 * the response. Handlers throw what goes wrong; the app's onError answers it (errors.ts).
 */
import { AUTH_MESSAGES, type AuthEnv, type Session } from './auth';
import { AuthError } from './errors';
import { siteOrigin } from './http';

export interface StaffData extends Record<string, unknown> {
  session?: Session;
}

export interface RouteContext<D = StaffData> {
  request: Request;
  env: AuthEnv;
  params: Record<string, string>;
  data: D;
  waitUntil: (work: Promise<unknown>) => void;
  next: () => Promise<Response>;
}

/** The signed-in staff member; the middleware has refused the request already when there is none. */
export function sessionOf(ctx: RouteContext): Session {
  if (!ctx.data.session) throw new AuthError(401, AUTH_MESSAGES.signedOut);
  return ctx.data.session;
}

export const param = (ctx: RouteContext<unknown>, name: string): string => ctx.params[name] ?? '';

/** The request's query string. */
export const queryOf = (ctx: RouteContext<unknown>): URLSearchParams => new URL(ctx.request.url).searchParams;

/** The site's configured origin, for links in mails (never the request's Host: issue 12). */
export const originOf = (ctx: RouteContext<unknown>): string => siteOrigin(ctx.env);
