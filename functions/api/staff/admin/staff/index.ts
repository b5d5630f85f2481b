// GET /api/staff/admin/staff ; POST /api/staff/admin/staff {email, name, role} (admin).
import type { AuthEnv } from '../../../../../src/server/auth';
import { handleStaffCreate, handleStaffList, type StaffData } from '../../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleStaffList(ctx);
export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleStaffCreate(ctx);
