// GET /api/staff/cases/:id/attachments/:attachmentId: the decrypted attachment as a download.
import type { AuthEnv } from '../../../../../../src/server/auth';
import { handleAttachment, type StaffData } from '../../../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleAttachment(ctx);
