/**
 * The one HTTP application: every route of the portal, declared once. Each runtime mounts it with
 * its own Env (src/server/env.ts): the Node server (src/server/node/server.ts) and the Cloudflare
 * Pages function (functions/[[path]].ts). What no route answers is a static file of dist/ through
 * the ASSETS port. Middleware sets the security headers on every answer.
 */
import { Hono, type Context } from 'hono';
import { handleElderSwitch, withElderMode } from './elder-mode';
import { apiFallback, methodsFor } from './api-methods';
import type { AuthEnv, Session } from './auth';
import { handleCaptchaChallenge } from './captcha';
import { renderOutboxPage } from './dev-outbox';
import { isDevMode } from './env';
import { htmlResponse } from './html-shell';
import { isLocalRequest, json, MESSAGES } from './http';
import { findOutboxMail, processOutbox } from './mail';
import { timingSafeEqualText } from './crypto';
import {
  handlePetitionPage,
  handleReceipt,
  handleSubmit,
  handleTrack,
  handleTrackChallenge,
  handleTrackPage,
} from './petition-routes';
import { filterReceptionPage, requestClock } from './schedule-filter';
import { withSecurityHeaders } from './security-headers';
import { handleCaseAction, handleAttachment, handleCaseDetail, handleExport, handleInbox } from './case-routes';
import { handleIntake, handleSlip } from './intake-routes';
import {
  handleBacklogAction,
  handleBacklogDetail,
  handleBacklogLeaders,
  handleBacklogList,
  handleBacklogReport,
  handleBacklogReportCsv,
  handlePublicRates,
  handleStaffStats,
  handleStatsPage,
} from './backlog-routes';
import { listSmsOutbox, processSmsOutbox } from './sms';
import { handleRate, handleReview } from './citizen-routes';
import { consoleMeta } from './console-meta';
import { errorResponse } from './errors';
import { handleTemplateCreate, handleTemplateDelete, handleTemplates } from './reply-template-routes';
import type { RouteContext, StaffData } from './route-context';
import { handleStaffCreate, handleStaffList, handleStaffUpdate } from './staff-admin-routes';
import { renderLoginPage } from './staff-login-page';
import {
  handleLoginConfirm,
  handleLoginRequest,
  handleLogout,
  handleMe,
  staffMiddleware,
} from './staff-session-routes';

export type AppEnv = { Bindings: AuthEnv; Variables: { session?: Session } };
type C = Context<AppEnv>;

function waitUntilOf(c: C): (work: Promise<unknown>) => void {
  return (work) => {
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      // No execution context (a direct app.request in a script): let the work run on its own.
      work.catch(() => undefined);
    }
  };
}

/** The context a staff route handler expects, built from Hono's. */
function routeContext(c: C): RouteContext {
  return {
    request: c.req.raw,
    env: c.env,
    params: c.req.param(),
    data: { session: c.get('session') } as StaffData,
    waitUntil: waitUntilOf(c),
    next: () => Promise.resolve(c.res),
  };
}

type StaffHandler = (ctx: RouteContext) => Response | Promise<Response>;
const staff = (handler: StaffHandler) => (c: C) => handler(routeContext(c));

/** DEV_MODE is on and the client is on this machine (issue 12: never a switch a stranger can use). */
const devRequest = (c: C): boolean => isDevMode(c.env) && isLocalRequest(c.req.raw, c.env);

