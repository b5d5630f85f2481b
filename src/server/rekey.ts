/**
 * Re-key: moves every sealed value and blob to the current suite and data key, and recomputes the
 * stored keyed hashes with the current hash key (crypto.ts explains rotation). `npm run rekey`
 * runs it against the configured database and blob store.
 *
 * - Bounded: rows are read in pages by primary key and each page is written in one batch.
 * - Idempotent and resumable: a value already sealed with the current scheme is left alone and a
 *   hash that already matches is not written, so a second run reports zeros and a run cut short
 *   is finished by running it again.
 * - Safe next to the running app: every UPDATE names the ciphertext it replaces, so a row changed
 *   meanwhile (retention blanks personal data) is never overwritten with what was read before.
 * - Blobs are rewritten in place under their key. A put is not atomic on every store (the
 *   filesystem one writes bytes and meta separately), so the old object is first copied to
 *   `<key>.rekey-old` and removed once the new one is in place; a run after a crash restores from
 *   that copy when the object no longer opens.
 *
 * Not recomputable, and so not touched: rate-limit keys (the client address is not stored; the
 * counters restart under the new key) and staff session and sign-in hashes (SESSION_KEY).
 */
import { smsBodyContext, smsToContext } from './sms';
import type { Database, DbStatement } from './platform/database';
import type { BlobStore } from './platform/ports';
import {
  blobScheme,
  currentScheme,
  fromBase64,
  isCurrentSeal,
  openRaw,
  openText,
  sealRaw,
  sealText,
  toBase64,
  type HashEnv,
  type SealEnv,
  type Sealed,
} from './crypto';
import { contentContext, nameContext } from './attachments';
import { bodyContext, toContext } from './mail';
import { piiContext, type PersonalData } from './petition-store';
import { idNumberHash, namePhoneHash, petitionPhoneHash, trackVerifier } from './lookup-hashes';

export type RekeyEnv = SealEnv & HashEnv;

export interface RekeyReport {
  /** Sealed column values re-sealed (personal data, attachment names, mail recipients). */
  sealed: number;
  /** Keyed hashes rewritten (phone_hash, track_verifier, id_hash, name_phone_hash). */
  hashes: number;
  /** Attachment blobs re-sealed. */
  blobs: number;
}

export interface RekeyOptions {
  /** Rows per page and batch. Default 100. */
  batchSize?: number;
  /** Progress and warnings (an attachment row whose blob is missing). Default: nothing. */
  log?: (message: string) => void;
}

const BACKUP_SUFFIX = '.rekey-old';

/** Rows of `table` in primary-key order, a page at a time. */
async function* pages<T extends { id: string }>(
  db: Database,
  sql: (after: string) => { text: string; binds: unknown[] },
  size: number,
): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const q = sql(after);
    const { results } = await db
      .prepare(q.text)
      .bind(...q.binds, size)
      .all<T>();
    if (results.length === 0) return;
    yield results;
    after = results.at(-1)!.id;
    if (results.length < size) return;
  }
}

interface PetitionRow {
  id: string;
  code: string;
  pii_iv: string;
  pii_ct: string;
  phone_hash: string;
  track_verifier: string;
  id_hash: string | null;
  name_phone_hash: string | null;
}

