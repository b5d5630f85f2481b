/**
 * Tracking (查询): code + last four digits of the mobile number -> status and the public events,
 * never personal data. An unknown code and wrong digits get the same answer, after the same work
 * (a verifier is computed and compared in constant time either way).
 */
import { z } from 'zod';
import { isValidCode, normaliseCode, formatCode } from '../lib/tracking-code';
import { timingSafeEqualText } from './crypto';
import type { Env } from './env';
import { petitionOf, selectPetitionByCodeStatement } from './petition-store';
import { countOf, hitRateLimit, prepareRateLimit, RATE_LIMIT_MESSAGES } from './rate-limit';
import { trackVerifier } from './submit-petition';
import { buildPublicCaseView, publicCaseViewStatements, type PublicCaseView, type PublicNotice } from './timeline';

export const TrackInputSchema = z.object({
  code: z
    .string({ error: '请填写查询码' })
    .transform(normaliseCode)
    .refine((s) => s.length > 0, '请填写查询码'),
  phoneLast4: z
    .string({ error: '请填写手机号码的后四位' })
    .transform((s) => s.normalize('NFKC').replace(/\s/g, ''))
    .refine((s) => /^\d{4}$/.test(s), '请填写提交信访事项时所留手机号码的后四位数字'),
});

export const TRACK_MISS_MESSAGE =
  '没有查到对应的信访事项。请核对查询码和手机号码后四位是否与回执一致；仍有疑问，请拨打信访电话咨询';

export interface PublicEvent {
  type: string;
  label: string;
  /** ISO instant. */
  at: string;
  explanation: string;
  /** e.g. 第二十二条; null when no article applies. */
  article: string | null;
  articleHref: string | null;
}

/**
 * The tracking answer: the contract's `status`, `statusLabel` and `events`, plus the whole public
 * view of the case from timeline.ts (notices with details, next deadline, review window, rating,
 * linked 复查/复核 cases) for the follow-up part of the page. Nothing personal is in either.
 */
export type TrackResult = PublicCaseView & { events: PublicEvent[] };

export type TrackOutcome =
  | { kind: 'found'; result: TrackResult }
  | { kind: 'miss' }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'rate-limited'; retryAfter: number; message: string };

/** A notice as an event of the API contract. */
export function publicEvent(n: PublicNotice): PublicEvent {
  return {
    type: n.type,
    label: n.label,
    at: n.at,
    explanation: n.explanation,
    article: n.articleLabel,
    articleHref: n.articleHref,
  };
}

// Compared against when the code is unknown, so both misses take the same path.
const DUMMY_VERIFIER = '0'.repeat(64);

export async function trackPetition(
  env: Env,
  raw: unknown,
  ip: string,
  now: number = Date.now(),
): Promise<TrackOutcome> {
  const limited = (retryAfter: number): TrackOutcome => ({
    kind: 'rate-limited',
    retryAfter,
    message: RATE_LIMIT_MESSAGES.track(retryAfter),
  });
  const refuse = async (outcome: TrackOutcome): Promise<TrackOutcome> => {
    const rate = await hitRateLimit(env, 'track', ip, now);
    return rate.ok ? outcome : limited(rate.retryAfter);
  };

  const parsed = TrackInputSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : 'form';
      errors[key] ??= issue.path.length === 0 ? '请填写查询码和手机号码后四位' : issue.message;
    }
    return refuse({ kind: 'invalid', errors });
  }
  const { code, phoneLast4 } = parsed.data;
  // A mistyped code is a miss like any other: the same answer as wrong digits. (The form checks the
  // check symbol in the browser with isValidCode and can say "查询码有误" before anything is sent.)
  if (!isValidCode(code)) {
    await trackVerifier(env, code, phoneLast4);
    return refuse({ kind: 'miss' });
  }

  // Both limits (per client, per code) and the lookup in one read round trip to D1. Only a miss
  // is counted (a write): the person who has the code and the digits is never slowed down, while
  // every guess counts against the guesser and against the code.
  const perIp = await prepareRateLimit(env, 'track', ip, now);
  const perCode = await prepareRateLimit(env, 'trackCode', code, now);
  // The public view's reads ride along: used only once the digits match.
  const [ipCount, codeCount, found, ...viewResults] = await env.DB.batch([
    perIp.read,
    perCode.read,
    selectPetitionByCodeStatement(env.DB, code),
    ...publicCaseViewStatements(env.DB, { code }),
  ]);
  const ipDecision = perIp.decideBefore(countOf(ipCount));
  if (!ipDecision.ok) return limited(ipDecision.retryAfter);
  const codeDecision = perCode.decideBefore(countOf(codeCount));
  if (!codeDecision.ok) return limited(codeDecision.retryAfter);

  const petition = petitionOf(found);
  const verifier = await trackVerifier(env, code, phoneLast4);
  const match = timingSafeEqualText(verifier, petition?.trackVerifier ?? DUMMY_VERIFIER);
  if (!petition || !match) {
    await env.DB.batch([perIp.record, perCode.record]);
    return { kind: 'miss' };
  }

  const view = await buildPublicCaseView(env.DB, viewResults, new Date(now));
  if (!view) return { kind: 'miss' };
  return { kind: 'found', result: { ...view, code: formatCode(view.code), events: view.notices.map(publicEvent) } };
}
