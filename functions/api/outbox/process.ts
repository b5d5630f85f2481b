// POST /api/outbox/process: send due mail now. Open in development (DEV_MODE=1); in production only
// with `Authorization: Bearer <CRON_SECRET>` (a scheduled job), otherwise it does not exist (404).
import type { Env } from '../../../src/server/env';
import { isDevMode } from '../../../src/server/env';
import { timingSafeEqualText } from '../../../src/server/crypto';
import { json } from '../../../src/server/http';
import { processOutbox } from '../../../src/server/mail';

export const onRequestPost: PagesFunction<Env> = async (ctx) => {
  const auth = ctx.request.headers.get('authorization') ?? '';
  const cron = ctx.env.CRON_SECRET ? timingSafeEqualText(auth, `Bearer ${ctx.env.CRON_SECRET}`) : false;
  if (!isDevMode(ctx.env) && !cron) return json({ error: '页面不存在' }, 404);
  return json(await processOutbox(ctx.env, { limit: 50 }));
};
