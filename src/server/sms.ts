/**
 * SMS through a transactional outbox (table sms_outbox, migration 0015), with mail's guarantees
 * (mail.ts): a message is written in the same batch as the event it tells of, so it is never sent
 * for a case that was not saved and a send failure never loses or delays a petition; sending
 * happens afterwards (waitUntil, the Node server's timer, POST /api/outbox/process).
 * - Each row is claimed before it is sent (attempts + 1, locked for longer than a send can take),
 *   so two runners never send the same row.
 * - A provider that answers with a failure (an outage, a limit) is tried again with backoff.
 * - Neither Aliyun nor Tencent deduplicates a request, so an answer that never came (a timeout)
 *   marks the row 'unknown' and it is not sent again: at most once, as the issue asks.
 * - The phone number and the parameters are sealed at rest; after sending the parameters go.
 *
 * Template texts fit one 70-character segment with the signature, and carry nothing personal but
 * the tracking code (tests/unit/sms-templates.test.ts). The provider's copy of each template must
 * be approved with exactly this text; SMS_TEMPLATE_CODE / SMS_TEMPLATE_STATUS name its id there.
 */
import { settings } from '../lib/settings';
import { formatCode } from '../lib/tracking-code';
import { openText, sealText } from './crypto';
import type { Env } from './env';
import { backoffMs } from './mail';
import type { Database, DbStatement } from './platform/database';
import type { OutgoingSms, SmsResult, SmsSender, SmsTemplateKey } from './platform/sms';

export const SMS_TEMPLATES: Record<SmsTemplateKey, { text: string; params: readonly string[] }> = {
  code: { text: '您的信访事项已收到，查询码${code}，请凭查询码和本机号码后四位查询办理进度。', params: ['code'] },
  status: { text: '您的信访事项（查询码${code}）有新的办理进展，请凭查询码和本机号码后四位查询。', params: ['code'] },
};
/** One SMS segment of Chinese text, signature included (GSM 03.38 UCS-2: 70 characters). */
export const SMS_SEGMENT = 70;
export const MAX_SMS_ATTEMPTS = 8;
const DEFAULT_TIMEOUT_MS = 5000;

/** The signature the provider prints as 【…】: SMS_SIGN_NAME, else the office's name. */
export function smsSignature(env: Pick<Env, 'SMS_SIGN_NAME'>): string {
  return env.SMS_SIGN_NAME ?? settings.office.name;
}

