/**
 * The staff list's routes (admins only). Errors are thrown and answered by the app's onError.
 */
import { requireRole } from './auth';
import { json } from './http';
import { readJsonOrForm } from './request-body';
import { param, sessionOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';
import { createStaff, listStaff, updateStaff } from './staff-admin';

/** GET /api/staff/admin/staff */
export async function handleStaffList(ctx: RouteContext): Promise<Response> {
  requireRole(sessionOf(ctx), 'admin');
  return json({ staff: await listStaff(ctx.env.DB) });
}

/** POST /api/staff/admin/staff {email, name, role} */
export async function handleStaffCreate(ctx: RouteContext): Promise<Response> {
  requireRole(sessionOf(ctx), 'admin');
  const body = await readJsonOrForm(ctx.request);
  return json({ staff: await createStaff(ctx.env.DB, body, requestClock(ctx.request, ctx.env)) }, 201);
}

/** PATCH /api/staff/admin/staff/:id {name?, role?, active?} */
export async function handleStaffUpdate(ctx: RouteContext): Promise<Response> {
  const s = sessionOf(ctx);
  requireRole(s, 'admin');
  const body = await readJsonOrForm(ctx.request);
  return json({
    staff: await updateStaff(ctx.env.DB, s, param(ctx, 'id'), body, requestClock(ctx.request, ctx.env)),
  });
}
