// POST /api/staff/login/confirm {token}: spends the token, sets the session cookie.
import type { AuthEnv } from '../../../../src/server/auth';
import { handleLoginConfirm, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleLoginConfirm(ctx);
