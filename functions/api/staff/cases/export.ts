// GET /api/staff/cases/export?<same filters as the inbox>: CSV download.
import type { AuthEnv } from '../../../../src/server/auth';
import { handleExport, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleExport(ctx);