async function rekeyPetitions(db: Database, env: RekeyEnv, size: number, report: RekeyReport): Promise<void> {
  const sql = (after: string) => ({
    text: 'SELECT id, code, pii_iv, pii_ct, phone_hash, track_verifier, id_hash, name_phone_hash FROM petitions WHERE id > ? ORDER BY id LIMIT ?',
    binds: [after],
  });
  for await (const rows of pages<PetitionRow>(db, sql, size)) {
    const updates: DbStatement[] = [];
    for (const r of rows) {
      // Anonymised by retention: nothing sealed, and the hash columns hold markers, not hashes.
      if (r.pii_ct === '') continue;
      const old: Sealed = { iv: r.pii_iv, ct: r.pii_ct };
      const json = await openText(env, old, piiContext(r.id));
      const pii = JSON.parse(json) as PersonalData;
      const reseal = !isCurrentSeal(env, old);
      const sealed = reseal ? await sealText(env, json, piiContext(r.id)) : old;
      const phone = await petitionPhoneHash(env, r.id, pii.phone);
      // A case registered without a phone has a printed PIN as its second factor (staff-intake.ts).
      const verifier = await trackVerifier(env, r.code, pii.pin ?? pii.phone.slice(-4));
      // The repeat-petition hashes (repeat-petitions.ts) are recomputed where the row has them; a row
      // without one (a 复查 case, a person without a phone) stays without, as it was written.
      const idHash = r.id_hash !== null && pii.idNumber ? await idNumberHash(env, pii.idNumber) : null;
      const namePhone = r.name_phone_hash !== null && pii.phone ? await namePhoneHash(env, pii.name, pii.phone) : null;
      const changedHashes =
        Number(phone !== r.phone_hash) +
        Number(verifier !== r.track_verifier) +
        Number(idHash !== r.id_hash) +
        Number(namePhone !== r.name_phone_hash);
      if (!reseal && changedHashes === 0) continue;
      updates.push(
        db
          .prepare(
            `UPDATE petitions SET pii_iv = ?, pii_ct = ?, phone_hash = ?, track_verifier = ?, id_hash = ?, name_phone_hash = ?
             WHERE id = ? AND pii_ct = ?`,
          )
          .bind(sealed.iv, sealed.ct, phone, verifier, idHash, namePhone, r.id, r.pii_ct),
      );
      report.sealed += Number(reseal);
      report.hashes += changedHashes;
    }
    await db.batch(updates);
  }
}

/** A table with one sealed column pair, re-sealed as is. */
interface SealedColumn {
  table: string;
  iv: string;
  ct: string;
  context: (id: string) => string;
}

const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'attachments', iv: 'name_iv', ct: 'name_ct', context: nameContext },
  { table: 'mail_outbox', iv: 'to_iv', ct: 'to_ct', context: toContext },
  { table: 'mail_outbox', iv: 'body_iv', ct: 'body_ct', context: bodyContext },
  { table: 'sms_outbox', iv: 'to_iv', ct: 'to_ct', context: smsToContext },
  { table: 'sms_outbox', iv: 'body_iv', ct: 'body_ct', context: smsBodyContext },
];

async function rekeyColumn(
  db: Database,
  env: RekeyEnv,
  c: SealedColumn,
  size: number,
  report: RekeyReport,
): Promise<void> {
  const sql = (after: string) => ({
    text: `SELECT id, ${c.iv} AS iv, ${c.ct} AS ct FROM ${c.table} WHERE id > ? ORDER BY id LIMIT ?`,
    binds: [after],
  });
  for await (const rows of pages<{ id: string; iv: string; ct: string }>(db, sql, size)) {
    const updates: DbStatement[] = [];
    for (const r of rows) {
      if (!r.ct || isCurrentSeal(env, r)) continue;
      const sealed = await sealText(env, await openText(env, r, c.context(r.id)), c.context(r.id));
      updates.push(
        db
          .prepare(`UPDATE ${c.table} SET ${c.iv} = ?, ${c.ct} = ? WHERE id = ? AND ${c.ct} = ?`)
          .bind(sealed.iv, sealed.ct, r.id, r.ct),
      );
      report.sealed++;
    }
    await db.batch(updates);
  }
}

type Blob = { bytes: Uint8Array<ArrayBuffer>; meta: Record<string, string> };

async function openBlob(env: RekeyEnv, key: string, blob: Blob | null): Promise<Uint8Array<ArrayBuffer> | null> {
  const iv = blob?.meta['iv'];
  if (!blob || !iv) return null;
  try {
    return await openRaw(env, fromBase64(iv), blob.bytes, contentContext(key), blobScheme(blob.meta));
  } catch {
    return null;
  }
}

