// POST /api/petitions: submit a petition (JSON, urlencoded or multipart). Contract: docs/api.md.
import type { Env } from '../../src/server/env';
import { handleSubmit } from '../../src/server/petition-routes';

export const onRequestPost: PagesFunction<Env> = (ctx) => handleSubmit(ctx.request, ctx.env, (p) => ctx.waitUntil(p));