/** The text a phone shows for a template, as the provider renders it. */
export function renderSms(
  env: Pick<Env, 'SMS_SIGN_NAME'>,
  template: SmsTemplateKey,
  params: Record<string, string>,
): string {
  const body = SMS_TEMPLATES[template].text.replace(/\$\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
  return `【${smsSignature(env)}】${body}`;
}

export interface SmsMessage {
  id: string;
  petitionId: string | null;
  to: string;
  template: SmsTemplateKey;
  params: Record<string, string>;
}

/** The template parameters of a notice about this case: only its code. */
export const codeParams = (code: string) => ({ code: formatCode(code) });

/** Whether a case's notices go by SMS (petitions.has_sms: a phone was given and not opted out). */
export async function hasSms(env: { DB: Database }, caseId: string): Promise<boolean> {
  const row = await env.DB.prepare('SELECT has_sms FROM petitions WHERE id = ?')
    .bind(caseId)
    .first<{ has_sms: number }>();
  return row?.has_sms === 1;
}

export const smsToContext = (id: string) => `sms-to:${id}`;
export const smsBodyContext = (id: string) => `sms-body:${id}`;

export async function insertSmsStatement(
  env: Pick<Env, 'DATA_KEY'>,
  db: Database,
  m: SmsMessage,
  now: string,
): Promise<DbStatement> {
  const to = await sealText(env, m.to, smsToContext(m.id));
  const body = await sealText(env, JSON.stringify(m.params), smsBodyContext(m.id));
  return db
    .prepare(
      `INSERT INTO sms_outbox (id, petition_id, template, to_iv, to_ct, body_iv, body_ct, status, attempts, next_attempt_at, idempotency_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    )
    .bind(m.id, m.petitionId, m.template, to.iv, to.ct, body.iv, body.ct, now, m.id, now);
}

interface SmsRow {
  id: string;
  petition_id: string | null;
  template: string;
  to_iv: string;
  to_ct: string;
  body_iv: string | null;
  body_ct: string | null;
  status: 'pending' | 'sent' | 'failed' | 'unknown';
  attempts: number;
  next_attempt_at: string;
  provider: string | null;
  provider_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SmsEntry {
  id: string;
  petitionId: string | null;
  template: SmsTemplateKey;
  to: string;
  /** The parameters; empty once sent. */
  params: Record<string, string>;
  status: SmsRow['status'];
  attempts: number;
  provider: string | null;
  providerId: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

async function mapSms(env: Pick<Env, 'DATA_KEY'>, r: SmsRow): Promise<SmsEntry> {
  return {
    id: r.id,
    petitionId: r.petition_id,
    template: r.template as SmsTemplateKey,
    to: await openText(env, { iv: r.to_iv, ct: r.to_ct }, smsToContext(r.id)),
    params:
      r.body_iv && r.body_ct
        ? (JSON.parse(await openText(env, { iv: r.body_iv, ct: r.body_ct }, smsBodyContext(r.id))) as Record<
            string,
            string
          >)
        : {},
    status: r.status,
    attempts: r.attempts,
    provider: r.provider,
    providerId: r.provider_id,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** The newest SMS rows, opened (development page and tests only). */
export async function listSmsOutbox(env: Pick<Env, 'DATA_KEY' | 'DB'>, limit = 50): Promise<SmsEntry[]> {
  const { results } = await env.DB.prepare('SELECT * FROM sms_outbox ORDER BY created_at DESC, id LIMIT ?')
    .bind(limit)
    .all<SmsRow>();
  return Promise.all(results.map((r) => mapSms(env, r)));
}

/**
 * A stand-in provider that records what it is asked to send: the tests' SMS provider, and a way to
 * try the outbox by hand. `down` makes it answer as a provider in an outage (nothing delivered).
 */
export interface LocalSms extends SmsSender {
  readonly delivered: { to: string; text: string; template: SmsTemplateKey; idempotencyKey: string }[];
  down: boolean;
}

export function localSms(env: Pick<Env, 'SMS_SIGN_NAME'> = {}): LocalSms {
  const sender: LocalSms = {
    name: 'local',
    delivered: [],
    down: false,
    send(sms: OutgoingSms, { idempotencyKey }): Promise<SmsResult> {
      if (sender.down)
        return Promise.resolve({ ok: false, error: 'ServiceUnavailable: 短信服务暂不可用', permanent: false });
      sender.delivered.push({
        to: sms.to,
        template: sms.template,
        text: renderSms(env, sms.template, sms.params),
        idempotencyKey,
      });
      return Promise.resolve({ ok: true, providerId: `local-${sender.delivered.length}` });
    },
  };
  return sender;
}

export interface SmsRun {
  attempted: number;
  sent: number;
  failed: number;
}

/** Sends the SMS rows that are due, through env.SMS; without a provider they wait in the outbox. */
export async function processSmsOutbox(env: Env, opts: { now?: Date; limit?: number } = {}): Promise<SmsRun> {
  const run: SmsRun = { attempted: 0, sent: 0, failed: 0 };
  const sender = env.SMS;
  if (!sender) return run;
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const timeoutMs = Number(env.SMS_TIMEOUT_MS) > 0 ? Number(env.SMS_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  const { results: due } = await env.DB.prepare(
    `SELECT id FROM sms_outbox WHERE status = 'pending' AND next_attempt_at <= ?
       AND (locked_until IS NULL OR locked_until <= ?) ORDER BY next_attempt_at LIMIT ?`,
  )
    .bind(nowIso, nowIso, opts.limit ?? 20)
    .all<{ id: string }>();
  for (const { id } of due) {
    const lease = new Date(now.getTime() + timeoutMs + 30_000).toISOString();
    const claimed = await env.DB.prepare(
      `UPDATE sms_outbox SET attempts = attempts + 1, locked_until = ?, provider = ?
       WHERE id = ? AND status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
       RETURNING *`,
    )
      .bind(lease, sender.name, id, nowIso, nowIso)
      .first<SmsRow>();
    if (!claimed) continue;
    run.attempted++;
    const entry = await mapSms(env, claimed);
    let result: SmsResult;
    try {
      result = await sender.send(
        { to: entry.to, template: entry.template, params: entry.params },
        { idempotencyKey: id, timeoutMs },
      );
    } catch (error) {
      // An adapter that threw did not say whether the provider took the message.
      result = { ok: false, error: String(error), permanent: false, unknown: true };
    }
    const at = new Date().toISOString();
    if (result.ok) {
      run.sent++;
      await env.DB.prepare(
        `UPDATE sms_outbox SET status = 'sent', sent_at = ?, provider_id = ?, locked_until = NULL, last_error = NULL,
           body_iv = NULL, body_ct = NULL WHERE id = ?`,
      )
        .bind(at, result.providerId, id)
        .run();
      continue;
    }
    run.failed++;
    const status = result.unknown
      ? 'unknown'
      : result.permanent || claimed.attempts >= MAX_SMS_ATTEMPTS
        ? 'failed'
        : 'pending';
    await env.DB.prepare(
      'UPDATE sms_outbox SET status = ?, next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?',
    )
      .bind(status, new Date(now.getTime() + backoffMs(claimed.attempts)).toISOString(), result.error.slice(0, 500), id)
      .run();
  }
  return run;
}

/** Runs the SMS outbox without ever throwing: for waitUntil after a response has gone out. */
export async function processSmsOutboxQuietly(env: Env): Promise<void> {
  try {
    await processSmsOutbox(env);
  } catch (error) {
    console.error('sms outbox run failed', error);
  }
}
