/**
 * Request -> outcome -> response for the petition routes. The app (app.ts) calls these
 * and nothing else; the domain steps live in submit-petition.ts, track.ts and receipt-info.ts.
 * Anything a client can send ends in a 4xx; only a fault on our side is a 5xx.
 */
import QRCode from 'qrcode';
import { formToObject, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from '../lib/petition-schema';
import { articleHref } from '../lib/law-links';
import { formatCode, isValidCode, normaliseCode } from '../lib/tracking-code';
import { readAttachments } from './attachments';
import type { Env } from './env';
import { html, raw, type Html } from './html';
import { HtmlPage } from './html-rewriter';
import {
  fetchShell,
  fillMarked,
  htmlResponse,
  postToPetitionPage,
  renderPetitionWithErrors,
  setInputValues,
} from './html-shell';
import { ClientError, describeError, errorResponse, type ErrorAnswer } from './errors';
import { ABUSE_MESSAGES, isCrossSitePost } from './abuse';
import { allowedOrigins, bodyKind, clientIp, json, MESSAGES, siteOrigin, wantsJson, type BodyKind } from './http';
import { processOutboxQuietly } from './mail';
import { processSmsOutboxQuietly } from './sms';
import { findPetitionByCode } from './petition-store';
import { pruneRateLimits } from './rate-limit';
import {
  isValidReceiptTag,
  isWellFormedReceiptTag,
  receiptFacts,
  receiptTag,
  reviewReceiptDeadlines,
} from './receipt-info';
import { createTrackChallenge } from './track-pricing';
import { readBodyLimited } from './request-body';
import { requestClock } from './schedule-filter';
import { submitPetition, type SubmitOutcome } from './submit-petition';
import { trackPetition, TRACK_MISS_MESSAGE, type TrackOutcome } from './track';
import { renderTrackResult, type FollowUpFlash } from './track-page';

/** JSON and urlencoded bodies: the longest valid petition is ~30 KB even fully percent-encoded. */
export const MAX_TEXT_BODY_BYTES = 256 * 1024;
/** Multipart: five full attachments and the text fields. */
export const MAX_MULTIPART_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

type WaitUntil = (p: Promise<unknown>) => void;

interface ParsedBody {
  kind: BodyKind;
  raw: unknown;
  form: FormData | null;
}

async function parseBody(request: Request, allowMultipart: boolean): Promise<ParsedBody> {
  const kind = bodyKind(request);
  if (kind === null || (kind === 'multipart' && !allowMultipart)) throw new ClientError(415, MESSAGES.wrongType);
  const limit = kind === 'multipart' ? MAX_MULTIPART_BODY_BYTES : MAX_TEXT_BODY_BYTES;
  const bytes = await readBodyLimited(request, limit);
  if (kind === 'json') {
    try {
      return {
        kind,
        raw: JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)) as unknown,
        form: null,
      };
    } catch (cause) {
      throw new ClientError(400, MESSAGES.badJson, {}, { cause });
    }
  }
  if (kind === 'urlencoded') {
    return { kind, raw: formToObject(new URLSearchParams(new TextDecoder().decode(bytes))), form: null };
  }
  try {
    const form = await new Response(bytes, {
      headers: { 'content-type': request.headers.get('content-type')! },
    }).formData();
    return { kind, raw: formToObject(form), form };
  } catch (cause) {
    throw new ClientError(400, MESSAGES.badJson, {}, { cause });
  }
}

/**
 * The answer to an error (errors.ts says which): JSON for an island; for a plain form post the
 * page again with the message (`page`), or, for a fault of ours, a short page asking to try later.
 */
function failure(
  error: unknown,
  asJson: boolean,
  page: (answer: ErrorAnswer) => Promise<Response>,
): Response | Promise<Response> {
  if (asJson) return errorResponse(error, 'petition route');
  const answer = describeError(error);
  return answer.status >= 500 ? serverFault(error) : page(answer);
}

