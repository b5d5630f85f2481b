// GET /dev/outbox/: development only (DEV_MODE=1). The local outbox, to read mail that was not sent
// because RESEND_API_KEY is not set. Anywhere else it does not exist.
import type { Env } from '../../../src/server/env';
import { isDevMode } from '../../../src/server/env';
import { htmlResponse } from '../../../src/server/html-shell';
import { renderOutboxPage } from '../../../src/server/dev-outbox';

export const onRequestGet: PagesFunction<Env> = async (ctx) => {
  if (!isDevMode(ctx.env))
    return htmlResponse('<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>页面不存在</h1></html>', 404);
  return htmlResponse(await renderOutboxPage(ctx.env), 200);
};
