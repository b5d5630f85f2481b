// POST /api/staff/cases/:id/actions/:action (register, route, transfer, assign, accept, not_accept,
// return, extend, hearing_start, hearing_end, reply, mediate, close, note).
import type { AuthEnv } from '../../../../../../src/server/auth';
import { handleCaseAction, type StaffData } from '../../../../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleCaseAction(ctx);
