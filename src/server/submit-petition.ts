/**
 * Submitting a petition, as a pipeline of named steps:
 * parse -> check -> save (count, limit and write in one D1 batch) -> respond; mail goes out afterwards.
 * A retry (same submission id) or a client over its limit fails the batch and is told apart after.
 * Route files only turn requests into `SubmitRequest` and outcomes into responses.
 */
import { isDbError } from './platform/database';
import { fieldErrors, PetitionInputSchema, type PetitionInput } from '../lib/petition-schema';
import { generateCode } from '../lib/tracking-code';
import { directIntake, settings } from '../lib/settings';
import { checkStartedAt, START_MESSAGES } from './abuse';
import { CAPTCHA_MESSAGES, checkCaptcha, consumeStatements, isReplayedSolution, type UsedChallenge } from './captcha';
import { discardAttachments, storeAttachments, type UploadedFile } from './attachments';
import { idNumberHash, namePhoneHash, phoneHash, trackVerifier } from './lookup-hashes';
import { coerceBoolean } from '../lib/petition-schema';
import { codeParams, insertSmsStatement } from './sms';
import { canReceiveSms } from '../lib/phone-number';
import type { Env } from './env';
import { insertOutboxStatement, renderReceiptMail, renderStaffMail, type MailMessage } from './mail';
import { canonicalJson, prepareEvent } from './petition-events';
import { keyedHashes, matchesAny } from './crypto';
import { chainHashOf } from './chain-hash';
import {
  findPetitionBySubmissionId,
  submissionHashOf,
  insertAttachmentStatement,
  insertPetitionStatement,
  petitionOf,
  sealPersonalData,
  selectPetitionBySubmissionIdStatement,
  type NewAttachment,
  type PetitionRecord,
} from './petition-store';
import { countOf, hitRateLimit, prepareRateLimit, RATE_LIMIT_MESSAGES, type PreparedHit } from './rate-limit';
import { receiptFacts, receiptPath, receiptTag } from './receipt-info';

export interface SubmitRequest {
  /** The body as a plain object (JSON, or a form post turned into one). */
  raw: unknown;
  /** Checked attachments, or the message for the attachments field. */
  attachments: { files: UploadedFile[] } | { error: string };
  /** True for a form post; there an empty submissionId is made on the server (no-JS forms). */
  fromForm: boolean;
  ip: string;
  /** Origin of the request, for absolute links in the receipt and mail. */
  origin: string;
}

export type SubmitOutcome =
  | { kind: 'created' | 'existing'; code: string; receiptUrl: string; petitionId: string }
  /** The submission id was saved with another body (issue 12, finding 9). */
  | { kind: 'reused'; message: string }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'rate-limited'; retryAfter: number; message: string };

// Derived in lookup-hashes.ts; re-exported where track.ts and staff-citizen.ts have always found them.
export { phoneHash, trackVerifier, trackVerifiers } from './lookup-hashes';

export const REUSED_SUBMISSION_MESSAGE =
  '这份表单已经提交过，而这次的内容与当时不同，没有保存。如需反映新的或补充的内容，请重新打开“网上信访”页面另填一份；查看已提交的事项，请用回执上的查询码';

/**
 * What binds a submission id to its body: a keyed hash (HASH_KEY: the fields hold personal data)
 * of the petition as parsed, the SMS choice and each attachment's name, type and SHA-256. The
 * browser's own fields (id, start time, bot check, honeypot) are left out, so a retry of the same
 * petition matches whatever the retry's start time or solution.
 */
