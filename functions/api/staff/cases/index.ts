// GET /api/staff/cases?status=&stage=&kind=&issueArea=&region=&due=overdue|soon&includeClosed=1
import type { AuthEnv } from '../../../../src/server/auth';
import { handleInbox, type StaffData } from '../../../../src/server/staff-routes';

export const onRequestGet: PagesFunction<AuthEnv, string, StaffData> = (ctx) => handleInbox(ctx);
