// POST /api/staff/login/confirm {token}: spends the token, sets the session cookie.
import type { AuthEnv } from '../../../../src/server/auth';
import { json, MESSAGES } from '../../../../src/server/http';
import { handleLoginConfirm, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleLoginConfirm(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'POST' });
