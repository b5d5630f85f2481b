/**
 * Staff register a petition that came by letter, visit, call or fax (POST /api/staff/cases), as a
 * pipeline: parse (the one schema, src/lib/staff-intake.ts) -> check (the day of receipt, the
 * reception day) -> save (the case, its first two events — received on the day the office got it,
 * and registered — the attachments, the SMS and mail, in one batch) -> answer (code, PIN, the slip,
 * earlier cases that may be the same matter).
 *
 * The case then goes through the same workflow, tracking page, rating and 复查 as an online one:
 * only its channel and the day its Art. 22 clock starts differ (deadlines.ts reads receivedOn).
 */
import { directIntake } from '../lib/settings';
import { addCalendarDays, shanghaiDate } from '../lib/deadlines';
import {
  INTAKE_MESSAGES,
  intakeFieldErrors,
  PIN_LENGTH,
  StaffIntakeSchema,
  type IntakeResult,
  type StaffIntake,
} from '../lib/staff-intake';
import { formatCode, generateCode } from '../lib/tracking-code';
import { discardAttachments, storeAttachments, type UploadedFile } from './attachments';
import type { AuthEnv, Session } from './auth';
import { chainHashOf } from './chain-hash';
import { CaseError } from './errors';
import { idNumberHash, namePhoneHash, petitionPhoneHash, trackVerifier } from './lookup-hashes';
import { canReceiveSms, normalisePhone } from '../lib/phone-number';
import { insertOutboxStatement, renderReceiptMail, type MailMessage } from './mail';
import { prepareEvent } from './petition-events';
import {
  findPetitionBySubmissionId,
  insertAttachmentStatement,
  insertPetitionStatement,
  openPersonalData,
  sealPersonalData,
  type NewAttachment,
  type PetitionRecord,
} from './petition-store';
import { isDbError, type DbStatement } from './platform/database';
import { leaderLabel, loadReceptions } from './receptions';
import { receiptFacts, receiptTag } from './receipt-info';
import { findRepeats } from './repeat-petitions';
import { codeParams, insertSmsStatement } from './sms';

export const INTAKE_INVALID = '登记信息有误，请按提示修改后再保存';

/** Four random digits, never all the same (a PIN someone could guess first). */
export function makePin(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint32Array(1));
    const pin = String(bytes[0]! % 10 ** PIN_LENGTH).padStart(PIN_LENGTH, '0');
    if (!/^(\d)\1+$/.test(pin)) return pin;
  }
}

export const slipPath = (id: string) => `/staff/case/slip/?id=${encodeURIComponent(id)}`;

/** Noon in Asia/Shanghai of a day: the instant a matter "was received" when only its day is known. */
export const receivedInstant = (day: string) => `${day}T04:00:00.000Z`;

export async function registerIntake(
  env: AuthEnv,
  session: Session,
  raw: unknown,
  files: { files: UploadedFile[] } | { error: string },
  now: Date,
  origin: string,
): Promise<IntakeResult> {
  // parse
  const parsed = StaffIntakeSchema.safeParse(raw ?? {});
  const errors: Record<string, string> = parsed.success ? {} : intakeFieldErrors(parsed.error);
  if ('error' in files) errors['attachments'] = files.error;
  if (!parsed.success || Object.keys(errors).length > 0) throw new CaseError(400, INTAKE_INVALID, errors);
  const input = parsed.data;

  // check
  const today = shanghaiDate(now);
  if (input.receivedOn > today)
    throw new CaseError(400, INTAKE_INVALID, { receivedOn: INTAKE_MESSAGES.receivedFuture });
  if (input.receivedOn < addCalendarDays(today, -366))
    throw new CaseError(400, INTAKE_INVALID, { receivedOn: INTAKE_MESSAGES.receivedOld });
  let reception: { id: string; leader: string } | null = null;
  if (input.receptionId) {
    const found = (await loadReceptions(env)).find((r) => r.id === input.receptionId);
    if (!found) throw new CaseError(400, INTAKE_INVALID, { receptionId: INTAKE_MESSAGES.receptionUnknown });
    if (found.date !== input.receivedOn)
      throw new CaseError(400, INTAKE_INVALID, { receptionId: INTAKE_MESSAGES.receptionDay });
    reception = { id: found.id, leader: leaderLabel(found) };
  }
  const earlier = await findPetitionBySubmissionId(env.DB, input.submissionId);
  if (earlier) return answer(env, earlier, true);

  // save
  const uploads = 'files' in files ? files.files : [];
  return save(env, session, input, uploads, reception, now, origin);
}

