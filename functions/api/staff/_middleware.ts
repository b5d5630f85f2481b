// Every /api/staff route: Origin check, then the session (except asking for and using a sign-in link).
import type { AuthEnv } from '../../../src/server/auth';
import { staffMiddleware, type StaffData } from '../../../src/server/staff-routes';

export const onRequest: PagesFunction<AuthEnv, string, StaffData> = (ctx) => staffMiddleware(ctx);
