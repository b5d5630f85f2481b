/**
 * Tracking (查询): code + last four digits of the mobile number -> status and the public events,
 * never personal data. An unknown code and wrong digits get the same answer, after the same work
 * (a verifier is computed and compared in constant time either way).
 */
import { z } from 'zod';
import { isValidCode, normaliseCode, formatCode } from '../lib/tracking-code';
import { STATES, TRANSITIONS, type ArticleRef, type CaseState } from '../lib/workflow';
import { articleHref, articleLabel, toChineseNumeral } from '../lib/law-links';
import { timingSafeEqualText } from './crypto';
import type { Env } from './env';
import { listEvents } from './petition-events';
import { findPetitionByCode } from './petition-store';
import { hitRateLimit, RATE_LIMIT_MESSAGES } from './rate-limit';
import { trackVerifier } from './submit-petition';

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
  /** e.g. 第二十二条第一款; null when no article applies. */
  article: string | null;
  articleHref: string | null;
}

export interface TrackResult {
  code: string;
  status: string;
  statusLabel: string;
  statusExplanation: string;
  events: PublicEvent[];
}

export type TrackOutcome =
  | { kind: 'found'; result: TrackResult }
  | { kind: 'miss' }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'rate-limited'; retryAfter: number; message: string };

function describeArticle(ref: ArticleRef | null): { article: string | null; articleHref: string | null } {
  if (!ref) return { article: null, articleHref: null };
  const para = ref.paragraph ? `第${toChineseNumeral(ref.paragraph)}款` : '';
  const item = ref.item ? `第（${toChineseNumeral(ref.item)}）项` : '';
  return { article: `${articleLabel(ref.article)}${para}${item}`, articleHref: articleHref(ref.article) };
}

function isState(s: unknown): s is CaseState {
  return typeof s === 'string' && s in STATES;
}

/** An event as the citizen sees it: a label, a plain explanation and the article it rests on. */
export function publicEvent(e: { type: string; at: string; data: Record<string, unknown> }): PublicEvent {
  const note = typeof e.data['publicNote'] === 'string' ? e.data['publicNote'] : null;
  if (e.type === 'submitted') {
    return {
      type: e.type,
      label: '网上提交',
      at: e.at,
      explanation: note ?? STATES.submitted.explanation,
      ...describeArticle(STATES.submitted.basis),
    };
  }
  const to = e.data['to'];
  const transition = TRANSITIONS.find((t) => t.action === e.type && (!isState(to) || t.to === to)) ?? null;
  if (transition) {
    const state = isState(to) ? to : transition.to;
    return {
      type: e.type,
      label: transition.label,
      at: e.at,
      explanation: note ?? STATES[state].explanation,
      ...describeArticle(transition.basis),
    };
  }
  if (e.type === 'rate') {
    return {
      type: e.type,
      label: '评价',
      at: e.at,
      explanation: note ?? '您对办理情况作出了评价。',
      article: null,
      articleHref: null,
    };
  }
  return { type: e.type, label: '办理进展', at: e.at, explanation: note ?? '', article: null, articleHref: null };
}

// Compared against when the code is unknown, so both misses take the same path.
const DUMMY_VERIFIER = '0'.repeat(64);

export async function trackPetition(
  env: Env,
  raw: unknown,
  ip: string,
  now: number = Date.now(),
): Promise<TrackOutcome> {
  const perIp = await hitRateLimit(env, 'track', ip, now);
  if (!perIp.ok)
    return { kind: 'rate-limited', retryAfter: perIp.retryAfter, message: RATE_LIMIT_MESSAGES.track(perIp.retryAfter) };

  const parsed = TrackInputSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : 'form';
      errors[key] ??= issue.path.length === 0 ? '请填写查询码和手机号码后四位' : issue.message;
    }
    return { kind: 'invalid', errors };
  }
  const { code, phoneLast4 } = parsed.data;
  // A mistyped code is a miss like any other: the same answer as wrong digits. (The form checks the
  // check symbol in the browser with isValidCode and can say "查询码有误" before anything is sent.)
  if (!isValidCode(code)) {
    await trackVerifier(env, code, phoneLast4);
    return { kind: 'miss' };
  }

  const perCode = await hitRateLimit(env, 'trackCode', code, now);
  if (!perCode.ok)
    return {
      kind: 'rate-limited',
      retryAfter: perCode.retryAfter,
      message: RATE_LIMIT_MESSAGES.track(perCode.retryAfter),
    };

  const petition = await findPetitionByCode(env.DB, code);
  const verifier = await trackVerifier(env, code, phoneLast4);
  const match = timingSafeEqualText(verifier, petition?.trackVerifier ?? DUMMY_VERIFIER);
  if (!petition || !match) return { kind: 'miss' };

  const events = await listEvents(env.DB, petition.id, true);
  const status = isState(petition.status) ? STATES[petition.status] : null;
  return {
    kind: 'found',
    result: {
      code: formatCode(petition.code),
      status: petition.status,
      statusLabel: status?.label ?? petition.status,
      statusExplanation: status?.explanation ?? '',
      events: events.map(publicEvent),
    },
  };
}