function serverFault(error: unknown): Response {
  console.error('petition route failed', error);
  return htmlResponse(
    html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统暂时无法处理</title></head><body><main><h1>系统暂时无法处理</h1><p>${MESSAGES.serverError}</p><p><a href="/">返回首页</a></p></main></body></html>`,
    503,
    { 'retry-after': '30' },
  );
}

// ---------------------------------------------------------------------------------------------
// POST /api/petitions

export async function handleSubmit(request: Request, env: Env, waitUntil: WaitUntil): Promise<Response> {
  let asJson = wantsJson(request, bodyKind(request));
  if (isCrossSitePost(request, allowedOrigins(env))) {
    // Before the body is read: nothing of another site's post is parsed, counted or kept.
    if (asJson) return json({ error: ABUSE_MESSAGES.crossSite }, 403);
    return petitionPageWithErrors(request, env, { form: ABUSE_MESSAGES.crossSite }, {}, 403);
  }
  try {
    const body = await parseBody(request, true);
    asJson = wantsJson(request, body.kind);
    let raw = body.raw;
    // A plain form that no script filled has no submission id: make it now, so that the page sent
    // back after a mistake carries it and the corrected post stays idempotent.
    if (
      body.kind !== 'json' &&
      typeof raw === 'object' &&
      raw !== null &&
      !(raw as Record<string, unknown>)['submissionId']
    ) {
      raw = { ...(raw as Record<string, unknown>), submissionId: crypto.randomUUID() };
    }
    const attachments = body.form ? await readAttachments(body.form) : { files: [] };
    const outcome = await submitPetition(env, {
      raw,
      attachments,
      fromForm: body.kind !== 'json',
      ip: clientIp(request, env),
      origin: siteOrigin(env),
    });
    if (outcome.kind === 'created') {
      waitUntil(Promise.all([processOutboxQuietly(env), processSmsOutboxQuietly(env)]));
      if (Math.random() < 0.02) waitUntil(pruneRateLimits(env.DB).catch(() => undefined));
    }
    return await submitResponse(request, env, outcome, asJson, raw, filesChosen(body.form));
  } catch (error) {
    return failure(error, asJson, (a) =>
      petitionPageWithErrors(request, env, { form: a.message }, {}, a.status, a.headers),
    );
  }
}

/** The files a plain form post carried (an empty file input still sends one nameless, empty part). */
function filesChosen(form: FormData | undefined | null): number {
  return (form?.getAll('attachments') ?? []).filter((f) => typeof f !== 'string' && f.size > 0).length;
}

async function submitResponse(
  request: Request,
  env: Env,
  outcome: SubmitOutcome,
  asJson: boolean,
  raw: unknown,
  files: number,
): Promise<Response> {
  const values = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  switch (outcome.kind) {
    case 'created':
    case 'existing': {
      const replay = outcome.kind === 'existing' ? { 'idempotent-replayed': 'true' } : {};
      if (asJson) return json({ code: formatCode(outcome.code), receiptUrl: outcome.receiptUrl }, 201, replay);
      return new Response(null, {
        status: 303,
        headers: { location: outcome.receiptUrl, 'cache-control': 'no-store', ...replay },
      });
    }
    case 'reused':
      if (asJson) return json({ error: outcome.message, errors: { form: outcome.message } }, 409);
      return petitionPageWithErrors(request, env, { form: outcome.message }, values, 409, {}, files);
    case 'invalid':
      if (asJson) return json({ errors: outcome.errors }, 422);
      return petitionPageWithErrors(request, env, outcome.errors, values, 422, {}, files);
    case 'rate-limited': {
      const headers = { 'retry-after': String(outcome.retryAfter) };
      if (asJson) return json({ error: outcome.message }, 429, headers);
      return petitionPageWithErrors(request, env, { form: outcome.message }, values, 429, headers, files);
    }
  }
}

async function petitionPageWithErrors(
  request: Request,
  env: Env,
  errors: Record<string, string>,
  values: Record<string, unknown>,
  status: number,
  headers: Record<string, string> = {},
  filesChosen = 0,
): Promise<Response> {
  const shell = await fetchShell(env.ASSETS, request.url, '/petition/', '网上信访');
  // A fresh start time: the corrected post is timed from this page (a missing or refused one
  // would otherwise be sent back as it came). The referrer policy keeps the next post's Origin:
  // with no-referrer the browser sends `Origin: null`, which the cross-site check refuses.
  const fresh = { ...values, startedAt: String(Date.now()) };
  return htmlResponse(renderPetitionWithErrors(shell, errors, fresh, { filesChosen }), status, {
    'referrer-policy': 'same-origin',
    ...headers,
  });
}

// ---------------------------------------------------------------------------------------------
// GET /petition/ and GET /track/?code=… : the static page with some inputs filled in.

/**
 * The static page at the request's URL with the named inputs' values set, and not cacheable (the
 * values belong to this request). Without values, or for anything but an HTML page, the asset as is.
 */
async function pageWithValues(
  request: Request,
  env: Env,
  values: Record<string, string> | null,
  edit: (page: HtmlPage) => void = () => undefined,
): Promise<Response> {
  const asset = await env.ASSETS.fetch(request.url, { method: 'GET' });
  if (!values || !asset.ok || !(asset.headers.get('content-type') ?? '').includes('text/html')) return asset;
  const page = new HtmlPage(await asset.text());
  setInputValues(page, values);
  edit(page);
  const headers = new Headers(asset.headers);
  headers.set('cache-control', 'no-store');
  headers.delete('etag');
  headers.delete('content-length');
  return new Response(page.toString(), { status: 200, headers });
}

/** The form with a fresh submission id and start time, so that it works without JavaScript too. */
export function handlePetitionPage(request: Request, env: Env): Promise<Response> {
  return pageWithValues(
    request,
    env,
    { submissionId: crypto.randomUUID(), startedAt: String(Date.now()) },
    postToPetitionPage,
  );
}

/**
 * The tracking form with the code from the receipt's link or QR code; only a well-formed code, in
 * its readable form, and the link's tag in a hidden field (it counts the owner's lookups in their
 * own budget: track.ts).
 */
export function handleTrackPage(request: Request, env: Env): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const typed = params.get('code');
  const tag = params.get('t');
  if (!typed || !isValidCode(typed)) return pageWithValues(request, env, null);
  return pageWithValues(request, env, { code: formatCode(typed), ...(isWellFormedReceiptTag(tag) ? { t: tag } : {}) });
}

// ---------------------------------------------------------------------------------------------
// GET /petition/receipt/?code=…&t=…

async function notFoundPage(request: Request, env: Env, message: string): Promise<Response> {
  const shell = await fetchShell(env.ASSETS, request.url, '/404.html', '没有找到这张回执');
  // The site's 404 page explains little about receipts: the message goes right under its heading.
  const page = new HtmlPage(shell);
  page
    .first((el) => el.name === 'h1' && el.closest((p) => p.name === 'main') !== null)
    ?.after(html`<p class="page-message">${message}</p>`);
  return htmlResponse(page.toString(), 404);
}

/** The receipt's heading and next steps for a 复查 or 复核 request (Art. 35, 36). */
function reviewReceiptFills(stage: 'review' | 'recheck'): Record<string, { text: string } | { html: Html }> {
  const word = stage === 'review' ? '复查' : '复核';
  const article = stage === 'review' ? 35 : 36;
  const after =
    stage === 'review'
      ? html`<li><strong>对${word}意见不服：</strong>可以自收到书面答复之日起 30 日内，向复查机关的上一级机关请求复核（<a href="${articleHref(36)}">《信访工作条例》第三十六条</a>）。</li>`
      : html`<li><strong>复核意见是最终意见：</strong>对复核意见不服、仍以同一事实和理由提出的，不再受理（<a href="${articleHref(36)}">《信访工作条例》第三十六条第三款</a>）。</li>`;
  return {
    heading: { text: `${word}请求回执` },
    intro: { text: `您的${word}请求已经收到。请保存或打印本回执，记下新的查询码。` },
    'next-steps': {
      html: html`<li><strong>办理：</strong>${word}由上一级机关、单位办理，自收到请求之日起 30 日内提出${word}意见，并书面答复您（<a href="${articleHref(article)}">《信访工作条例》第${
        stage === 'review' ? '三十五' : '三十六'
      }条</a>）。</li>${after}<li><strong>查询进度：</strong>凭新的查询码和原来的联系电话后四位，在本站“查询进度”页面查看每一步及其日期。</li>`,
    },
  };
}

export const RECEIPT_NOT_FOUND =
  '没有找到这张回执。请使用提交成功后页面上的链接或回执邮件中的链接打开；查询办理进度请到“进度查询”页面输入查询码。';

export async function handleReceipt(request: Request, env: Env): Promise<Response> {
  try {
    const url = new URL(request.url);
    const code = normaliseCode(url.searchParams.get('code') ?? '');
    const tag = url.searchParams.get('t') ?? '';
    if (!isValidCode(code) || !/^[0-9a-f]{16}$/.test(tag) || !(await isValidReceiptTag(env, code, tag))) {
      return notFoundPage(request, env, RECEIPT_NOT_FOUND);
    }
    const petition = await findPetitionByCode(env.DB, code);
    if (!petition) return notFoundPage(request, env, RECEIPT_NOT_FOUND);
    const facts = receiptFacts(petition, siteOrigin(env), tag);
    // A 复查/复核 request is a case of its own and gets the same receipt, with its own next steps.
    const stageRow = await env.DB.prepare('SELECT stage FROM petitions WHERE id = ?')
      .bind(petition.id)
      .first<{ stage: string }>();
    const stage = stageRow?.stage === 'review' || stageRow?.stage === 'recheck' ? stageRow.stage : null;
    if (stage) facts.deadlines = reviewReceiptDeadlines(stage, petition.createdAt);
    const svg = await QRCode.toString(facts.trackUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    // The SVG is the QR library's own markup (trusted); only the label, which names the URL, is text.
    const label = html`<svg role="img" aria-label="${`进度查询二维码：${facts.trackUrl}`}" `.toString();
    const qr = raw(svg.replace('<svg ', () => label));
    const deadlines = facts.deadlines.map((d) => html`<li><strong>${d.label}</strong>：${d.when}（${d.basis}）</li>`);
    const shell = await fetchShell(env.ASSETS, request.url, '/petition/receipt/', '信访事项回执');
    const body = fillMarked(
      shell,
      'data-receipt',
      {
        code: { text: facts.codeFormatted },
        'received-at': { text: facts.receivedAt },
        kind: { text: facts.kind },
        title: { text: facts.title },
        'track-url': { href: facts.trackUrl, text: facts.trackUrl },
        qr: { html: qr },
        deadlines: { html: html`${deadlines}` },
        'email-note': petition.hasEmail ? { text: '回执已同时发送到您填写的电子邮箱。' } : { remove: true },
        ...(stage ? reviewReceiptFills(stage) : {}),
      },
      ['data-receipt-placeholder'],
    );
    return htmlResponse(body, 200);
  } catch (error) {
    return serverFault(error);
  }
}

// ---------------------------------------------------------------------------------------------
// POST /api/track

export async function handleTrack(request: Request, env: Env, waitUntil: WaitUntil): Promise<Response> {
  let asJson = wantsJson(request, bodyKind(request));
  try {
    const body = await parseBody(request, false);
    asJson = wantsJson(request, body.kind);
    // The development clock header (DEV_MODE only) lets journeys test the 复查 window's end.
    const outcome = await trackPetition(env, body.raw, clientIp(request, env), requestClock(request, env).getTime());
    // Later requests also move the outbox along (mail that failed earlier is retried here); one
    // lookup in ten is plenty for that and keeps the extra query off most tracking requests.
    if (Math.random() < 0.1) waitUntil(processOutboxQuietly(env));
    if (asJson) return trackJson(outcome);
    return trackPage(request, env, outcome, body.raw);
  } catch (error) {
    return failure(error, asJson, (a) =>
      trackPage(request, env, { kind: 'invalid', errors: { form: a.message } }, null, a.status),
    );
  }
}

/**
 * GET /api/track/challenge?code=… — a proof-of-work challenge for one lookup on the code past its
 * untagged budget (track-pricing.ts), in the format the ALTCHA widget fetches. Never cached.
 */
export async function handleTrackChallenge(request: Request, env: Env): Promise<Response> {
  const code = normaliseCode(new URL(request.url).searchParams.get('code') ?? '');
  if (!isValidCode(code)) {
    return json({ errors: { code: '查询码有误，请对照回执逐位核对（共 12 位）' } }, 422);
  }
  return json(await createTrackChallenge(env, code, requestClock(request, env).getTime()));
}

function trackJson(outcome: TrackOutcome): Response {
  switch (outcome.kind) {
    case 'found':
      return json(outcome.result, 200);
    case 'miss':
      return json({ error: TRACK_MISS_MESSAGE }, 404);
    case 'invalid':
      return json({ errors: outcome.errors }, 422);
    case 'rate-limited':
      return json({ error: outcome.message }, 429, { 'retry-after': String(outcome.retryAfter) });
    case 'verify':
      // Solve the challenge at `challengeUrl` (ALTCHA) and send the lookup again with `altcha`.
      return json({ error: outcome.message, reason: outcome.reason, challengeUrl: outcome.challengeUrl }, 429, {
        'retry-after': String(outcome.retryAfter),
      });
  }
}

/**
 * The tracking page with the answer in [data-track="result"], for a lookup and for a follow-up form
 * post (`flash` says what that post did). Exported for the citizen routes.
 */
export async function trackPage(
  request: Request,
  env: Env,
  outcome: TrackOutcome,
  raw: unknown,
  forcedStatus?: number,
  flash?: FollowUpFlash,
): Promise<Response> {
  const status =
    forcedStatus ?? { found: 200, miss: 404, invalid: 422, 'rate-limited': 429, verify: 429 }[outcome.kind];
  const headers: Record<string, string> =
    outcome.kind === 'rate-limited' || outcome.kind === 'verify' ? { 'retry-after': String(outcome.retryAfter) } : {};
  const values = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const typedCode = typeof values['code'] === 'string' ? values['code'].slice(0, 40) : null;
  const typedDigits = typeof values['phoneLast4'] === 'string' ? values['phoneLast4'].slice(0, 8) : '';
  // Whoever proved code and digits holds what the receipt's link holds: the follow-up forms carry
  // the code's tag, so rating and 复查 count in the owner's own budget, whatever way they came in.
  const tag = isWellFormedReceiptTag(values['t'])
    ? values['t']
    : outcome.kind === 'found'
      ? await receiptTag(env, normaliseCode(outcome.result.code))
      : '';
  const page = new HtmlPage(await fetchShell(env.ASSETS, request.url, '/track/', '查询办理进度'));
  const result = renderTrackResult(outcome, typedDigits, flash, tag);
  for (const el of page.all((e) => e.getAttribute('data-track') === 'result')) {
    el.setHtml(result);
    el.removeAttribute('hidden');
  }
  if (typedCode !== null) {
    // Asked for a proof of work, the page posts the same lookup again itself: it keeps the digits.
    setInputValues(page, {
      code: typedCode,
      t: tag,
      ...(outcome.kind === 'verify' ? { phoneLast4: typedDigits } : {}),
    });
  }
  // The follow-up forms on this page post again: with no-referrer the browser would send
  // `Origin: null` and the origin check would refuse them. Its URL (/api/track) holds nothing secret.
  return htmlResponse(page.toString(), status, { ...headers, 'referrer-policy': 'same-origin' });
}
