// POST /api/petitions: submit a petition (JSON, urlencoded or multipart). Contract: docs/api.md.
import type { Env } from '../../src/server/env';
import { json, MESSAGES } from '../../src/server/http';
import { handleSubmit } from '../../src/server/petition-routes';

export const onRequestPost: PagesFunction<Env> = (ctx) => handleSubmit(ctx.request, ctx.env, (p) => ctx.waitUntil(p));

export const onRequest: PagesFunction<Env> = () => json({ error: MESSAGES.methodNotAllowed }, 405, { allow: 'POST' });
