// POST /api/track: tracking code + last four phone digits -> status and public events. Contract: docs/api.md.
import type { Env } from '../../src/server/env';
import { handleTrack } from '../../src/server/petition-routes';

export const onRequestPost: PagesFunction<Env> = (ctx) => handleTrack(ctx.request, ctx.env, (p) => ctx.waitUntil(p));
