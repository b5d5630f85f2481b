// POST /api/staff/logout
import type { AuthEnv } from '../../../src/server/auth';
import { json, MESSAGES } from '../../../src/server/http';
import { handleLogout, type StaffData } from '../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleLogout(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'POST' });
