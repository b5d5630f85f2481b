// DELETE /api/staff/templates/:id (admin).
import type { AuthEnv } from '../../../../src/server/auth';
import { handleTemplateDelete, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestDelete: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleTemplateDelete(ctx);
