// GET /api/staff/me: the signed-in staff member.
import type { AuthEnv } from '../../../src/server/auth';
import { handleMe, type StaffData } from '../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleMe(ctx);
