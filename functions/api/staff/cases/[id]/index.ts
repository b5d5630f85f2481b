// GET /api/staff/cases/:id: the case with decrypted personal data, events, deadlines and actions.
import type { AuthEnv } from '../../../../../src/server/auth';
import { handleCaseDetail, type StaffData } from '../../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleCaseDetail(ctx);
