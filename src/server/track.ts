/**
 * Tracking (查询): code + last four digits of the mobile number -> status and the public events,
 * never personal data. An unknown code and wrong digits get the same answer, after the same work
 * (a verifier is computed and compared in constant time either way).
 */
import { z } from 'zod';
import { fieldErrors } from '../lib/field-errors';
import { isValidCode, normaliseCode, formatCode } from '../lib/tracking-code';
import { matchesAny } from './crypto';
import type { Env } from './env';
import type { Dialect } from './platform/database';
import { hitRateLimit, prepareRateLimit, RATE_LIMIT_MESSAGES, took } from './rate-limit';
import { trackVerifiers } from './lookup-hashes';
import { isValidReceiptTag, isWellFormedReceiptTag } from './receipt-info';
import { appendEvent } from './petition-events';
import { admitPriced, challengeUrl, type PricedReason } from './track-pricing';
import {
  buildPublicCaseView,
  loadPublicCaseView,
  publicCaseViewSql,
  type PublicCaseView,
  type PublicCaseViewRow,
  type PublicNotice,
} from './timeline';

export const TrackInputSchema = z.object({
  code: z
    .string({ error: '请填写查询码' })
    .transform(normaliseCode)
    .refine((s) => s.length > 0, '请填写查询码'),
  phoneLast4: z
    .string({ error: '请填写联系电话的后四位' })
    .transform((s) => s.normalize('NFKC').replace(/\s/g, ''))
    .refine((s) => /^\d{4}$/.test(s), '请填写提交信访事项时所留联系电话的后四位数字'),
  /**
   * The receipt link's tag (`t=` of the receipt, its QR code and the mails' tracking links), when
   * the person came from one; anything else is no tag, never an error.
   */
  t: z
    .unknown()
    .optional()
    .transform((v) => (isWellFormedReceiptTag(v) ? v : undefined)),
  /** A proof of work for a lookup past the code's untagged budget (track-pricing.ts). */
  altcha: z.unknown().optional(),
});

export const TRACK_MISS_MESSAGE =
  '没有查到对应的信访事项。请核对查询码和联系电话后四位是否与回执一致；仍有疑问，请拨打信访电话咨询';

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
  | { kind: 'rate-limited'; retryAfter: number; message: string }
  /**
   * Past the code's untagged budget: the lookup needs a proof of work (track-pricing.ts). The page
   * solves `challengeUrl`'s challenge and posts the same lookup again by itself.
   */
  | {
      kind: 'verify';
      reason: PricedReason;
      challengeUrl: string;
      retryAfter: number;
      message: string;
    };

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

/** The lookup's one row: the case's columns are all null when no case has the code. */
type TrackLookupRow = { ip_count: number | null; code_count: number | null } & (
  (PublicCaseViewRow & { track_verifier: string }) | { id: null; track_verifier: null }
);

/**
 * Binds: ?1 ?2 the per-client limit row, ?3 ?4 the per-code limit row, ?5 the code. Always one row.
 * Per dialect only for the public view's JSON; the aliased one-row FROM and `ON TRUE` are what
 * PostgreSQL requires and SQLite accepts.
 */
const trackLookupSql = (dialect: Dialect): string => `SELECT
  (SELECT count FROM rate_limits WHERE key = ?1 AND window_start = ?2) AS ip_count,
  (SELECT count FROM rate_limits WHERE key = ?3 AND window_start = ?4) AS code_count,
  v.*
FROM (SELECT 1 AS one) AS o LEFT JOIN (${publicCaseViewSql('p.code = ?5', ['track_verifier'], dialect)}) v ON TRUE`;
export const TRACK_LOOKUP_SQL: Readonly<Record<Dialect, string>> = {
  sqlite: trackLookupSql('sqlite'),
  postgres: trackLookupSql('postgres'),
};

// Compared against when the code is unknown, so both misses take the same path.
const DUMMY_VERIFIER = '0'.repeat(64);

/**
 * Whether the digits belong to the case with this code, `stored` being its track_verifier (null
 * or undefined when no case has the code: the same work is done, and the answer is false).
 */
export async function digitsMatch(
  env: Pick<Env, 'HASH_KEY'>,
  code: string,
  phoneLast4: string,
  stored: string | null | undefined,
): Promise<boolean> {
  // Every configured hash key: a verifier made before a hash-key rotation still matches until the re-key.
  const match = matchesAny(await trackVerifiers(env, code, phoneLast4), stored ?? DUMMY_VERIFIER);
  return match && stored != null;
}

/**
 * The code's budget this lookup counts in (issue 12, finding 3): lookups carrying the code's
 * receipt tag have one of their own, so misses by someone who knows only the code (from a mail
 * subject, an SMS, a spoken code) never refuse the owner who has the receipt or its link.
 */
