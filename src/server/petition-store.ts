/**
 * Named queries on petitions and attachments. snake_case columns become camelCase here and nowhere
 * else. Public and private fields are kept apart: `PetitionRecord` has no personal data; that is
 * opened separately with `openPersonalData` by code that needs it.
 */
import type { Database, DbStatement, DbResult } from './platform/database';
import { openText, sealText, type Sealed, type SealEnv } from './crypto';

export interface PetitionRecord {
  id: string;
  code: string;
  submissionId: string;
  status: string;
  channel: string;
  kind: string;
  issueArea: string;
  region: string;
  title: string;
  request: string;
  facts: string;
  otherProcedure: string;
  phoneHash: string;
  trackVerifier: string;
  hasEmail: boolean;
  attachmentCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The sealed part of a petition. */
export interface PersonalData {
  name: string;
  phone: string;
  email?: string | undefined;
  address: string;
  idNumber?: string | undefined;
  /**
   * Registered by staff without a mobile number (phone ''): the PIN printed on the slip, the
   * second factor of tracking in place of the phone's last four digits (the re-key needs it).
   */
  pin?: string | undefined;
  /** A group visit's representatives (Art. 20 ¶3). */
  representatives?: { name: string; phone?: string | undefined }[] | undefined;
}

interface PetitionRow {
  id: string;
  code: string;
  submission_id: string;
  status: string;
  channel: string;
  kind: string;
  issue_area: string;
  region: string;
  title: string;
  request: string;
  facts: string;
  other_procedure: string;
  phone_hash: string;
  track_verifier: string;
  has_email: number;
  attachment_count: number;
  created_at: string;
  updated_at: string;
}

const PUBLIC_COLUMNS =
  'id, code, submission_id, status, channel, kind, issue_area, region, title, request, facts, other_procedure, phone_hash, track_verifier, has_email, attachment_count, created_at, updated_at';

function mapPetition(r: PetitionRow): PetitionRecord {
  return {
    id: r.id,
    code: r.code,
    submissionId: r.submission_id,
    status: r.status,
    channel: r.channel,
    kind: r.kind,
    issueArea: r.issue_area,
    region: r.region,
    title: r.title,
    request: r.request,
    facts: r.facts,
    otherProcedure: r.other_procedure,
    phoneHash: r.phone_hash,
    trackVerifier: r.track_verifier,
    hasEmail: r.has_email === 1,
    attachmentCount: r.attachment_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Associated data of a petition's sealed personal data (the re-key uses it too). */
export const piiContext = (petitionId: string) => `petition-pii:${petitionId}`;

export function sealPersonalData(env: SealEnv, petitionId: string, pii: PersonalData): Promise<Sealed> {
  return sealText(env, JSON.stringify(pii), piiContext(petitionId));
}

/** The petitioner's personal data, for staff views and mail; never for the public. */
export async function openPersonalData(env: SealEnv, db: Database, petitionId: string): Promise<PersonalData | null> {
  const row = await db
    .prepare('SELECT pii_iv, pii_ct FROM petitions WHERE id = ?')
    .bind(petitionId)
    .first<{ pii_iv: string; pii_ct: string }>();
  if (!row) return null;
  return JSON.parse(await openText(env, { iv: row.pii_iv, ct: row.pii_ct }, piiContext(petitionId))) as PersonalData;
}

export type NewPetition = Omit<PetitionRecord, 'status' | 'channel' | 'updatedAt'> & {
  pii: Sealed;
  /** src/lib/channels.ts; default online. */
  channel?: string;
  /** Lookup hashes of migration 0015 (lookup-hashes.ts), when the petition gave an ID number / a phone. */
  idHash?: string | null;
  namePhoneHash?: string | null;
  /** SMS notices go to the phone (a number given, no opt-out). */
  hasSms?: boolean;
  receptionId?: string | null;
  responsibleLeader?: string | null;
  /** 'submitted', or 'registered' for a case staff register at intake. */
  status?: string;
  /** Keyed hash of the body the submission id first came with (submit-petition.ts submissionHash). */
  submissionHash?: string | null;
};

export function insertPetitionStatement(db: Database, p: NewPetition): DbStatement {
  return db
    .prepare(
      `INSERT INTO petitions (id, code, submission_id, status, channel, kind, issue_area, region, title, request, facts,
         other_procedure, pii_iv, pii_ct, phone_hash, track_verifier, has_email, attachment_count, created_at, updated_at,
         id_hash, name_phone_hash, has_sms, reception_id, responsible_leader, submission_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      p.id,
      p.code,
      p.submissionId,
      p.status ?? 'submitted',
      p.channel ?? 'online',
      p.kind,
      p.issueArea,
      p.region,
      p.title,
      p.request,
      p.facts,
      p.otherProcedure,
      p.pii.iv,
      p.pii.ct,
      p.phoneHash,
      p.trackVerifier,
      p.hasEmail ? 1 : 0,
      p.attachmentCount,
      p.createdAt,
      p.createdAt,
      p.idHash ?? null,
      p.namePhoneHash ?? null,
      p.hasSms ? 1 : 0,
      p.receptionId ?? null,
      p.responsibleLeader ?? null,
      p.submissionHash ?? null,
    );
}

export function selectPetitionBySubmissionIdStatement(db: Database, submissionId: string): DbStatement {
  return db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM petitions WHERE submission_id = ?`).bind(submissionId);
}

/** The petition selectPetitionBySubmissionIdStatement returned inside a batch, or null. */
export function petitionOf(result: DbResult | undefined): PetitionRecord | null {
  const row = result?.results[0] as PetitionRow | undefined;
  return row ? mapPetition(row) : null;
}

export async function findPetitionByCode(db: Database, code: string): Promise<PetitionRecord | null> {
  const row = await db
    .prepare(`SELECT ${PUBLIC_COLUMNS} FROM petitions WHERE code = ?`)
    .bind(code)
    .first<PetitionRow>();
  return row ? mapPetition(row) : null;
}

/** The keyed hash of the body a submission id was saved with (null: staff intake, older rows). */
export async function submissionHashOf(db: Database, submissionId: string): Promise<string | null> {
  return db
    .prepare('SELECT submission_hash FROM petitions WHERE submission_id = ?')
    .bind(submissionId)
    .first<string>('submission_hash');
}

export async function findPetitionBySubmissionId(db: Database, submissionId: string): Promise<PetitionRecord | null> {
  const row = await selectPetitionBySubmissionIdStatement(db, submissionId).first<PetitionRow>();
  return row ? mapPetition(row) : null;
}

export async function countPetitions(db: Database): Promise<number> {
  return (await db.prepare('SELECT count(*) AS n FROM petitions').first<number>('n')) ?? 0;
}

export interface NewAttachment {
  id: string;
  petitionId: string;
  position: number;
  r2Key: string;
  mime: string;
  size: number;
  sha256: string;
  name: Sealed;
  createdAt: string;
}

export function insertAttachmentStatement(db: Database, a: NewAttachment): DbStatement {
  return db
    .prepare(
      `INSERT INTO attachments (id, petition_id, position, r2_key, mime, size, sha256, name_iv, name_ct, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(a.id, a.petitionId, a.position, a.r2Key, a.mime, a.size, a.sha256, a.name.iv, a.name.ct, a.createdAt);
}

export interface AttachmentRecord {
  id: string;
  petitionId: string;
  position: number;
  r2Key: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export async function listAttachments(db: Database, petitionId: string): Promise<AttachmentRecord[]> {
  const { results } = await db
    .prepare(
      'SELECT id, petition_id, position, r2_key, mime, size, sha256, created_at FROM attachments WHERE petition_id = ? ORDER BY position',
    )
    .bind(petitionId)
    .all<{
      id: string;
      petition_id: string;
      position: number;
      r2_key: string;
      mime: string;
      size: number;
      sha256: string;
      created_at: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    petitionId: r.petition_id,
    position: r.position,
    r2Key: r.r2_key,
    mime: r.mime,
    size: r.size,
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}