async function rekeyBlobs(
  db: Database,
  blobs: BlobStore,
  env: RekeyEnv,
  size: number,
  report: RekeyReport,
  log: (message: string) => void,
): Promise<void> {
  const current = currentScheme(env);
  const sql = (after: string) => ({
    text: 'SELECT id, r2_key FROM attachments WHERE id > ? ORDER BY id LIMIT ?',
    binds: [after],
  });
  for await (const rows of pages<{ id: string; r2_key: string }>(db, sql, size)) {
    for (const { id, r2_key: key } of rows) {
      const backupKey = key + BACKUP_SUFFIX;
      const blob = await blobs.get(key);
      const backup = await blobs.get(backupKey);
      if (blob && blobScheme(blob.meta) === current && !backup) continue;
      // A backup means an earlier run stopped mid-way: trust the object only if it opens.
      let plain = await openBlob(env, key, blob);
      if (plain && blob && blobScheme(blob.meta) === current) {
        await blobs.delete([backupKey]);
        continue;
      }
      let source = blob;
      if (!plain && backup) {
        plain = await openBlob(env, key, backup);
        source = backup;
      }
      if (!plain || !source) {
        if (!blob && !backup) {
          log(`attachment ${id}: blob ${key} is missing; nothing to re-seal`);
          continue;
        }
        throw new Error(`attachment ${id}: blob ${key} does not open with the configured DATA_KEY(S)`);
      }
      if (source === blob) await blobs.put(backupKey, blob.bytes, blob.meta);
      const { iv, ct, scheme } = await sealRaw(env, plain, contentContext(key));
      await blobs.put(key, ct, { ...source.meta, iv: toBase64(iv), scheme });
      await blobs.delete([backupKey]);
      // Retention may have removed the attachment meanwhile: do not leave its bytes behind.
      const still = await db.prepare('SELECT 1 AS one FROM attachments WHERE id = ?').bind(id).first();
      if (!still) await blobs.delete([key]);
      report.blobs++;
    }
  }
}

/**
 * Re-seals every sealed value and blob to the current suite and key and recomputes every stored
 * keyed hash. Safe to run again at any time; returns what it changed.
 */
export async function rekeyDatabase(
  db: Database,
  blobs: BlobStore,
  env: RekeyEnv,
  options: RekeyOptions = {},
): Promise<RekeyReport> {
  const size = Math.max(1, Math.floor(options.batchSize ?? 100));
  const log = options.log ?? (() => {});
  const report: RekeyReport = { sealed: 0, hashes: 0, blobs: 0 };
  log(`re-keying to ${currentScheme(env)}`);
  await rekeyPetitions(db, env, size, report);
  for (const c of SEALED_COLUMNS) await rekeyColumn(db, env, c, size, report);
  await rekeyBlobs(db, blobs, env, size, report, log);
  log(`re-sealed ${report.sealed} values and ${report.blobs} blobs, rewrote ${report.hashes} hashes`);
  return report;
}

/** How many sealed column values are not yet on the current scheme (for a status line or a test). */
export async function countStale(db: Database, env: SealEnv): Promise<number> {
  const current = currentScheme(env);
  // The legacy format (no prefix, so no '.') is aes256gcm.k1.
  const legacyIsCurrent = current === 'aes256gcm.k1';
  let stale = 0;
  for (const [table, ct] of [
    ['petitions', 'pii_ct'] as const,
    ...SEALED_COLUMNS.map((c) => [c.table, c.ct] as const),
  ]) {
    const n = await db
      .prepare(
        `SELECT count(*) AS n FROM ${table} WHERE ${ct} <> '' AND ${ct} NOT LIKE ?` +
          (legacyIsCurrent ? ` AND ${ct} LIKE '%.%'` : ''),
      )
      .bind(`${current}.%`)
      .first<number>('n');
    stale += Number(n ?? 0);
  }
  return stale;
}