async function codeBudget(env: Env, code: string, tag: string | undefined): Promise<'trackCode' | 'trackCodeTagged'> {
  return tag !== undefined && (await isValidReceiptTag(env, code, tag)) ? 'trackCodeTagged' : 'trackCode';
}

/**
 * The same budget for the tracking page's follow-up steps (rating, 复查): a unit of the code's
 * budget (tagged or not) taken atomically, the client's misses read; `miss` records a wrong answer
 * against both, `hit` gives the code's unit back. Refused: how long until the window ends.
 */
export async function takeGuess(
  env: Env,
  code: string,
  ip: string,
  now: number,
  tag?: string,
): Promise<{ ok: true; miss: () => Promise<void>; hit: () => Promise<void> } | { ok: false; retryAfter: number }> {
  const perIp = await prepareRateLimit(env, 'track', ip, now);
  const perCode = await prepareRateLimit(env, await codeBudget(env, code, tag), code, now);
  const [taken, ipRow] = await env.DB.batch([perCode.take, perIp.read]);
  if (!took(taken)) return perCode.refused();
  const ipDecision = perIp.decideBefore((ipRow?.results[0] as { count?: number } | undefined)?.count ?? null);
  if (!ipDecision.ok) {
    await perCode.release.run();
    return ipDecision;
  }
  return {
    ok: true,
    miss: async () => void (await perIp.record.run()),
    hit: async () => void (await perCode.release.run()),
  };
}

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
    const errors = fieldErrors(parsed.error, { formMessage: '请填写查询码和联系电话后四位' });
    return refuse({ kind: 'invalid', errors });
  }
  const { code, phoneLast4, t } = parsed.data;
  // A mistyped code is a miss like any other: the same answer as wrong digits. (The form checks the
  // check symbol in the browser with isValidCode and can say "查询码有误" before anything is sent.)
  if (!isValidCode(code)) {
    await trackVerifiers(env, code, phoneLast4);
    return refuse({ kind: 'miss' });
  }

  // One batch, one round trip: a unit of the code's guess budget is taken (atomically: concurrent
  // guesses from any number of addresses never take more than the limit), the client's own miss
  // count is read, and the case is looked up. A right answer gives the unit back, so only misses
  // count against the code; the owner is refused only while misses have spent its budget.
  const perIp = await prepareRateLimit(env, 'track', ip, now);
  const budget = await codeBudget(env, code, t);
  const perCode = await prepareRateLimit(env, budget, code, now);
  const [taken, looked] = await env.DB.batch([
    perCode.take,
    env.DB.prepare(TRACK_LOOKUP_SQL[env.DB.dialect]).bind(
      perIp.key,
      perIp.windowStart,
      perCode.key,
      perCode.windowStart,
      code,
    ),
  ]);
  const row = looked?.results[0] as TrackLookupRow | undefined;
  // A right answer gives back what the lookup took: the code's unit, or the priced one.
  let giveBack = async (): Promise<void> => void (await perCode.release.run());
  if (!took(taken)) {
    const { retryAfter } = perCode.refused();
    // The tagged budget is the owner's own: spent only by someone holding the receipt's link.
    if (budget === 'trackCodeTagged') return limited(retryAfter);
    // Without the tag, past the budget: priced, never refused (finding 3, design (b)).
    const entry = await admitPriced(env, code, parsed.data.altcha, now);
    if (!entry.ok) {
      return {
        kind: 'verify',
        reason: entry.reason,
        challengeUrl: challengeUrl(formatCode(code)),
        retryAfter,
        message: RATE_LIMIT_MESSAGES.trackCodePriced(entry.reason),
      };
    }
    giveBack = entry.hit;
  }
  const ipDecision = perIp.decideBefore(row?.ip_count ?? null);
  if (!ipDecision.ok) {
    await giveBack();
    return limited(ipDecision.retryAfter);
  }
  const found = row?.id ? row : null;

  const match = await digitsMatch(env, code, phoneLast4, found?.track_verifier);
  if (!found || !match) {
    // The unit stays taken: this miss is counted against the code.
    await perIp.record.run();
    return { kind: 'miss' };
  }
  await giveBack();

  let view = await buildPublicCaseView(env.DB, found, new Date(now));
  // A8/A10: the person who proves the code and digits now reads the written reply on this page, so
  // this is the day it reached them (unless staff recorded an earlier delivery): the 复查/复核
  // window starts to run from it. Recorded once per reply; the chain's seq guards a race.
  if (view.review && !view.review.startKnown && !view.review.reason) {
    await appendEvent(env.DB, {
      petitionId: found.id,
      type: 'reply_delivered',
      isPublic: true,
      at: new Date(now).toISOString(),
      actor: 'system',
      data: { how: 'tracking-page' },
    });
    view = (await loadPublicCaseView(env.DB, found.id, new Date(now))) ?? view;
  }
  return { kind: 'found', result: { ...view, code: formatCode(view.code), events: view.notices.map(publicEvent) } };
}
