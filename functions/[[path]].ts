// Cloudflare Pages entry: every path that _routes.json sends to functions runs the one app
// (src/server/app.ts) with the Pages bindings put behind the app's ports.
import { app } from '../src/server/app';
import { cloudflareEnv, type CloudflareBindings } from '../src/server/platform/cloudflare-env';

export const onRequest: PagesFunction<CloudflareBindings> = (ctx) =>
  app.fetch(ctx.request, cloudflareEnv(ctx.env), ctx as unknown as ExecutionContext);
