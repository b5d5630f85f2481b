/**
 * The citizen's follow-up routes on the tracking page: rating the reply and asking for 复查/复核.
 * They change state, so they are same-origin only, like the staff routes.
 */
import { checkOrigin } from './auth';
import { AuthError } from './errors';
import { bodyKind, clientIp, json, wantsJson } from './http';
import { trackPage } from './petition-routes';
import { RATING_LABELS, type Rating } from '../lib/workflow';
import { trackPetition } from './track';
import type { FollowUpFlash } from './track-page';
import { processOutboxQuietly } from './mail';
import { processSmsOutboxQuietly } from './sms';
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

const text = (body: unknown, key: string): string => {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '';
};

/**
 * A follow-up posted by the plain form of the tracking page (no script): the tracking page again,
 * looked up with the same code and digits, with what the post did shown in its block.
 */
async function followUpPage(
  ctx: RouteContext<Record<string, unknown>>,
  body: unknown,
  now: Date,
  flash: FollowUpFlash,
  status: number,
): Promise<Response> {
  const lookup = { code: text(body, 'code'), phoneLast4: text(body, 'phoneLast4'), t: text(body, 't') };
  const outcome = await trackPetition(ctx.env, lookup, clientIp(ctx.request, ctx.env), now.getTime());
  return trackPage(ctx.request, ctx.env, outcome, lookup, status, flash);
}

function failedFlash<T>(
  form: 'rate' | 'review',
  body: unknown,
  outcome: Exclude<CitizenOutcome<T>, { kind: 'ok' }>,
  keys: string[],
): FollowUpFlash {
  const values = Object.fromEntries(keys.map((k) => [k, text(body, k)]));
  return outcome.kind === 'invalid'
    ? {
        form,
        code: text(body, 'code'),
        done: false,
        message: '填写的内容有误，请按提示修改后再提交',
        fields: outcome.errors,
        values,
      }
    : { form, code: text(body, 'code'), done: false, message: outcome.message, fields: {}, values };
}

const FAILED_STATUS = { invalid: 400, miss: 404, conflict: 409, 'rate-limited': 429 } as const;

/** POST /api/track/rate {code, phoneLast4, rating, comment?} */
export async function handleRate(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  checkCitizenOrigin(ctx.request, ctx.env);
  const asJson = wantsJson(ctx.request, bodyKind(ctx.request));
  const now = requestClock(ctx.request, ctx.env);
  const body = await readJsonOrForm(ctx.request);
  const outcome = await rateReply(ctx.env, body, clientIp(ctx.request, ctx.env), now);
  if (asJson) return citizenResponse(outcome, 201);
  if (outcome.kind === 'ok') {
    const rating = RATING_LABELS[outcome.result.rating as Rating];
    return followUpPage(ctx, body, now, { form: 'rate', code: text(body, 'code'), done: true, rating }, 201);
  }
  if (outcome.kind === 'miss' || outcome.kind === 'rate-limited') return citizenPageFailure(ctx, body, outcome);
  return followUpPage(
    ctx,
    body,
    now,
    failedFlash('rate', body, outcome, ['rating', 'comment']),
    FAILED_STATUS[outcome.kind],
  );
}

/** POST /api/track/review {code, phoneLast4, request, reasons} */
export async function handleReview(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  checkCitizenOrigin(ctx.request, ctx.env);
  const asJson = wantsJson(ctx.request, bodyKind(ctx.request));
  const now = requestClock(ctx.request, ctx.env);
  const body = await readJsonOrForm(ctx.request);
  const outcome = await requestReview(ctx.env, body, clientIp(ctx.request, ctx.env), now, originOf(ctx));
  if (outcome.kind === 'ok')
    ctx.waitUntil(Promise.all([processOutboxQuietly(ctx.env), processSmsOutboxQuietly(ctx.env)]));
  if (asJson) return citizenResponse(outcome, 201);
  // The new case gets the receipt a first petition gets (code, QR, what happens next, print).
  if (outcome.kind === 'ok')
    return new Response(null, {
      status: 303,
      headers: { location: outcome.result.receiptUrl, 'cache-control': 'no-store' },
    });
  if (outcome.kind === 'miss' || outcome.kind === 'rate-limited') return citizenPageFailure(ctx, body, outcome);
  return followUpPage(
    ctx,
    body,
    now,
    failedFlash('review', body, outcome, ['request', 'reasons']),
    FAILED_STATUS[outcome.kind],
  );
}

/** Wrong proof or too many tries: the tracking page with that message, as a lookup would answer. */
function citizenPageFailure(
  ctx: RouteContext<Record<string, unknown>>,
  body: unknown,
  outcome: { kind: 'miss'; message: string } | { kind: 'rate-limited'; retryAfter: number; message: string },
): Promise<Response> {
  const lookup = { code: text(body, 'code') };
  return outcome.kind === 'miss'
    ? trackPage(ctx.request, ctx.env, { kind: 'miss' }, lookup)
    : trackPage(ctx.request, ctx.env, outcome, lookup);
}
