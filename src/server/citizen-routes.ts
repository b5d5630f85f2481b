/**
 * The citizen's follow-up routes on the tracking page: rating the reply and asking for 复查/复核.
 * They change state, so they are same-origin only, like the staff routes.
 */
import { checkOrigin } from './auth';
import { AuthError } from './errors';
import { clientIp, json } from './http';
import { processOutboxQuietly } from './mail';
import { readJsonOrForm } from './request-body';
import { originOf, type RouteContext } from './route-context';
import { requestClock } from './schedule-filter';
import { rateReply, requestReview, type CitizenOutcome } from './staff-citizen';

function citizenResponse<T>(outcome: CitizenOutcome<T>, okStatus = 200): Response {
  switch (outcome.kind) {
    case 'ok':
      return json(outcome.result, okStatus);
    case 'invalid':
      return json({ error: '填写的内容有误，请按提示修改后再提交', fields: outcome.errors }, 400);
    case 'miss':
      return json({ error: outcome.message }, 404);
    case 'conflict':
      return json({ error: outcome.message }, 409);
    case 'rate-limited':
      return json({ error: outcome.message }, 429, { 'retry-after': String(outcome.retryAfter) });
  }
}

function checkCitizenOrigin(request: Request, env: RouteContext['env']): void {
  try {
    checkOrigin(request, env);
  } catch {
    throw new AuthError(403, '请在本站的办理进度查询页面操作');
  }
}

/** POST /api/track/rate {code, phoneLast4, rating, comment?} */
export async function handleRate(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  checkCitizenOrigin(ctx.request, ctx.env);
  const now = requestClock(ctx.request, ctx.env);
  const body = await readJsonOrForm(ctx.request);
  return citizenResponse(await rateReply(ctx.env, body, clientIp(ctx.request, ctx.env), now), 201);
}

/** POST /api/track/review {code, phoneLast4, request, reasons} */
export async function handleReview(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  checkCitizenOrigin(ctx.request, ctx.env);
  const now = requestClock(ctx.request, ctx.env);
  const body = await readJsonOrForm(ctx.request);
  const outcome = await requestReview(ctx.env, body, clientIp(ctx.request, ctx.env), now, originOf(ctx));
  if (outcome.kind === 'ok') ctx.waitUntil(processOutboxQuietly(ctx.env));
  return citizenResponse(outcome, 201);
}
