// POST /api/track/rate {code, phoneLast4, rating, comment?}: the citizen rates a reply once.
import type { AuthEnv } from '../../../src/server/auth';
import { handleRate } from '../../../src/server/staff-routes';

export const onRequestPost: PagesFunction<AuthEnv> = (ctx) => handleRate(ctx);
