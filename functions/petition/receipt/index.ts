// GET /petition/receipt/?code=…&t=…: the receipt (回执), the static shell filled for one petition.
import type { Env } from '../../../src/server/env';
import { handleReceipt } from '../../../src/server/petition-routes';

export const onRequestGet: PagesFunction<Env> = (ctx) => handleReceipt(ctx.request, ctx.env);
