// GET /track/?code=…: the static tracking page with the code from the link (the receipt's QR code)
// already in the code field, so the page works the same without JavaScript.
import type { Env } from '../../src/server/env';
import { handleTrackPage } from '../../src/server/petition-routes';

export const onRequestGet: PagesFunction<Env> = (ctx) => handleTrackPage(ctx.request, ctx.env);
