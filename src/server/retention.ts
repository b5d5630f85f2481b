/**
 * Retention (settings.retentionYears, the period the form and the privacy page promise the
 * citizen): closed cases whose last change is older than the period lose their personal data. `npm run retention` runs it on the configured database.
 *
 * Kept, so statistics survive: kind, issue area, region, status, channel, stage, dates, the rating
 * itself and the audit chain (whose data never holds personal data).
 * Removed: the sealed personal data; the phone hash and tracking verifier (no lookup, no linking);
 * the free text (title, request, facts and the rating's comment may name people); attachments
 * (rows and blobs); the mail outbox rows (they hold names and addresses).
 *
 * The outbox on its own clock (settings.outboxRetentionDays, removeOldOutboxRows): a mail or SMS row
 * queued longer ago than that is removed whatever its case — sent or given up (failed, or an SMS
 * whose fate is unknown), or still pending but not tried for a whole period (no sender is running
 * for it; a notice that old helps no one). Bodies are already dropped once sent; the rows still hold
 * the sealed address and the delivery record, which the office does not need for months.
 *
 * Runtime-neutral (the database port and the blob store): the same code runs on SQLite, PostgreSQL
 * and D1. Each page of cases is one atomic batch; the batch checks the case again, so a case that
 * was reopened or already anonymised meanwhile is left alone.
 */
import type { Database } from './platform/database';
import type { BlobStore } from './platform/ports';
import { TERMINAL_STATES } from '../lib/inbox';

export const ANONYMISED_TEXT = '（已按保存期限匿名化）';

