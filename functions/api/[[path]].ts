// Any /api request no route file took: 405 with Allow for a known path, otherwise a JSON 404.
import { apiFallback } from '../../src/server/api-methods';

export const onRequest: PagesFunction = (ctx) => apiFallback(ctx.request);
