/**
 * The steps of case handling a citizen takes from the tracking page, proven by the tracking code
 * and the last four digits of the phone (as for tracking itself):
 * - rate the reply once (满意 / 基本满意 / 不满意), only after a written reply (Art. 21 ¶2);
 * - request 复查 within 30 days of the written reply (Art. 35), or 复核 within 30 days of the 复查
 *   reply (Art. 36). The request becomes a linked case with its own 30-day clock.
 */
import { isDbError, type DbStatement } from './platform/database';
import { z } from 'zod';
import { computeDeadlines, openReviewWindow, periodEnd, shanghaiDate } from '../lib/deadlines';
import { fieldErrors } from '../lib/field-errors';
import { formatCode, generateCode } from '../lib/tracking-code';
import {
  CaseStageSchema,
  CaseStateSchema,
  RATINGS,
  STAGE_LABELS,
  findTransition,
  nextReviewStage,
  type CaseStage,
} from '../lib/workflow';
import type { Env } from './env';
import { petitionPhoneHash } from './lookup-hashes';
import { insertOutboxStatement } from './mail';
import { listEvents, prepareEvent } from './petition-events';
import {
  findPetitionByCode,
  insertPetitionStatement,
  openPersonalData,
  sealPersonalData,
  type PetitionRecord,
} from './petition-store';
import { RATE_LIMIT_MESSAGES } from './rate-limit';
import { receiptPath, receiptTag, trackUrl } from './receipt-info';
import { codeParams, hasSms, insertSmsStatement } from './sms';
import { renderStatusMail } from './staff-mail';
import { trackVerifier } from './submit-petition';
import { describeEvent } from './timeline';
import { digitsMatch, takeGuess, TRACK_MISS_MESSAGE, TrackInputSchema } from './track';

export type CitizenOutcome<T> =
  | { kind: 'ok'; result: T }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'miss'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'rate-limited'; retryAfter: number; message: string };

export const CITIZEN_MESSAGES = {
  rateBeforeReply: '收到书面处理意见后才能评价。办理进度可在本页查看',
  ratedAlready: '您已经评价过了，每个事项只能评价一次。谢谢您的反馈',
  reviewNotReplied: '只有收到书面处理意见（或复查意见）后，才能请求复查（或复核）',
  reviewFinal:
    '复核意见是最终意见。对复核意见不服、仍以同一事实和理由提出的，不再受理（《信访工作条例》第三十六条第三款）',
  reviewTooLate: (stage: string, due: string) =>
    `请求${stage}的期限是收到书面答复之日起 30 日，已于 ${due} 届满，网上不能再提出请求。如有疑问，请拨打信访电话咨询`,
  reviewDone: '您已经请求过了，请用新的查询码查看办理进度',
} as const;

async function verifyCitizen(
  env: Env,
  raw: unknown,
  ip: string,
  now: Date,
): Promise<
  { kind: 'ok'; petition: PetitionRecord; phoneLast4: string } | Exclude<CitizenOutcome<never>, { kind: 'ok' }>
> {
  const parsed = TrackInputSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
  const { code, phoneLast4, t } = parsed.data;
  // As tracking: only misses count, against the client and the code (its tagged budget when the
  // receipt tag came along), taken atomically (track.ts).
  const guess = await takeGuess(env, code, ip, now.getTime(), t);
  if (!guess.ok)
    return { kind: 'rate-limited', retryAfter: guess.retryAfter, message: RATE_LIMIT_MESSAGES.track(guess.retryAfter) };
  const petition = await findPetitionByCode(env.DB, code);
  const match = await digitsMatch(env, code, phoneLast4, petition?.trackVerifier);
  if (!petition || !match) {
    await guess.miss();
    return { kind: 'miss', message: TRACK_MISS_MESSAGE };
  }
  await guess.hit();
  return { kind: 'ok', petition, phoneLast4 };
}

// ---------------------------------------------------------------- rating

export const RateInputSchema = z.object({
  rating: z.enum(RATINGS, { error: '请选择满意、基本满意或不满意' }),
  comment: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(500, '意见不能超过 500 字').optional(),
  ),
});

export async function rateReply(
  env: Env,
  raw: unknown,
  ip: string,
  now: Date,
): Promise<CitizenOutcome<{ rating: string }>> {
  const who = await verifyCitizen(env, raw, ip, now);
  if (who.kind !== 'ok') return who;
  const parsed = RateInputSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
  const rating = parsed.data;
  return withSequenceRetry(() => saveRating(env, who.petition, rating, now));
}