async function save(
  env: AuthEnv,
  session: Session,
  input: StaffIntake,
  uploads: readonly UploadedFile[],
  reception: { id: string; leader: string } | null,
  now: Date,
  origin: string,
): Promise<IntakeResult> {
  const nowIso = now.toISOString();
  const id = crypto.randomUUID();
  const phone = input.phone ?? '';
  const pin = phone ? undefined : makePin();
  const pii = await sealPersonalData(env, id, {
    name: input.name,
    phone,
    email: input.email,
    address: input.address,
    idNumber: input.idNumber,
    pin,
    representatives: input.representatives.length > 0 ? input.representatives : undefined,
  });
  const attachments: NewAttachment[] = await storeAttachments(env, id, uploads, nowIso);
  // A landline gets no text message (issue 11, finding 9), whatever the opt-out box says.
  const sms = Boolean(phone) && canReceiveSms(normalisePhone(phone)) && !input.smsOptOut;
  const hashes = {
    phoneHash: await petitionPhoneHash(env, id, phone),
    idHash: input.idNumber ? await idNumberHash(env, input.idNumber) : null,
    namePhoneHash: phone ? await namePhoneHash(env, input.name, phone) : null,
  };
  const algorithm = await chainHashOf(env.DB, env.CRYPTO_SUITE);

  for (let attempt = 0; attempt < 3; attempt++) {
    const code = generateCode();
    const record: PetitionRecord = {
      id,
      code,
      submissionId: input.submissionId,
      status: 'registered',
      channel: input.channel,
      kind: input.kind,
      issueArea: input.issueArea,
      region: input.region,
      title: input.title,
      request: input.request,
      facts: input.facts,
      otherProcedure: input.otherProcedure,
      phoneHash: hashes.phoneHash,
      trackVerifier: await trackVerifier(env, code, pin ?? phone.slice(-4)),
      hasEmail: input.email !== undefined,
      attachmentCount: attachments.length,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    // Received on the day the office got it (the Art. 22 clock: deadlines.ts), registered now.
    const received = await prepareEvent(
      env.DB,
      [],
      {
        petitionId: id,
        type: 'submitted',
        isPublic: true,
        at: nowIso,
        actor: session.staff.id,
        data: {
          ...directIntake(),
          channel: input.channel,
          receivedOn: input.receivedOn,
          kind: input.kind,
          attachments: attachments.length,
          ...(input.oralConfirmed ? { oralRecordConfirmed: true } : {}),
          ...(input.groupSize && input.groupSize > 1 ? { groupSize: input.groupSize } : {}),
          ...(input.representatives.length > 0 ? { representatives: input.representatives.length } : {}),
          ...(reception ? { receptionId: reception.id, leader: reception.leader } : {}),
          ...(pin ? { secondFactor: 'pin' } : {}),
        },
      },
      { stage: 'original', kind: input.kind, status: 'submitted' },
      algorithm,
    );
    const registered = await prepareEvent(
      env.DB,
      [received.event],
      { petitionId: id, type: 'register', isPublic: true, at: nowIso, actor: session.staff.id, data: {} },
      { stage: 'original', kind: input.kind, status: 'registered' },
      algorithm,
    );
    const statements: DbStatement[] = [
      insertPetitionStatement(env.DB, {
        ...record,
        pii,
        channel: input.channel,
        status: 'registered',
        idHash: hashes.idHash,
        namePhoneHash: hashes.namePhoneHash,
        hasSms: sms,
        receptionId: reception?.id ?? null,
        responsibleLeader: reception?.leader ?? null,
      }),
      ...received.statements,
      ...registered.statements,
      ...attachments.map((a) => insertAttachmentStatement(env.DB, a)),
    ];
    if (sms)
      statements.push(
        await insertSmsStatement(
          env,
          env.DB,
          { id: crypto.randomUUID(), petitionId: id, to: phone, template: 'code', params: codeParams(code) },
          nowIso,
        ),
      );
    if (input.email) {
      const facts = receiptFacts(
        { ...record, createdAt: receivedInstant(input.receivedOn) },
        origin,
        await receiptTag(env, code),
      );
      const mail: MailMessage = {
        id: crypto.randomUUID(),
        petitionId: id,
        kind: 'receipt',
        to: input.email,
        ...renderReceiptMail(facts),
      };
      statements.push(await insertOutboxStatement(env, env.DB, mail, nowIso));
    }
    try {
      await env.DB.batch(statements);
      return await answer(env, record, false, pin ?? null);
    } catch (error) {
      if (isDbError(error, 'unique') && /submission_id/.test(error.constraint ?? '')) {
        await discardAttachments(env, attachments);
        const again = await findPetitionBySubmissionId(env.DB, input.submissionId);
        if (again) return answer(env, again, true);
      }
      if (!(isDbError(error, 'unique') && /petitions\.code|petitions_code/.test(error.constraint ?? ''))) {
        await discardAttachments(env, attachments);
        throw new Error('saving the registered petition failed', { cause: error });
      }
    }
  }
  await discardAttachments(env, attachments);
  throw new Error('could not find a free tracking code in 3 attempts');
}

async function answer(env: AuthEnv, p: PetitionRecord, existing: boolean, pin?: string | null): Promise<IntakeResult> {
  const pii = pin === undefined ? await openPersonalData(env, env.DB, p.id) : null;
  const row = await env.DB.prepare('SELECT id_hash, name_phone_hash, region FROM petitions WHERE id = ?')
    .bind(p.id)
    .first<{ id_hash: string | null; name_phone_hash: string | null; region: string }>();
  const repeats = await findRepeats(env.DB, {
    id: p.id,
    idHash: row?.id_hash ?? null,
    namePhoneHash: row?.name_phone_hash ?? null,
    region: p.region,
    title: p.title,
    facts: p.facts,
    createdAt: p.createdAt,
  });
  return {
    id: p.id,
    code: p.code,
    codeFormatted: formatCode(p.code),
    pin: pin ?? pii?.pin ?? null,
    slipUrl: slipPath(p.id),
    existing,
    repeats,
  };
}
