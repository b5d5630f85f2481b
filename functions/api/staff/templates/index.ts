// GET /api/staff/templates?issueArea= ; POST /api/staff/templates (admin).
import type { AuthEnv } from '../../../../src/server/auth';
import { handleTemplateCreate, handleTemplates, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleTemplates(ctx);
export const onRequestPost: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleTemplateCreate(ctx);
