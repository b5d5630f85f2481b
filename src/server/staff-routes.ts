/**
 * Request -> outcome -> response for /api/staff/*, /api/track/{rate,review} and the sign-in page.
 * Route files in functions/ call these and nothing else. The staff middleware checks Origin and the
 * session before any staff route runs, and turns the errors the domain throws into 4xx answers.
 */
import { z } from 'zod';
import { toCsv } from '../lib/csv-safe';
import { settings, issueAreaIds } from '../lib/settings';
import { PETITION_KINDS } from '../lib/petition-schema';
import { DEADLINE_RULES, DEADLINE_KINDS } from '../lib/deadlines';
import { HOLIDAY_DATA_YEARS, HOLIDAY_DATA_SOURCE } from '../lib/holidays';
import {
  CASE_STAGES,
  CASE_STATES,
  NOT_ACCEPT_GROUND_INFO,
  NOT_ACCEPT_GROUNDS,
  RATING_LABELS,
  RATINGS,
  REPLY_DECISION_LABELS,
  REPLY_DECISIONS,
  ROUTE_TARGET_INFO,
  ROUTE_TARGETS,
  STAGE_LABELS,
  STATES,
  TRANSITIONS,
} from '../lib/workflow';
import {
  AUTH_MESSAGES,
  AuthError,
  checkOrigin,
  clearSessionCookie,
  endSession,
  findActiveStaffByEmail,
  issueLoginToken,
  purgeExpired,
  redeemLoginToken,
  requireRole,
  requireSession,
  sessionCookie,
  STAFF_ROLE_LABELS,
  STAFF_ROLES,
  type AuthEnv,
  type Session,
} from './auth';
import { bodyKind, ClientError, clientIp, json, MESSAGES, readBodyLimited } from './http';
import { html } from './html';
import { insertOutboxStatement, processOutboxQuietly } from './mail';
import { readAttachmentBytes } from './attachments';
import { hitRateLimit } from './rate-limit';
import { requestClock } from './schedule-filter';
import { createStaff, listStaff, updateStaff } from './staff-admin';
import {
  CaseError,
  createReplyTemplate,
  deleteReplyTemplate,
  EXPORT_FILENAME,
  exportCases,
  exportRows,
  getCaseDetail,
  isStaffAction,
  listCases,
  listReplyTemplates,
  parseInboxFilter,
  performAction,
} from './staff-cases';
import { requestReview, rateReply, type CitizenOutcome } from './staff-citizen';
import { renderLoginMail } from './staff-mail';
import { formToObject } from '../lib/petition-schema';

export interface StaffData extends Record<string, unknown> {
  session?: Session;
}

/**
 * What a staff route handler gets from the app (src/server/app.ts): the request, the env, the path
 * parameters, the session the staff middleware found, and a way to finish work after the response.
 */
export interface RouteContext<D = StaffData> {
  request: Request;
  env: AuthEnv;
  params: Record<string, string>;
  data: D;
  waitUntil: (work: Promise<unknown>) => void;
  next: () => Promise<Response>;
}

type Ctx = RouteContext;

const MAX_BODY_BYTES = 64 * 1024;

/** Paths under /api/staff that work without a session: asking for and using a sign-in link. */
const OPEN_PATHS = new Set(['/api/staff/login', '/api/staff/login/confirm']);

export const LOGIN_SENT_MESSAGE =
  '如果这个邮箱在工作人员名单中，我们已经发送了登录链接，请在 15 分钟内打开邮件中的链接登录';

async function readBody(request: Request): Promise<unknown> {
  const kind = bodyKind(request);
  if (kind !== 'json' && kind !== 'urlencoded') throw new ClientError(415, MESSAGES.wrongType);
  const bytes = await readBodyLimited(request, MAX_BODY_BYTES);
  if (kind === 'urlencoded') return formToObject(new URLSearchParams(new TextDecoder().decode(bytes)));
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (cause) {
    throw new ClientError(400, MESSAGES.badJson, {}, { cause });
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AuthError) return json({ error: error.message }, error.status);
  if (error instanceof CaseError) {
    return json(
      Object.keys(error.fields).length > 0 ? { error: error.message, fields: error.fields } : { error: error.message },
      error.status,
    );
  }
  if (error instanceof ClientError) return json({ error: error.message }, error.status, error.headers);
  console.error('staff route failed', error);
  return json({ error: MESSAGES.serverError }, 503, { 'retry-after': '30' });
}

