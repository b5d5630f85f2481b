// DELETE /api/staff/templates/:id (admin).
import type { AuthEnv } from '../../../../src/server/auth';
import { json, MESSAGES } from '../../../../src/server/http';
import { handleTemplateDelete, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestDelete: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleTemplateDelete(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'DELETE' });