async function submissionHashes(
  env: Env,
  input: PetitionInput,
  smsOptOut: boolean,
  files: readonly UploadedFile[],
): Promise<string[]> {
  const fields: Record<string, unknown> = { ...input };
  for (const key of ['submissionId', 'startedAt', 'altcha', 'website'] as const) delete fields[key];
  const attachments = await Promise.all(
    files.map(async (f) => ({
      name: f.name,
      mime: f.mime,
      sha256: [...new Uint8Array(await crypto.subtle.digest('SHA-256', f.bytes))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(''),
    })),
  );
  return keyedHashes(env, 'submission', canonicalJson({ fields, smsOptOut, attachments }));
}

function rateLimited(retryAfter: number): SubmitOutcome {
  return { kind: 'rate-limited', retryAfter, message: RATE_LIMIT_MESSAGES.submit(retryAfter) };
}

function rawObject(raw: unknown): Record<string, unknown> | null {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
}

export async function submitPetition(env: Env, req: SubmitRequest, now: Date = new Date()): Promise<SubmitOutcome> {
  const refuse = async (outcome: SubmitOutcome): Promise<SubmitOutcome> => {
    // Refused submissions count against the limit too: a script must not probe for free.
    const rate = await hitRateLimit(env, 'submit', req.ip, now.getTime());
    return rate.ok ? outcome : rateLimited(rate.retryAfter);
  };

  // parse
  let body = rawObject(req.raw);
  // A plain form post that no script touched and no server filled has no id: make it here. Its
  // start time stays missing and is refused below, with the page sent back holding a fresh one.
  let startGiven = true;
  if (body) {
    body = { ...body };
    if (req.fromForm && !body['submissionId']) body['submissionId'] = crypto.randomUUID();
    const v = body['startedAt'];
    // Told apart before the schema, so that a missing start time is one clear message for the form.
    if (v === undefined || v === null || v === '') {
      startGiven = false;
      body['startedAt'] = now.getTime();
    }
  }
  const parsed = PetitionInputSchema.safeParse(body ?? req.raw);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  if ('error' in req.attachments) errors['attachments'] = req.attachments.error;

  // check
  if (!parsed.success || Object.keys(errors).length > 0) return refuse({ kind: 'invalid', errors });
  const input = parsed.data;
  const start = checkStartedAt(startGiven ? input.startedAt : undefined, now.getTime());
  if (start !== 'ok') return refuse({ kind: 'invalid', errors: { form: START_MESSAGES[start] } });
  const bot = await checkCaptcha(env, body, req.ip);
  if (bot.kind === 'failed') return refuse({ kind: 'invalid', errors: { [bot.field]: bot.message } });
  if (bot.kind === 'absent') {
    // A script-run client (JSON) can always solve the check; a plain form post may come from a
    // browser without script, and is let through within a stricter limit (docs/adr/0005).
    if (!req.fromForm) return refuse({ kind: 'invalid', errors: { altcha: CAPTCHA_MESSAGES.missing } });
    const perAddress = await hitRateLimit(env, 'submitUnverified', req.ip, now.getTime());
    const site = perAddress.ok ? await hitRateLimit(env, 'submitUnverifiedSite', 'site', now.getTime()) : perAddress;
    const over = !perAddress.ok ? perAddress : !site.ok ? site : null;
    if (over) {
      const message = CAPTCHA_MESSAGES.unverifiedLimit(over.retryAfter);
      return { kind: 'rate-limited', retryAfter: over.retryAfter, message };
    }
  }
  const used = bot.kind === 'passed' ? bot.consume : undefined;

  const files = 'files' in req.attachments ? req.attachments.files : [];
  // SMS for the code and each public change unless the person said no (issue 13); the form's
  // checkbox posts smsOptOut, which the petition schema leaves to this step.
  const smsOptOut = coerceBoolean(body?.['smsOptOut']) === true;
  const hashes = await submissionHashes(env, input, smsOptOut, files);
  const hit = await prepareRateLimit(env, 'submit', req.ip, now.getTime());
  if (files.length > 0) {
    // Attachments are stored in R2 before the petition's batch: a retry or a client over its limit
    // is answered first, so that it does not write files only to have them discarded.
    const [counted, earlier] = await env.DB.batch([
      hit.read,
      selectPetitionBySubmissionIdStatement(env.DB, input.submissionId),
    ]);
    const existing = petitionOf(earlier);
    if (existing) return found(env, existing, hashes);
    const rate = hit.decideBefore(countOf(counted));
    if (!rate.ok) return rateLimited(rate.retryAfter);
  }

  // save: count, check the limit and save in one write batch, one round trip to D1. A retry (the
  // same submission id) or a client over its limit makes the batch fail as a whole; only then is
  // there a second query, to tell which and answer.
  const saved = await savePetition(env, input, files, req.origin, now, hit, used, hashes, smsOptOut);
  return saved.kind === 'invalid' ? refuse(saved) : saved;
}

/**
 * The answer to a submission id already saved: its code for a retry of the same body; refused for
 * another body, which would otherwise be handed the first person's code and receipt while its
 * own content is silently dropped. A row saved without a hash (staff intake, rows from before
 * migration 0016) answers as before.
 */
async function found(env: Env, p: PetitionRecord, hashes: readonly string[]): Promise<SubmitOutcome> {
  const stored = await submissionHashOf(env.DB, p.submissionId);
  if (stored !== null && !matchesAny(hashes, stored)) return { kind: 'reused', message: REUSED_SUBMISSION_MESSAGE };
  return { kind: 'existing', code: p.code, receiptUrl: await receiptPath(env, p.code), petitionId: p.id };
}

async function savePetition(
  env: Env,
  input: PetitionInput,
  files: readonly UploadedFile[],
  origin: string,
  now: Date,
  hit: PreparedHit,
  used: UsedChallenge | undefined,
  hashes: readonly string[],
  smsOptOut = false,
): Promise<SubmitOutcome> {
  const nowIso = now.toISOString();
  const id = crypto.randomUUID();
  const pii = await sealPersonalData(env, id, {
    name: input.name,
    phone: input.phone,
    email: input.email,
    address: input.address,
    idNumber: input.idNumber,
  });
  const phoneHashed = await phoneHash(env, input.phone);
  const attachments: NewAttachment[] = await storeAttachments(env, id, files, nowIso);

  // A fresh code collides with an existing one with probability ~n/2^54; try again if it ever does.
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = generateCode();
    const record: PetitionRecord = {
      id,
      code,
      submissionId: input.submissionId,
      status: 'submitted',
      channel: 'online',
      kind: input.kind,
      issueArea: input.issueArea,
      region: input.region,
      title: input.title,
      request: input.request,
      facts: input.facts,
      otherProcedure: input.otherProcedure,
      phoneHash: phoneHashed,
      trackVerifier: await trackVerifier(env, code, input.phone.slice(-4)),
      hasEmail: input.email !== undefined,
      attachmentCount: attachments.length,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    // The case's first event; with it the stored next due date (none until registration).
    const submitted = await prepareEvent(
      env.DB,
      [],
      {
        petitionId: id,
        type: 'submitted',
        isPublic: true,
        at: nowIso,
        actor: 'citizen',
        data: { ...directIntake(), channel: 'online', kind: input.kind, attachments: attachments.length },
      },
      { stage: 'original', kind: input.kind, status: 'submitted' },
      // A new database's first event records its chain hash: with the suite, so SM3 under 'sm'.
      await chainHashOf(env.DB, env.CRYPTO_SUITE),
    );
    const facts = receiptFacts(record, origin, await receiptTag(env, code));
    const mails: MailMessage[] = [];
    if (input.email)
      mails.push({
        id: crypto.randomUUID(),
        petitionId: id,
        kind: 'receipt',
        to: input.email,
        ...renderReceiptMail(facts),
      });
    for (const to of settings.mail.staffNotify) {
      mails.push({
        id: crypto.randomUUID(),
        petitionId: id,
        kind: 'staff-notify',
        to,
        ...renderStaffMail(facts, record, origin),
      });
    }
    const statements = [
      hit.record,
      hit.guard,
      insertPetitionStatement(env.DB, {
        ...record,
        pii,
        idHash: input.idNumber ? await idNumberHash(env, input.idNumber) : null,
        namePhoneHash: await namePhoneHash(env, input.name, input.phone),
        // A landline takes no text message; its notices come by the tracking page and mail.
        hasSms: !smsOptOut && canReceiveSms(input.phone),
        submissionHash: hashes[0] ?? null,
      }),
      ...(smsOptOut || !canReceiveSms(input.phone)
        ? []
        : [
            await insertSmsStatement(
              env,
              env.DB,
              { id: crypto.randomUUID(), petitionId: id, to: input.phone, template: 'code', params: codeParams(code) },
              nowIso,
            ),
          ]),
      ...submitted.statements,
      ...consumeStatements(env.DB, used),
      ...attachments.map((a) => insertAttachmentStatement(env.DB, a)),
      ...(await Promise.all(mails.map((m) => insertOutboxStatement(env, env.DB, m, nowIso)))),
    ];
    try {
      await env.DB.batch(statements);
      return { kind: 'created', code, receiptUrl: await receiptPath(env, code), petitionId: id };
    } catch (error) {
      if (isReplayedSolution(error)) {
        // The solution filed another petition already, unless that was this very submission.
        await discardAttachments(env, attachments);
        const earlier = await findPetitionBySubmissionId(env.DB, input.submissionId);
        if (earlier) return found(env, earlier, hashes);
        return { kind: 'invalid', errors: { altcha: CAPTCHA_MESSAGES.used } };
      }
      const overLimit = isDbError(error, 'over-limit');
      const sameSubmission = isDbError(error, 'unique') && /submission_id/.test(error.constraint ?? '');
      if (overLimit || sameSubmission) {
        // A retry, or a race with the same submission: the earlier request saved it; answer with its
        // code (even when the client has since reached its limit).
        await discardAttachments(env, attachments);
        const earlier = await findPetitionBySubmissionId(env.DB, input.submissionId);
        if (earlier) return found(env, earlier, hashes);
        if (overLimit) return rateLimited(hit.refused().retryAfter);
      }
      if (!(isDbError(error, 'unique') && /petitions\.code|petitions_code/.test(error.constraint ?? ''))) {
        await discardAttachments(env, attachments);
        throw new Error('saving the petition failed', { cause: error });
      }
    }
  }
  await discardAttachments(env, attachments);
  throw new Error('could not find a free tracking code in 3 attempts');
}