/** functions/api/staff/_middleware.ts */
export async function staffMiddleware(ctx: Ctx): Promise<Response> {
  try {
    checkOrigin(ctx.request);
    const path = new URL(ctx.request.url).pathname.replace(/\/+$/, '');
    if (!OPEN_PATHS.has(path))
      ctx.data.session = await requireSession(ctx.env, ctx.request, requestClock(ctx.request, ctx.env));
    return await ctx.next();
  } catch (error) {
    return errorResponse(error);
  }
}

function session(ctx: Ctx): Session {
  if (!ctx.data.session) throw new AuthError(401, AUTH_MESSAGES.signedOut);
  return ctx.data.session;
}

const param = (ctx: Ctx, name: string): string => ctx.params[name] ?? '';

// ---------------------------------------------------------------- sign-in

const LoginSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) });

/** POST /api/staff/login {email}: the same answer whether or not the address is on the list. */
export async function handleLoginRequest(ctx: Ctx): Promise<Response> {
  try {
    const now = requestClock(ctx.request, ctx.env);
    const parsed = LoginSchema.safeParse(await readBody(ctx.request));
    if (!parsed.success)
      return json(
        { error: '请填写正确的工作邮箱，例如 zhangsan@example.gov.cn', fields: { email: '请填写正确的工作邮箱' } },
        400,
      );
    const ip = clientIp(ctx.request, ctx.env);
    const perIp = await hitRateLimit(ctx.env, 'track', `staff-login:${ip}`, now.getTime());
    const perEmail = await hitRateLimit(ctx.env, 'trackCode', `staff-login:${parsed.data.email}`, now.getTime());
    if (!perIp.ok || !perEmail.ok) {
      const retryAfter = Math.max(perIp.ok ? 0 : perIp.retryAfter, perEmail.ok ? 0 : perEmail.retryAfter);
      return json({ error: `申请登录的次数过多，请在 ${Math.ceil(retryAfter / 60)} 分钟后再试` }, 429, {
        'retry-after': String(retryAfter),
      });
    }
    const staff = await findActiveStaffByEmail(ctx.env, parsed.data.email);
    if (staff) {
      const token = await issueLoginToken(ctx.env, staff.id, now);
      const link = `${new URL(ctx.request.url).origin}/staff/login/?token=${token}`;
      const mail = {
        id: crypto.randomUUID(),
        petitionId: null,
        kind: 'staff-login',
        to: staff.email,
        ...renderLoginMail(staff.name, link),
      };
      await (await insertOutboxStatement(ctx.env, ctx.env.DB, mail, now.toISOString())).run();
      ctx.waitUntil(processOutboxQuietly(ctx.env));
    }
    ctx.waitUntil(purgeExpired(ctx.env.DB, now).catch(() => undefined));
    if (bodyKind(ctx.request) === 'urlencoded') {
      return new Response(null, {
        status: 303,
        headers: { location: '/staff/login/?sent=1', 'cache-control': 'no-store' },
      });
    }
    return json({ message: LOGIN_SENT_MESSAGE }, 202);
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST /api/staff/login/confirm {token}: spends the token and sets the session cookie. A form post
 * (the button on /staff/login/) is answered with a redirect; a JSON call with JSON.
 */
export async function handleLoginConfirm(ctx: Ctx): Promise<Response> {
  const isForm = bodyKind(ctx.request) === 'urlencoded';
  try {
    const body = (await readBody(ctx.request)) as Record<string, unknown> | null;
    const token = typeof body?.['token'] === 'string' ? body['token'] : '';
    const { sessionId, staff } = await redeemLoginToken(ctx.env, token, requestClock(ctx.request, ctx.env));
    const cookie = sessionCookie(sessionId);
    if (isForm)
      return new Response(null, {
        status: 303,
        headers: { location: '/staff/', 'set-cookie': cookie, 'cache-control': 'no-store' },
      });
    return json({ staff: { id: staff.id, name: staff.name, email: staff.email, role: staff.role } }, 200, {
      'set-cookie': cookie,
    });
  } catch (error) {
    if (isForm && error instanceof AuthError) {
      return new Response(null, {
        status: 303,
        headers: { location: '/staff/login/?error=invalid', 'cache-control': 'no-store' },
      });
    }
    return errorResponse(error);
  }
}

/** POST /api/staff/logout */
export async function handleLogout(ctx: Ctx): Promise<Response> {
  try {
    await endSession(ctx.env, session(ctx).idHash);
    if (bodyKind(ctx.request) === 'urlencoded') {
      return new Response(null, {
        status: 303,
        headers: { location: '/staff/login/?signedOut=1', 'set-cookie': clearSessionCookie() },
      });
    }
    return new Response(null, {
      status: 204,
      headers: { 'set-cookie': clearSessionCookie(), 'cache-control': 'no-store' },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/staff/me */
export function handleMe(ctx: Ctx): Response {
  const s = session(ctx);
  return json({
    staff: {
      id: s.staff.id,
      name: s.staff.name,
      email: s.staff.email,
      role: s.staff.role,
      roleLabel: STAFF_ROLE_LABELS[s.staff.role],
    },
    expiresAt: s.expiresAt,
  });
}

// ---------------------------------------------------------------- lists for the console

/** GET /api/staff/meta: every list the console needs, from the one source of each. */
export function handleMeta(): Response {
  return json({
    states: CASE_STATES.map((id) => ({
      id,
      label: STATES[id].label,
      explanation: STATES[id].explanation,
      terminal: STATES[id].terminal,
    })),
    stages: CASE_STAGES.map((id) => ({ id, label: STAGE_LABELS[id] })),
    actions: [
      ...new Map(
        TRANSITIONS.map((t) => [t.action, { id: t.action, label: t.label, actor: t.actor, public: t.public }]),
      ).values(),
    ],
    kinds: PETITION_KINDS.map((k) => ({ id: k.id, label: k.label })),
    issueAreas: settings.issueAreas,
    regions: settings.regions,
    routeTargets: ROUTE_TARGETS.map((id) => ({ id, ...ROUTE_TARGET_INFO[id] })),
    notAcceptGrounds: NOT_ACCEPT_GROUNDS.map((id) => ({ id, ...NOT_ACCEPT_GROUND_INFO[id] })),
    replyDecisions: REPLY_DECISIONS.map((id) => ({ id, label: REPLY_DECISION_LABELS[id] })),
    ratings: RATINGS.map((id) => ({ id, label: RATING_LABELS[id] })),
    roles: STAFF_ROLES.map((id) => ({ id, label: STAFF_ROLE_LABELS[id] })),
    deadlines: DEADLINE_KINDS.map((id) => ({ id, ...DEADLINE_RULES[id] })),
    days: {
      rule: settings.days.rule,
      note: settings.days.ruleNote,
      holidayYears: HOLIDAY_DATA_YEARS,
      holidaySource: HOLIDAY_DATA_SOURCE,
    },
  });
}

// ---------------------------------------------------------------- cases

/** GET /api/staff/cases */
export async function handleInbox(ctx: Ctx): Promise<Response> {
  try {
    const filter = parseInboxFilter(new URL(ctx.request.url).searchParams);
    return json(await listCases(ctx.env.DB, filter, requestClock(ctx.request, ctx.env)));
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/staff/cases/export: the filtered inbox as CSV (UTF-8 BOM, formulas neutralised). */
export async function handleExport(ctx: Ctx): Promise<Response> {
  try {
    const filter = parseInboxFilter(new URL(ctx.request.url).searchParams);
    const cases = await exportCases(ctx.env.DB, filter, requestClock(ctx.request, ctx.env));
    const name = EXPORT_FILENAME();
    return new Response(toCsv(exportRows(cases)), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="cases.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/staff/cases/:id */
export async function handleCaseDetail(ctx: Ctx): Promise<Response> {
  try {
    return json(await getCaseDetail(ctx.env, param(ctx, 'id'), requestClock(ctx.request, ctx.env)));
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/staff/cases/:id/actions/:action */
export async function handleCaseAction(ctx: Ctx): Promise<Response> {
  try {
    const action = param(ctx, 'action');
    if (!isStaffAction(action)) return json({ error: '没有这项操作，请从事项页面上的按钮中选择' }, 404);
    const result = await performAction(
      ctx.env,
      session(ctx),
      param(ctx, 'id'),
      action,
      await readBody(ctx.request),
      requestClock(ctx.request, ctx.env),
      new URL(ctx.request.url).origin,
    );
    if (result.mailed) ctx.waitUntil(processOutboxQuietly(ctx.env));
    return json(result);
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/staff/cases/:id/attachments/:attachmentId: the decrypted file, as a download. */
export async function handleAttachment(ctx: Ctx): Promise<Response> {
  try {
    const row = await ctx.env.DB.prepare(
      'SELECT r2_key, mime, position FROM attachments WHERE id = ? AND petition_id = ?',
    )
      .bind(param(ctx, 'attachmentId'), param(ctx, 'id'))
      .first<{ r2_key: string; mime: string; position: number }>();
    const bytes = row ? await readAttachmentBytes(ctx.env, row.r2_key) : null;
    if (!row || !bytes) return json({ error: '找不到这个附件，可能已被删除' }, 404);
    const ext = row.mime === 'application/pdf' ? 'pdf' : row.mime === 'image/png' ? 'png' : 'jpg';
    return new Response(bytes, {
      headers: {
        'content-type': row.mime,
        'content-length': String(bytes.byteLength),
        // Always a download, never rendered in the site's origin.
        'content-disposition': `attachment; filename="attachment-${row.position}.${ext}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

// ---------------------------------------------------------------- templates

/** GET /api/staff/templates?issueArea= */
export async function handleTemplates(ctx: Ctx): Promise<Response> {
  try {
    const area = new URL(ctx.request.url).searchParams.get('issueArea') ?? '';
    if (area && !(issueAreaIds as readonly string[]).includes(area))
      return json({ error: '问题类别不正确，请从列表中选择' }, 400);
    return json({ templates: await listReplyTemplates(ctx.env.DB, area || undefined) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/staff/templates (admin) */
export async function handleTemplateCreate(ctx: Ctx): Promise<Response> {
  try {
    requireRole(session(ctx), 'admin');
    return json(
      {
        template: await createReplyTemplate(
          ctx.env.DB,
          await readBody(ctx.request),
          requestClock(ctx.request, ctx.env),
        ),
      },
      201,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/staff/templates/:id (admin) */
export async function handleTemplateDelete(ctx: Ctx): Promise<Response> {
  try {
    requireRole(session(ctx), 'admin');
    await deleteReplyTemplate(ctx.env.DB, param(ctx, 'id'));
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

// ---------------------------------------------------------------- staff list (admin)

/** GET /api/staff/admin/staff */
export async function handleStaffList(ctx: Ctx): Promise<Response> {
  try {
    requireRole(session(ctx), 'admin');
    return json({ staff: await listStaff(ctx.env.DB) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/staff/admin/staff {email, name, role} */
export async function handleStaffCreate(ctx: Ctx): Promise<Response> {
  try {
    requireRole(session(ctx), 'admin');
    return json(
      { staff: await createStaff(ctx.env.DB, await readBody(ctx.request), requestClock(ctx.request, ctx.env)) },
      201,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** PATCH /api/staff/admin/staff/:id {name?, role?, active?} */
export async function handleStaffUpdate(ctx: Ctx): Promise<Response> {
  try {
    const s = session(ctx);
    requireRole(s, 'admin');
    return json({
      staff: await updateStaff(
        ctx.env.DB,
        s,
        param(ctx, 'id'),
        await readBody(ctx.request),
        requestClock(ctx.request, ctx.env),
      ),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

// ---------------------------------------------------------------- citizen: rate and review

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

/** Citizen routes change state too: same-origin only, like the staff routes. */
function checkCitizenOrigin(request: Request): void {
  try {
    checkOrigin(request);
  } catch {
    throw new AuthError(403, '请在本站的办理进度查询页面操作');
  }
}

/** POST /api/track/rate {code, phoneLast4, rating, comment?} */
export async function handleRate(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  try {
    checkCitizenOrigin(ctx.request);
    const now = requestClock(ctx.request, ctx.env);
    return citizenResponse(
      await rateReply(ctx.env, await readBody(ctx.request), clientIp(ctx.request, ctx.env), now),
      201,
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/track/review {code, phoneLast4, request, reasons} */
export async function handleReview(ctx: RouteContext<Record<string, unknown>>): Promise<Response> {
  try {
    checkCitizenOrigin(ctx.request);
    const now = requestClock(ctx.request, ctx.env);
    const outcome = await requestReview(
      ctx.env,
      await readBody(ctx.request),
      clientIp(ctx.request, ctx.env),
      now,
      new URL(ctx.request.url).origin,
    );
    if (outcome.kind === 'ok') ctx.waitUntil(processOutboxQuietly(ctx.env));
    return citizenResponse(outcome, 201);
  } catch (error) {
    return errorResponse(error);
  }
}

// ---------------------------------------------------------------- the sign-in page

/**
 * GET /staff/login/: the page the emailed link opens. It changes nothing (mail scanners prefetch
 * links): with a token it shows a button that POSTs it; without one, a form to ask for a link.
 */
export function renderLoginPage(request: Request): Response {
  const url = new URL(request.url);
  const token = url.searchParams.get('token') ?? '';
  const error = url.searchParams.get('error');
  const signedOut = url.searchParams.get('signedOut');
  const wellFormed = /^[A-Za-z0-9_-]{43}$/.test(token);
  const office = settings.office.name;
  const sent = url.searchParams.get('sent');
  const notice = error
    ? html`<div class="alert" role="alert"><p>${AUTH_MESSAGES.tokenInvalid}。</p></div>`
    : signedOut
      ? html`<div class="ok" role="status"><p>您已安全退出。</p></div>`
      : sent
        ? html`<div class="ok" role="status"><p>${LOGIN_SENT_MESSAGE}。</p></div>`
        : '';
  const body = wellFormed
    ? html`<h1>登录工作人员后台</h1>
<p>请点击下面的按钮完成登录。登录链接只能使用一次，15 分钟内有效。</p>
<form method="post" action="/api/staff/login/confirm">
<input type="hidden" name="token" value="${token}">
<button type="submit">登录</button>
</form>`
    : html`<h1>登录工作人员后台</h1>
${notice}
<p>请填写您在工作人员名单中的邮箱，我们会把一次性登录链接发送到这个邮箱。</p>
<form method="post" action="/api/staff/login">
<label for="email">工作邮箱</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">发送登录链接</button>
</form>
`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>登录工作人员后台 - ${office}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;font-size:1.125rem;line-height:1.7;color:#1a1a1a;background:#fff;margin:0}
header,main{max-width:36rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ccc}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input{font-size:1.125rem;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #444;border-radius:4px}
button{font-size:1.125rem;margin-top:1rem;padding:.6rem 1.5rem;background:#1d4e89;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #c60;outline-offset:2px}
.alert{border-left:5px solid #a00;padding:.25rem 1rem;background:#fdecec}
.ok{border-left:5px solid #1a6b1a;padding:.25rem 1rem;background:#eaf6ea}
a{color:#1d4e89}
</style></head>
<body><header><p><a href="/">${office}</a></p></header>
<main id="main">${body}</main></body></html>`;
  return new Response(page.toString(), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with the form
      // post, which the Origin check refuses. The token never leaves the site either way.
      'referrer-policy': 'same-origin',
      'x-robots-tag': 'noindex',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
  });
}