export interface RetentionOptions {
  /** Retention period in whole years (settings.retentionYears). */
  years: number;
  /** Days outbox rows are kept (settings.outboxRetentionDays). Default 90. */
  outboxDays?: number;
  /** The moment the period is counted back from. Default: now. */
  now?: Date;
  /** Count only; change nothing. */
  dryRun?: boolean;
  /** Cases per batch. Default 50 (D1 binds at most 100 values per statement). */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface RetentionReport {
  /** Cases closed before this moment are due. */
  cutoff: string;
  /** Cases found due. */
  due: number;
  /** Cases anonymised by this run (0 on a dry run). */
  anonymised: number;
  /** Attachment blobs deleted. */
  blobs: number;
  /** Outbox rows queued before this moment are due. */
  outboxCutoff: string;
  /** Mail and SMS outbox rows found due (dry run) or removed. */
  outboxRows: number;
}

/** The last moment a closed case may have changed and still be kept: `years` before `now`. */
export function retentionCutoff(years: number, now: Date): Date {
  if (!Number.isInteger(years) || years < 1) throw new RangeError('years must be a whole number of at least 1');
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

const closedList = TERMINAL_STATES.map(() => '?').join(', ');

export async function applyRetention(
  db: Database,
  blobs: BlobStore,
  options: RetentionOptions,
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const cutoff = retentionCutoff(options.years, now).toISOString();
  const size = Math.max(1, Math.min(options.batchSize ?? 50, 50));
  const stamp = now.toISOString();
  const dueWhere = `anonymised_at IS NULL AND status IN (${closedList}) AND updated_at < ?`;
  const outboxCutoff = new Date(now.getTime() - (options.outboxDays ?? 90) * 86_400_000).toISOString();
  const report: RetentionReport = { cutoff, due: 0, anonymised: 0, blobs: 0, outboxCutoff, outboxRows: 0 };

  if (options.dryRun) {
    const n = await db
      .prepare(`SELECT count(*) AS n FROM petitions WHERE ${dueWhere}`)
      .bind(...TERMINAL_STATES, cutoff)
      .first<number>('n');
    report.due = Number(n ?? 0);
    report.outboxRows = await countOldOutboxRows(db, outboxCutoff);
    return report;
  }
  report.outboxRows = await removeOldOutboxRows(db, outboxCutoff);

  let after = '';
  for (;;) {
    const { results } = await db
      .prepare(`SELECT id FROM petitions WHERE id > ? AND ${dueWhere} ORDER BY id LIMIT ?`)
      .bind(after, ...TERMINAL_STATES, cutoff, size)
      .all<{ id: string }>();
    if (results.length === 0) break;
    after = results.at(-1)!.id;
    report.due += results.length;
    const ids = results.map((r) => r.id);
    const inIds = ids.map(() => '?').join(', ');
    const { results: files } = await db
      .prepare(`SELECT petition_id, r2_key FROM attachments WHERE petition_id IN (${inIds})`)
      .bind(...ids)
      .all<{ petition_id: string; r2_key: string }>();
    // The cases this batch anonymises: those still due when it runs, marked with this run's stamp.
    const mine = `SELECT id FROM petitions WHERE id IN (${inIds}) AND anonymised_at = ?`;
    const [updated] = await db.batch([
      db
        .prepare(
          `UPDATE petitions SET pii_iv = '', pii_ct = '', phone_hash = 'anonymised:' || id,
             id_hash = NULL, name_phone_hash = NULL, has_sms = 0,
             track_verifier = 'anonymised:' || id, has_email = 0, title = ?, request = ?, facts = ?,
             attachment_count = 0, anonymised_at = ?
           WHERE id IN (${inIds}) AND ${dueWhere}`,
        )
        .bind(ANONYMISED_TEXT, ANONYMISED_TEXT, ANONYMISED_TEXT, stamp, ...ids, ...TERMINAL_STATES, cutoff),
      db.prepare(`UPDATE ratings SET comment = NULL WHERE petition_id IN (${mine})`).bind(...ids, stamp),
      db.prepare(`DELETE FROM attachments WHERE petition_id IN (${mine})`).bind(...ids, stamp),
      db.prepare(`DELETE FROM mail_outbox WHERE petition_id IN (${mine})`).bind(...ids, stamp),
      db.prepare(`DELETE FROM sms_outbox WHERE petition_id IN (${mine})`).bind(...ids, stamp),
    ]);
    report.anonymised += updated?.meta.changes ?? 0;
    if (files.length > 0) {
      const { results: done } = await db
        .prepare(mine)
        .bind(...ids, stamp)
        .all<{ id: string }>();
      const gone = new Set(done.map((r) => r.id));
      const keys = files.filter((f) => gone.has(f.petition_id)).map((f) => f.r2_key);
      // After the commit: a failed delete leaves unreadable bytes (no row names them), never a row without its blob.
      try {
        await blobs.delete(keys);
        report.blobs += keys.length;
      } catch (error) {
        options.log?.(
          `could not delete ${keys.length} attachment blob(s): ${String(error)}; their rows are gone, delete ${keys.join(', ')} by hand`,
        );
      }
    }
    if (results.length < size) break;
  }
  return report;
}

// Both outboxes share these columns; an SMS 'unknown' (the provider never said) is given up too.
const OLD_OUTBOX_WHERE = `created_at < ? AND (status <> 'pending' OR next_attempt_at < ?)`;

async function countOldOutboxRows(db: Database, cutoff: string): Promise<number> {
  const [mail, sms] = await db.batch([
    db.prepare(`SELECT count(*) AS n FROM mail_outbox WHERE ${OLD_OUTBOX_WHERE}`).bind(cutoff, cutoff),
    db.prepare(`SELECT count(*) AS n FROM sms_outbox WHERE ${OLD_OUTBOX_WHERE}`).bind(cutoff, cutoff),
  ]);
  const n = (r: typeof mail) => Number((r?.results[0] as { n?: number } | undefined)?.n ?? 0);
  return n(mail) + n(sms);
}

/** Removes the outbox rows queued before `cutoff` that are done with (see the module's note). */
export async function removeOldOutboxRows(db: Database, cutoff: string): Promise<number> {
  const [mail, sms] = await db.batch([
    db.prepare(`DELETE FROM mail_outbox WHERE ${OLD_OUTBOX_WHERE}`).bind(cutoff, cutoff),
    db.prepare(`DELETE FROM sms_outbox WHERE ${OLD_OUTBOX_WHERE}`).bind(cutoff, cutoff),
  ]);
  return (mail?.meta.changes ?? 0) + (sms?.meta.changes ?? 0);
}
