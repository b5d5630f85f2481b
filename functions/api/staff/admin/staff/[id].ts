// PATCH /api/staff/admin/staff/:id {name?, role?, active?} (admin).
import type { AuthEnv } from '../../../../../src/server/auth';
import { handleStaffUpdate, type StaffData } from '../../../../../src/server/staff-routes';

export const onRequestPatch: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleStaffUpdate(ctx);
