/**
 * Mail through a transactional outbox. Messages are written to mail_outbox in the same D1 batch as
 * the petition, so a petition is never lost to a mail failure and a mail is never sent for a
 * petition that was not saved. Sending happens afterwards (context.waitUntil, later requests, or
 * POST /api/outbox/process):
 * - with RESEND_API_KEY: the Resend SDK, each call limited by AbortSignal.timeout, with the outbox
 *   row id as Resend's Idempotency-Key, so a retry after a timeout is delivered at most once;
 * - without it: nothing leaves; developers read the outbox at /dev/outbox/ (DEV_MODE=1).
 * Failures are retried with exponential backoff, then marked failed.
 */
import type { Mailer, SendResult } from './platform/mailer';
import type { Database, DbStatement } from './platform/database';
import { Resend } from 'resend';
import { settings } from '../lib/settings';
import { issueAreaName, regionName } from '../lib/settings';
import { openText, sealText } from './crypto';
import type { Env } from './env';
import { html, type Html } from './html';
import type { ReceiptFacts } from './receipt-info';

export const MAIL_KINDS = ['receipt', 'staff-notify'] as const;
export const MAX_MAIL_ATTEMPTS = 8;
const DEFAULT_TIMEOUT_MS = 5000;

export interface MailMessage {
  id: string;
  petitionId: string | null;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Associated data of an outbox row's sealed recipient (the re-key uses it too). */
export const toContext = (id: string) => `mail-to:${id}`;
/** Associated data of an outbox row's sealed subject, HTML and text (migration 0014). */
export const bodyContext = (id: string) => `mail-body:${id}`;

export async function insertOutboxStatement(
  env: Pick<Env, 'DATA_KEY'>,
  db: Database,
  m: MailMessage,
  now: string,
): Promise<DbStatement> {
  // A mail can hold personal data (the staff notice names the petitioner) and live secrets (a
  // sign-in link, a receipt link): nothing of it is stored readable. The plain columns stay empty.
  const to = await sealText(env, m.to, toContext(m.id));
  const body = await sealText(
    env,
    JSON.stringify({ subject: m.subject, html: m.html, text: m.text }),
    bodyContext(m.id),
  );
  return db
    .prepare(
      `INSERT INTO mail_outbox (id, petition_id, kind, to_iv, to_ct, subject, html, text, body_iv, body_ct, status, attempts, next_attempt_at, idempotency_key, created_at)
       VALUES (?, ?, ?, ?, ?, '', '', '', ?, ?, 'pending', 0, ?, ?, ?)`,
    )
    .bind(m.id, m.petitionId, m.kind, to.iv, to.ct, body.iv, body.ct, now, m.id, now);
}

function page(title: string, body: Html): string {
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:sans-serif;font-size:16px;line-height:1.7;color:#1a1a1a;max-width:40em">${body}
<p style="color:#555;font-size:14px">${settings.office.name}。本邮件由系统自动发送，请勿直接回复。</p></body></html>`.toString();
}

/** A table row of a mail: the label and the value, both text. */
const row = ([k, v]: [string, string]) =>
  html`<tr><th style="text-align:left;padding:4px 12px 4px 0">${k}</th><td>${v}</td></tr>`;

/** The receipt mail to the citizen. Only the title is the citizen's own text, and it is escaped. */
export function renderReceiptMail(facts: ReceiptFacts): { subject: string; html: string; text: string } {
  const subject = `信访事项回执（查询码 ${facts.codeFormatted}）`;
  const rows: [string, string][] = [
    ['查询码', facts.codeFormatted],
    ['收到时间', facts.receivedAt],
    ['事项类别', facts.kind],
    ['标题', facts.title],
  ];
  const body = page(
    subject,
    html`<h1 style="font-size:22px">${settings.office.name}已收到您的信访事项</h1>
<table style="border-collapse:collapse">${rows.map(row)}</table>
<p>请妥善保存查询码。查询办理进度：打开 <a href="${facts.trackUrl}">${facts.trackUrl}</a>，输入查询码和联系电话后四位。</p>
<h2 style="font-size:18px">办理时限</h2><ul>${facts.deadlines.map((d) => html`<li>${d.label}：${d.when}（${d.basis}）</li>`)}</ul>`,
  );
  const text = [
    `${settings.office.name}已收到您的信访事项。`,
    '',
    ...rows.map(([k, v]) => `${k}：${v}`),
    '',
    `查询办理进度：${facts.trackUrl}（输入查询码和联系电话后四位）`,
    '',
    '办理时限：',
    ...facts.deadlines.map((d) => `- ${d.label}：${d.when}（${d.basis}）`),
    '',
    `${settings.office.name}。本邮件由系统自动发送，请勿直接回复。`,
  ].join('\n');
  return { subject, html: body, text };
}

/** The notice to staff: what arrived and where, no personal data (that stays in the console). */
export function renderStaffMail(
  facts: ReceiptFacts,
  p: { region: string; issueArea: string; attachmentCount: number },
  origin: string,
): { subject: string; html: string; text: string } {
  const subject = `新的网上信访事项 ${facts.codeFormatted}：${facts.kind}`;
  const rows: [string, string][] = [
    ['查询码', facts.codeFormatted],
    ['收到时间', facts.receivedAt],
    ['事项类别', facts.kind],
    ['所属乡镇（街道）', regionName(p.region)],
    ['问题领域', issueAreaName(p.issueArea)],
    ['标题', facts.title],
    ['附件', `${p.attachmentCount} 个`],
  ];
  const consoleUrl = `${origin}/staff/`;
  const body = page(
    subject,
    html`<h1 style="font-size:22px">收到新的网上信访事项</h1><table>${rows.map(row)}</table>
<p>请在 15 日内登记并决定处理方式（《信访工作条例》第二十二条）。在工作台办理：<a href="${consoleUrl}">${consoleUrl}</a></p>`,
  );
  const text = [
    '收到新的网上信访事项。',
    ...rows.map(([k, v]) => `${k}：${v}`),
    '',
    `请在 15 日内登记并决定处理方式（《信访工作条例》第二十二条）。工作台：${consoleUrl}`,
  ].join('\n');
  return { subject, html: body, text };
}

interface OutboxRow {
  id: string;
  petition_id: string | null;
  kind: string;
  to_iv: string;
  to_ct: string;
  subject: string;
  html: string;
  text: string;
  body_iv: string | null;
  body_ct: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  idempotency_key: string;
  provider_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface OutboxEntry {
  id: string;
  petitionId: string | null;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  status: OutboxRow['status'];
  attempts: number;
  nextAttemptAt: string;
  providerId: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

async function mapOutbox(env: Pick<Env, 'DATA_KEY'>, r: OutboxRow): Promise<OutboxEntry> {
  // Rows from before migration 0014 have their body in the plain columns; a sent mail has none.
  const body =
    r.body_iv && r.body_ct
      ? (JSON.parse(await openText(env, { iv: r.body_iv, ct: r.body_ct }, bodyContext(r.id))) as {
          subject: string;
          html: string;
          text: string;
        })
      : { subject: r.subject, html: r.html, text: r.text };
  return {
    id: r.id,
    petitionId: r.petition_id,
    kind: r.kind,
    to: await openText(env, { iv: r.to_iv, ct: r.to_ct }, toContext(r.id)),
    subject: body.subject,
    html: body.html,
    text: body.text,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    providerId: r.provider_id,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** The newest outbox entries, recipients opened (development page and tests only). */
export async function listOutbox(env: Pick<Env, 'DATA_KEY' | 'DB'>, limit = 50): Promise<OutboxEntry[]> {
  const { results } = await env.DB.prepare('SELECT * FROM mail_outbox ORDER BY created_at DESC, id LIMIT ?')
    .bind(limit)
    .all<OutboxRow>();
  return Promise.all(results.map((r) => mapOutbox(env, r)));
}

/** One outbox entry, opened (the development page's single-mail view and tests). */
export async function findOutboxMail(env: Pick<Env, 'DATA_KEY' | 'DB'>, id: string): Promise<OutboxEntry | null> {
  const row = await env.DB.prepare('SELECT * FROM mail_outbox WHERE id = ?').bind(id).first<OutboxRow>();
  return row ? mapOutbox(env, row) : null;
}

/** Wait before attempt n+1 after n failures: 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/** The mailer on Resend's API (both runtimes). RESEND_BASE_URL points it at a local stand-in in tests. */
export function resendMailer(apiKey: string, baseUrl?: string): Mailer {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    send(mail, { idempotencyKey, timeoutMs }) {
      const signal = AbortSignal.timeout(timeoutMs);
      // The SDK turns an abort into an error result; the race also covers a body that never ends.
      const timeout = new Promise<SendResult>((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({ ok: false, error: `timeout after ${timeoutMs} ms`, permanent: false }),
        ),
      );
      const attempt = resend.emails
        .send({ ...mail, to: [mail.to] }, { idempotencyKey, signal })
        .then((r): SendResult => {
          if (r.error) {
            const status = 'statusCode' in r.error ? (r.error as { statusCode?: number | null }).statusCode : null;
            return {
              ok: false,
              error: `${r.error.name}: ${r.error.message}`,
              permanent: status === 400 || status === 422,
            };
          }
          return { ok: true, providerId: r.data?.id ?? '' };
        })
        .catch((e: unknown): SendResult => ({ ok: false, error: String(e), permanent: false }));
      return Promise.race([attempt, timeout]);
    },
  };
}

/** The configured mailer: the runtime's own (SMTP on Node), else Resend when keyed, else none. */
export function mailerOf(env: Pick<Env, 'MAILER' | 'RESEND_API_KEY' | 'RESEND_BASE_URL'>): Mailer | null {
  if (env.MAILER) return env.MAILER;
  return env.RESEND_API_KEY ? resendMailer(env.RESEND_API_KEY, env.RESEND_BASE_URL) : null;
}

export interface OutboxRun {
  attempted: number;
  sent: number;
  failed: number;
}

/**
 * Sends the messages that are due. Each row is first claimed (attempts + 1, locked for longer than a
 * send can take), so concurrent runners never send the same row twice at the same time.
 */
export async function processOutbox(env: Env, opts: { now?: Date; limit?: number } = {}): Promise<OutboxRun> {
  const run: OutboxRun = { attempted: 0, sent: 0, failed: 0 };
  const mailer = mailerOf(env);
  if (!mailer) return run;
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const timeoutMs = Number(env.MAIL_TIMEOUT_MS) > 0 ? Number(env.MAIL_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  const { results: due } = await env.DB.prepare(
    `SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ?
       AND (locked_until IS NULL OR locked_until <= ?) ORDER BY next_attempt_at LIMIT ?`,
  )
    .bind(nowIso, nowIso, opts.limit ?? 10)
    .all<{ id: string }>();
  for (const { id } of due) {
    const lease = new Date(now.getTime() + timeoutMs + 30_000).toISOString();
    const claimed = await env.DB.prepare(
      `UPDATE mail_outbox SET attempts = attempts + 1, locked_until = ?
       WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
       RETURNING *`,
    )
      .bind(lease, id, nowIso, nowIso)
      .first<OutboxRow>();
    if (!claimed) continue;
    run.attempted++;
    const entry = await mapOutbox(env, claimed);
    const result = await mailer.send(
      {
        from: env.MAIL_FROM ?? settings.mail.from,
        to: entry.to,
        subject: entry.subject,
        html: entry.html,
        text: entry.text,
      },
      { idempotencyKey: entry.id, timeoutMs },
    );
    const at = new Date().toISOString();
    if (result.ok) {
      run.sent++;
      await env.DB.prepare(
        // Sent: the body is no longer needed, and it may hold a secret (a sign-in or receipt link).
        `UPDATE mail_outbox SET status = 'sent', sent_at = ?, provider_id = ?, locked_until = NULL, last_error = NULL,
           subject = '', html = '', text = '', body_iv = NULL, body_ct = NULL WHERE id = ?`,
      )
        .bind(at, result.providerId, id)
        .run();
    } else {
      run.failed++;
      const giveUp = result.permanent || claimed.attempts >= MAX_MAIL_ATTEMPTS;
      await env.DB.prepare(
        `UPDATE mail_outbox SET status = ?, next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?`,
      )
        .bind(
          giveUp ? 'failed' : 'pending',
          new Date(now.getTime() + backoffMs(claimed.attempts)).toISOString(),
          result.error.slice(0, 500),
          id,
        )
        .run();
    }
  }
  return run;
}

/** Runs the outbox without ever throwing: for waitUntil after a response has gone out. */
export async function processOutboxQuietly(env: Env): Promise<void> {
  try {
    await processOutbox(env);
  } catch (error) {
    console.error('outbox run failed', error);
  }
}
