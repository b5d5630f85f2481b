// GET /petition/: the static form, with a fresh submission id and start time filled in, so that it
// also works as a plain HTML form without JavaScript.
import type { Env } from '../../src/server/env';
import { handlePetitionPage } from '../../src/server/petition-routes';

export const onRequestGet: PagesFunction<Env> = (ctx) => handlePetitionPage(ctx.request, ctx.env);
