/**
 * The ledger's routes (staff) and the 三率 (staff and public). Each parses, calls one domain
 * function and answers; what goes wrong is thrown and answered by the app's onError (errors.ts).
 */
import { isBacklogAction } from '../lib/backlog';
import { reportCsvRows } from '../lib/backlog-report';
import { toCsv } from '../lib/csv-safe';
import { getBacklogDetail, listBacklog, listLeaders, parseBacklogFilter, performBacklogAction } from './backlog';
import type { Env } from './env';
import { CaseError } from './errors';
import { json } from './http';
import { readJsonOrForm } from './request-body';
import { param, queryOf, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';
import { ledgerReport, loadRateCases, parseRange, publicStats, staffRates, staffStats } from './stats';
import { statsPage } from './stats-page';
import { rateTables } from '../lib/rates';
import { issueAreaIds, regionIds } from '../lib/settings';

const clock = (ctx: RouteContext) => requestClock(ctx.request, ctx.env);

/** GET /api/staff/backlog */
export async function handleBacklogList(ctx: RouteContext): Promise<Response> {
  const q = parseBacklogFilter(queryOf(ctx));
  return json(await listBacklog(ctx.env.DB, q, sessionOf(ctx).staff.id, clock(ctx)));
}

/** GET /api/staff/backlog/leaders: who can be named as 包案领导. */
export async function handleBacklogLeaders(ctx: RouteContext): Promise<Response> {
  return json({ leaders: await listLeaders(ctx.env.DB) });
}

/** GET /api/staff/backlog/:id */
export async function handleBacklogDetail(ctx: RouteContext): Promise<Response> {
  return json(await getBacklogDetail(ctx.env.DB, param(ctx, 'id'), sessionOf(ctx), clock(ctx)));
}

/** POST /api/staff/backlog/:id/:action */
export async function handleBacklogAction(ctx: RouteContext): Promise<Response> {
  const action = param(ctx, 'action');
  if (!isBacklogAction(action)) return json({ error: '没有这项操作，请从积案页面上的按钮中选择' }, 404);
  const body = await readJsonOrForm(ctx.request);
  return json(await performBacklogAction(ctx.env.DB, sessionOf(ctx), param(ctx, 'id'), action, body, clock(ctx)));
}

const monthOf = (ctx: RouteContext) => queryOf(ctx).get('month') ?? clock(ctx).toISOString().slice(0, 7);

/** GET /api/staff/backlog/report?month=YYYY-MM: the 统计表 as JSON. */
export async function handleBacklogReport(ctx: RouteContext): Promise<Response> {
  return json(await ledgerReport(ctx.env.DB, monthOf(ctx), clock(ctx)));
}

/** GET /api/staff/backlog/report/csv?month=YYYY-MM: the 统计表 as CSV (formulas neutralised). */
export async function handleBacklogReportCsv(ctx: RouteContext): Promise<Response> {
  const report = await ledgerReport(ctx.env.DB, monthOf(ctx), clock(ctx));
  const filename = `信访积案排查化解情况统计表-${report.month}.csv`;
  return new Response(toCsv(reportCsvRows(report)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="backlog-${report.month}.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** GET /api/staff/stats?from&to: the 三率 for staff, every count shown. */
export async function handleStaffStats(ctx: RouteContext): Promise<Response> {
  const now = clock(ctx);
  const range = parseRange(queryOf(ctx), now);
  return json(staffStats(await staffRates(ctx.env.DB, range, now), range, now));
}

async function publicFigures(request: Request, env: Env) {
  const now = requestClock(request, env);
  const range = parseRange(new URL(request.url).searchParams, now);
  const cases = await loadRateCases(env.DB, range);
  return publicStats(rateTables(cases, range, now, { regions: regionIds, areas: issueAreaIds }), range, now);
}

/** GET /api/stats/rates?from&to: the public 三率, small counts withheld. */
export async function handlePublicRates(request: Request, env: Env): Promise<Response> {
  return json(await publicFigures(request, env), 200, { 'cache-control': 'public, max-age=300' });
}

/** GET /stats/: the public page, filled by the server. */
export async function handleStatsPage(request: Request, env: Env): Promise<Response> {
  try {
    return await statsPage(request, env, await publicFigures(request, env));
  } catch (error) {
    // A page, not an API: months it cannot read give the default months rather than a JSON error.
    if (!(error instanceof CaseError)) throw error;
    const plain = new Request(new URL(new URL(request.url).pathname, request.url), { headers: request.headers });
    return statsPage(plain, env, await publicFigures(plain, env));
  }
}
