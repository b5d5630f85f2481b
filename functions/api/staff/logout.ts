// POST /api/staff/logout
import type { AuthEnv } from '../../../src/server/auth';
import { handleLogout, type StaffData } from '../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleLogout(ctx);
