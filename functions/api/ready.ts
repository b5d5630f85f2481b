// Readiness probe: the database answers a query (GET /api/ready). 503 when it does not, so that
// monitoring can tell "the site is up" (/api/health) from "petitions can be saved".
import type { Env } from '../../src/server/env';
import { json, MESSAGES } from '../../src/server/http';

export const onRequestGet: PagesFunction<Env> = async (ctx) => {
  try {
    await ctx.env.DB.prepare('SELECT 1').first();
    return json({ ok: true, db: true });
  } catch (error) {
    console.error('readiness: database query failed', error);
    return json({ ok: false, db: false, error: MESSAGES.serverError }, 503, { 'retry-after': '30' });
  }
};
