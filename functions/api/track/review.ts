// POST /api/track/review {code, phoneLast4, request, reasons}: 复查 (or 复核) within 30 days of the reply.
import type { AuthEnv } from '../../../src/server/auth';
import { handleReview } from '../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv> = (ctx) => handleReview(ctx);