async function saveRating(
  env: Env,
  petition: PetitionRecord,
  rating: z.infer<typeof RateInputSchema>,
  now: Date,
): Promise<CitizenOutcome<{ rating: string }>> {
  // Read afresh on every attempt: a staff action that won the race may have changed the case.
  const fresh = (await findPetitionByCode(env.DB, petition.code)) ?? petition;
  const events = await listEvents(env.DB, petition.id);
  if (!events.some((e) => e.type === 'reply')) return { kind: 'conflict', message: CITIZEN_MESSAGES.rateBeforeReply };
  const nowIso = now.toISOString();
  const row = await env.DB.prepare('SELECT stage FROM petitions WHERE id = ?')
    .bind(petition.id)
    .first<{ stage: string }>();
  const rated = await prepareEvent(
    env.DB,
    events,
    {
      petitionId: petition.id,
      type: 'rate',
      isPublic: true,
      at: nowIso,
      actor: 'citizen',
      data: { rating: rating.rating },
    },
    {
      stage: CaseStageSchema.parse(row?.stage ?? 'original'),
      kind: fresh.kind,
      status: CaseStateSchema.parse(fresh.status),
    },
  );
  try {
    await env.DB.batch([
      // The primary key on petition_id makes a second rating fail before the event is written.
      env.DB.prepare('INSERT INTO ratings (petition_id, rating, comment, created_at) VALUES (?, ?, ?, ?)').bind(
        petition.id,
        rating.rating,
        rating.comment ?? null,
        nowIso,
      ),
      ...rated.statements,
    ]);
  } catch (error) {
    if (isDbError(error, 'unique')) return { kind: 'conflict', message: CITIZEN_MESSAGES.ratedAlready };
    // A staff action appended to the case between our read and our write: withSequenceRetry
    // reads again and tries again. Never answered as done: the rating was not saved.
    throw error;
  }
  return { kind: 'ok', result: { rating: rating.rating } };
}

/** How often a citizen's step is tried again after losing the event chain's race (issue 12, finding 10). */
const SEQUENCE_ATTEMPTS = 6;

/**
 * Runs a citizen's step again, from its reads, when its batch lost the chain's race to another
 * writer (a staff action on the same case), or a 复查 case's fresh code was taken: the step's outcome is then decided on the case as it
 * now is. After the last attempt the error goes up and the person is told to try again (503),
 * never that something was saved that was not.
 */
async function withSequenceRetry<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const retryable =
        isDbError(error, 'sequence') ||
        (isDbError(error, 'unique') && /petitions[._]code/.test(error.constraint ?? ''));
      if (attempt >= SEQUENCE_ATTEMPTS || !retryable) {
        throw new Error("saving the citizen's step failed", { cause: error });
      }
      // A short random pause, so two writers that keep colliding fall out of step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

// ---------------------------------------------------------------- 复查 / 复核

export const ReviewInputSchema = z.object({
  request: z
    .string({ error: '请填写您的请求' })
    .trim()
    .min(4, '请写清您请求复查（复核）的内容，至少 4 个字')
    .max(2000, '请求不能超过 2000 字'),
  reasons: z
    .string({ error: '请填写不服的事实和理由' })
    .trim()
    .min(10, '请写清您对处理意见不服的事实和理由，至少 10 个字')
    .max(5000, '事实和理由不能超过 5000 字'),
});

export interface ReviewResult {
  /** Tracking code of the new linked case, formatted for reading. */
  code: string;
  stage: CaseStage;
  stageLabel: string;
  /** Last day for the decision (30 days from receipt of the request). */
  decisionDue: string;
  /** The new case's receipt, the same a first petition gets (issue 11 finding 8). */
  receiptUrl: string;
}

export async function requestReview(
  env: Env,
  raw: unknown,
  ip: string,
  now: Date,
  origin: string,
): Promise<CitizenOutcome<ReviewResult>> {
  const who = await verifyCitizen(env, raw, ip, now);
  if (who.kind !== 'ok') return who;
  const parsed = ReviewInputSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
  const { petition, phoneLast4 } = who;
  const input = parsed.data;
  return withSequenceRetry(async () => {
    // Read afresh on every attempt: a staff action or another request may have changed the case.
    const parent = (await findPetitionByCode(env.DB, petition.code)) ?? petition;
    return saveReviewRequest(env, parent, phoneLast4, input, now, origin);
  });
}

