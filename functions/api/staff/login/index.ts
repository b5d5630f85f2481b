// POST /api/staff/login {email}: emails a one-time sign-in link. Contract: docs/staff-api.md.
import type { AuthEnv } from '../../../../src/server/auth';
import { handleLoginRequest, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleLoginRequest(ctx);
