// GET /api/staff/cases/:id/attachments/:attachmentId: the decrypted attachment as a download.
import type { AuthEnv } from '../../../../../../src/server/auth';
import { json, MESSAGES } from '../../../../../../src/server/http';
import { handleAttachment, type StaffData } from '../../../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleAttachment(ctx);
export const onRequest: PagesFunction<AuthEnv, string, StaffData> = () =>
  json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'GET' });
