// GET /api/staff/me: the signed-in staff member.
import type { AuthEnv } from '../../../src/server/auth';
import { json, MESSAGES } from '../../../src/server/http';
import { handleMe, type StaffData } from '../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleMe(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'GET' });
