// GET /staff/login/: the page the emailed link opens. Changes nothing; its button POSTs the token.
import { renderLoginPage } from '../../../src/server/staff-routes';

export const onRequestGet: PagesFunction = (ctx) => renderLoginPage(ctx.request);