async function saveReviewRequest(
  env: Env,
  parent: PetitionRecord,
  phoneLast4: string,
  input: z.infer<typeof ReviewInputSchema>,
  now: Date,
  origin: string,
): Promise<CitizenOutcome<ReviewResult>> {
  const parentRow = await env.DB.prepare('SELECT stage FROM petitions WHERE id = ?')
    .bind(parent.id)
    .first<{ stage: string }>();
  const parentStage = CaseStageSchema.parse(parentRow?.stage ?? 'original');
  const parentState = CaseStateSchema.parse(parent.status);
  const childStage = nextReviewStage(parentStage);
  if (!childStage) return { kind: 'conflict', message: CITIZEN_MESSAGES.reviewFinal };
  const events = await listEvents(env.DB, parent.id);
  const window = computeDeadlines({ stage: parentStage, kind: parent.kind, events }, { now }).find(
    (d) => d.kind === 'review-request' || d.kind === 'recheck-request',
  );
  if (window?.status === 'done') return { kind: 'conflict', message: CITIZEN_MESSAGES.reviewDone };
  if (!findTransition(parentState, 'request_review', parentStage) || !window) {
    return { kind: 'conflict', message: CITIZEN_MESSAGES.reviewNotReplied };
  }
  if (!openReviewWindow([window]))
    return { kind: 'conflict', message: CITIZEN_MESSAGES.reviewTooLate(STAGE_LABELS[childStage], window.due) };

  const pii = await openPersonalData(env, env.DB, parent.id);
  if (!pii) throw new Error(`personal data of ${parent.id} could not be opened`);
  // The request's own code goes by SMS as the first one did, unless the person opted out then.
  const sms = Boolean(pii.phone) && (await hasSms(env, parent.id));
  const nowIso = now.toISOString();
  const childId = crypto.randomUUID();
  const childCode = generateCode();
  const label = STAGE_LABELS[childStage];
  const child: PetitionRecord = {
    id: childId,
    code: childCode,
    submissionId: crypto.randomUUID(),
    status: 'submitted',
    channel: 'online',
    kind: parent.kind,
    issueArea: parent.issueArea,
    region: parent.region,
    title: `${label}：${parent.title}`.slice(0, 120),
    request: input.request,
    facts: input.reasons,
    otherProcedure: 'none',
    phoneHash: await petitionPhoneHash(env, childId, pii.phone),
    trackVerifier: await trackVerifier(env, childCode, phoneLast4),
    hasEmail: parent.hasEmail,
    attachmentCount: 0,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
  const childEvent = await prepareEvent(
    env.DB,
    [],
    {
      petitionId: childId,
      type: 'submitted',
      isPublic: true,
      at: nowIso,
      actor: 'citizen',
      data: { channel: 'online', parentCode: parent.code, stage: childStage },
    },
    { stage: childStage, kind: parent.kind, status: 'submitted' },
  );
  const parentEvent = await prepareEvent(
    env.DB,
    events,
    {
      petitionId: parent.id,
      type: 'request_review',
      isPublic: true,
      at: nowIso,
      actor: 'citizen',
      data: { childCode, childStage },
    },
    { stage: parentStage, kind: parent.kind, status: 'escalated' },
  );
  const statements: DbStatement[] = [
    insertPetitionStatement(env.DB, { ...child, pii: await sealPersonalData(env, childId, pii), hasSms: sms }),
    env.DB.prepare('UPDATE petitions SET stage = ?, parent_id = ? WHERE id = ?').bind(childStage, parent.id, childId),
    // The child's 30-day decision clock (Art. 35, 36) is stored with its first event.
    ...childEvent.statements,
    ...parentEvent.statements,
    env.DB.prepare(
      "UPDATE petitions SET status = 'escalated', updated_at = ? WHERE id = ? AND status = 'replied'",
    ).bind(nowIso, parent.id),
  ];
  if (sms)
    statements.push(
      await insertSmsStatement(
        env,
        env.DB,
        {
          id: crypto.randomUUID(),
          petitionId: childId,
          to: pii.phone,
          template: 'code',
          params: codeParams(childCode),
        },
        nowIso,
      ),
    );
  if (pii.email) {
    const notice = describeEvent({ ...childEvent.event }, childStage);
    statements.push(
      await insertOutboxStatement(
        env,
        env.DB,
        {
          id: crypto.randomUUID(),
          petitionId: childId,
          kind: 'status-update',
          to: pii.email,
          ...renderStatusMail(
            formatCode(childCode),
            trackUrl(origin, childCode, await receiptTag(env, childCode)),
            notice,
          ),
        },
        nowIso,
      ),
    );
  }
  // A lost race (sequence) or a new code that was taken (unique, ~n/2^54) saves nothing and throws:
  // withSequenceRetry tries again with fresh reads, where a request that did win shows as reviewDone.
  await env.DB.batch(statements);
  return {
    kind: 'ok',
    result: {
      code: formatCode(childCode),
      stage: childStage,
      stageLabel: label,
      decisionDue: periodEnd(shanghaiDate(now), 30).due,
      receiptUrl: await receiptPath(env, childCode),
    },
  };
}
