/**
 * Reply-template routes: staff read the templates of an issue area; admins write and delete them.
 * Errors are thrown and answered by the app's onError (errors.ts).
 */
import { issueAreaIds } from '../lib/settings';
import { requireRole } from './auth';
import { json } from './http';
import { createReplyTemplate, deleteReplyTemplate, listReplyTemplates } from './reply-templates';
import { readJsonOrForm } from './request-body';
import { param, queryOf, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';

/** GET /api/staff/templates?issueArea= */
export async function handleTemplates(ctx: RouteContext): Promise<Response> {
  const area = queryOf(ctx).get('issueArea') ?? '';
  if (area && !(issueAreaIds as readonly string[]).includes(area))
    return json({ error: '问题类别不正确，请从列表中选择' }, 400);
  return json({ templates: await listReplyTemplates(ctx.env.DB, area || undefined) });
}

/** POST /api/staff/templates (admin) */
export async function handleTemplateCreate(ctx: RouteContext): Promise<Response> {
  requireRole(sessionOf(ctx), 'admin');
  const body = await readJsonOrForm(ctx.request);
  return json({ template: await createReplyTemplate(ctx.env.DB, body, requestClock(ctx.request, ctx.env)) }, 201);
}

/** DELETE /api/staff/templates/:id (admin) */
export async function handleTemplateDelete(ctx: RouteContext): Promise<Response> {
  requireRole(sessionOf(ctx), 'admin');
  await deleteReplyTemplate(ctx.env.DB, param(ctx, 'id'));
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}
