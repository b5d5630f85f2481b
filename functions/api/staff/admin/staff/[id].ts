// PATCH /api/staff/admin/staff/:id {name?, role?, active?} (admin).
import type { AuthEnv } from '../../../../../src/server/auth';
import { json, MESSAGES } from '../../../../../src/server/http';
import { handleStaffUpdate, type StaffData } from '../../../../../src/server/staff-routes';

export const onRequestPatch: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleStaffUpdate(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'PATCH' });