/** The static file for this request (dist/ through the ASSETS port). */
const asset = (c: C) => c.env.ASSETS.fetch(c.req.raw);

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });

  app.use('*', async (c, next) => {
    await next();
    const res = withSecurityHeaders(await withElderMode(c.req.raw, c.res));
    // Hono's setter copies the old answer's headers onto a new one; a rewritten page must not get the
    // old length or Vary back, so the old answer is let go first.
    c.res = undefined;
    c.res = res;
  });

  // Monitoring.
  // INSTANCE_ID, when a test harness sets one, lets it check that the server answering is its own.
  app.get('/api/health', (c) => json(c.env.INSTANCE_ID ? { ok: true, instance: c.env.INSTANCE_ID } : { ok: true }));
  app.get('/api/ready', async (c) => {
    const about = { runtime: c.env.RUNTIME, database: c.env.DB.kind };
    try {
      await c.env.DB.prepare('SELECT 1 AS one').first();
      return json({ ok: true, db: true, ...about });
    } catch (error) {
      console.error('readiness: database query failed', error);
      return json({ ok: false, db: false, ...about, error: MESSAGES.serverError }, 503, { 'retry-after': '30' });
    }
  });

  // Citizens.
  app.get('/api/captcha/challenge', (c) => handleCaptchaChallenge(c.env, waitUntilOf(c)));
  app.post('/api/petitions', (c) => handleSubmit(c.req.raw, c.env, waitUntilOf(c)));
  // The petition page's own address for a plain form post, so that a page sent back after a mistake
  // stays at /petition/ (the same handler; a script's JSON post may use either).
  app.post('/petition', (c) => handleSubmit(c.req.raw, c.env, waitUntilOf(c)));
  app.post('/api/track', (c) => handleTrack(c.req.raw, c.env, waitUntilOf(c)));
  app.get('/api/track/challenge', (c) => handleTrackChallenge(c.req.raw, c.env));
  app.post('/api/track/rate', staff(handleRate));
  app.post('/api/track/review', staff(handleReview));
  app.get('/api/stats/rates', (c) => handlePublicRates(c.req.raw, c.env));

  // Mail outbox runner: development, or a cron job with the bearer secret.
  app.post('/api/outbox/process', async (c) => {
    const auth = c.req.header('authorization') ?? '';
    const cron = c.env.CRON_SECRET ? timingSafeEqualText(auth, `Bearer ${c.env.CRON_SECRET}`) : false;
    if (!devRequest(c) && !cron) return json({ error: '页面不存在' }, 404);
    const mail = await processOutbox(c.env, { limit: 50 });
    return json({ ...mail, sms: await processSmsOutbox(c.env, { limit: 50 }) });
  });

  // Staff API: Origin and session checked first (sign-in paths excepted).
  app.use('/api/staff/*', async (c, next) => {
    // A path or method no route answers goes straight to the fallback (404 or 405), as on Pages,
    // where the staff middleware ran only in front of route files.
    if (!methodsFor(c.req.path)?.includes(c.req.method === 'HEAD' ? 'GET' : c.req.method)) return next();
    const data: StaffData = {};
    return staffMiddleware({
      ...routeContext(c as C),
      data,
      next: async () => {
        if (data.session) c.set('session', data.session);
        await next();
        return c.res;
      },
    });
  });
  app.post('/api/staff/login', staff(handleLoginRequest));
  app.post('/api/staff/login/confirm', staff(handleLoginConfirm));
  app.post('/api/staff/logout', staff(handleLogout));
  app.get('/api/staff/me', staff(handleMe));
  app.get('/api/staff/meta', () => json(consoleMeta()));
  app.get('/api/staff/cases', staff(handleInbox));
  app.post('/api/staff/cases', staff(handleIntake));
  app.get('/api/staff/cases/export', staff(handleExport));
  app.get('/api/staff/cases/:id/slip', staff(handleSlip));
  app.get('/api/staff/cases/:id', staff(handleCaseDetail));
  app.post('/api/staff/cases/:id/actions/:action', staff(handleCaseAction));
  app.get('/api/staff/cases/:id/attachments/:attachmentId', staff(handleAttachment));
  app.get('/api/staff/templates', staff(handleTemplates));
  app.post('/api/staff/templates', staff(handleTemplateCreate));
  app.delete('/api/staff/templates/:id', staff(handleTemplateDelete));
  app.get('/api/staff/admin/staff', staff(handleStaffList));
  app.post('/api/staff/admin/staff', staff(handleStaffCreate));
  app.patch('/api/staff/admin/staff/:id', staff(handleStaffUpdate));
  app.get('/api/staff/backlog', staff(handleBacklogList));
  app.get('/api/staff/backlog/leaders', staff(handleBacklogLeaders));
  app.get('/api/staff/backlog/report', staff(handleBacklogReport));
  app.get('/api/staff/backlog/report/csv', staff(handleBacklogReportCsv));
  app.get('/api/staff/backlog/:id', staff(handleBacklogDetail));
  app.post('/api/staff/backlog/:id/:action', staff(handleBacklogAction));
  app.get('/api/staff/stats', staff(handleStaffStats));

  // Any other /api request: 405 with Allow for a known path, otherwise a JSON 404.
  app.all('/api/*', (c) => apiFallback(c.req.raw));

  // Pages the server fills or filters.
  app.get('/', async (c) => filterReceptionPage(await asset(c), requestClock(c.req.raw, c.env)));
  app.get('/schedules/*', async (c) => filterReceptionPage(await asset(c), requestClock(c.req.raw, c.env)));
  app.get('/petition', (c) => handlePetitionPage(c.req.raw, c.env));
  app.get('/petition/receipt', (c) => handleReceipt(c.req.raw, c.env));
  app.get('/track', (c) => handleTrackPage(c.req.raw, c.env));
  app.get('/stats', (c) => handleStatsPage(c.req.raw, c.env));
  app.get('/elder', (c) => handleElderSwitch(c.req.raw));
  app.get('/staff/login', (c) => renderLoginPage(c.req.raw));
  app.get('/dev/outbox', async (c) => {
    if (!devRequest(c))
      return htmlResponse('<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>页面不存在</h1></html>', 404);
    return htmlResponse(await renderOutboxPage(c.env, await listSmsOutbox(c.env, 50)), 200);
  });

  // One mail of the local outbox as the recipient's mail program would get it (development only).
  app.get('/dev/outbox/:id', async (c) => {
    const mail = devRequest(c) ? await findOutboxMail(c.env, c.req.param('id')) : null;
    if (!mail)
      return htmlResponse('<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>页面不存在</h1></html>', 404);
    return htmlResponse(mail.html, 200);
  });

  // Everything else is a static file.
  app.all('*', (c) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? asset(c) : c.text('不支持这种请求方式', 405),
  );

  // The one place a thrown error becomes an answer (errors.ts): handlers throw, this answers.
  app.onError((error) => errorResponse(error, 'route'));

  return app;
}

/** One app per isolate or process. */
export const app = createApp();
