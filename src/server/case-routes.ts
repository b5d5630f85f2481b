/**
 * The staff console's case routes: the inbox, its CSV export, the case page, an action, an
 * attachment. Each parses the request, calls one domain function and answers; what goes wrong is
 * thrown and answered by the app's onError (errors.ts).
 */
import { isStaffAction } from '../lib/case-actions';
import { performAction } from './case-actions';
import { getCaseDetail, openCaseAttachment } from './case-detail';
import { exportCsv } from './case-export';
import { listCases, parseInboxFilter } from './case-inbox';
import { json } from './http';
import { processOutboxQuietly } from './mail';
import { processSmsOutboxQuietly } from './sms';
import { readJsonOrForm } from './request-body';
import { originOf, param, queryOf, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';

/** GET /api/staff/cases */
export async function handleInbox(ctx: RouteContext): Promise<Response> {
  const filter = parseInboxFilter(queryOf(ctx));
  return json(await listCases(ctx.env.DB, filter, requestClock(ctx.request, ctx.env)));
}

/** GET /api/staff/cases/export: the filtered inbox as CSV (UTF-8 BOM, formulas neutralised). */
export async function handleExport(ctx: RouteContext): Promise<Response> {
  const filter = parseInboxFilter(queryOf(ctx));
  const { filename, csv } = await exportCsv(ctx.env.DB, filter, requestClock(ctx.request, ctx.env));
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="cases.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** GET /api/staff/cases/:id */
export async function handleCaseDetail(ctx: RouteContext): Promise<Response> {
  return json(await getCaseDetail(ctx.env, param(ctx, 'id'), requestClock(ctx.request, ctx.env)));
}

/** POST /api/staff/cases/:id/actions/:action */
export async function handleCaseAction(ctx: RouteContext): Promise<Response> {
  const action = param(ctx, 'action');
  if (!isStaffAction(action)) return json({ error: '没有这项操作，请从事项页面上的按钮中选择' }, 404);
  const result = await performAction(
    ctx.env,
    sessionOf(ctx),
    param(ctx, 'id'),
    action,
    await readJsonOrForm(ctx.request),
    requestClock(ctx.request, ctx.env),
    originOf(ctx),
  );
  if (result.mailed) ctx.waitUntil(processOutboxQuietly(ctx.env));
  ctx.waitUntil(processSmsOutboxQuietly(ctx.env));
  return json(result);
}

/** GET /api/staff/cases/:id/attachments/:attachmentId: the decrypted file, as a download. */
export async function handleAttachment(ctx: RouteContext): Promise<Response> {
  const file = await openCaseAttachment(ctx.env, param(ctx, 'id'), param(ctx, 'attachmentId'));
  if (!file) return json({ error: '找不到这个附件，可能已被删除' }, 404);
  return new Response(file.bytes, {
    headers: {
      'content-type': file.mime,
      'content-length': String(file.bytes.byteLength),
      // Always a download, never rendered in the site's origin.
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}
