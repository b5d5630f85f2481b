/**
 * Per-client rate limits: fixed windows counted in D1 (table rate_limits). One upsert per request;
 * the client is identified by a keyed hash of its IP, so no address is stored.
 */
import type { Database, DbStatement, DbResult } from './platform/database';
import { keyedHash } from './crypto';
import type { Env } from './env';
import type { PricedReason } from './track-pricing';

export interface Limit {
  max: number;
  windowSeconds: number;
}

/**
 * Defaults. Submissions: a family or a community office sharing one address may file a few; a script
 * may not file hundreds. Tracking: enough to check several codes, far too few to guess the four digits.
 */
export const DEFAULT_LIMITS = {
  submit: { max: 10, windowSeconds: 3600 },
  track: { max: 30, windowSeconds: 600 },
  /** Per tracking code, whoever asks: 4 digits must not be guessable from many addresses either. */
  trackCode: { max: 20, windowSeconds: 3600 },
  /**
   * Per code, for lookups carrying the receipt tag: only someone who has seen the receipt, its QR or
   * a mail's link can spend it, so a stranger's untagged misses never refuse the owner.
   */
  trackCodeTagged: { max: 20, windowSeconds: 3600 },
  /**
   * Per code, misses past the untagged budget, each paid with a proof of work (track-pricing.ts):
   * never a refusal (no maximum), only the count that sets the next proof's cost, kept for a day.
   */
  trackCodePriced: { max: Number.MAX_SAFE_INTEGER, windowSeconds: 86_400 },
  /**
   * Sign-in mails per staff member: a flood of requests for one address sends one mail per window
   * and is answered like any other request, so it neither fills a mailbox nor locks anyone out.
   */
  staffLoginMail: { max: 1, windowSeconds: 300 },
  /**
   * Form posts without a bot-check solution (browsers without script), while a bot check is on:
   * per address, and for the whole site, so that a script that skips the check, even from many
   * addresses, files a bounded number (docs/adr/0005-self-hosted-bot-check.md).
   */
  submitUnverified: { max: 3, windowSeconds: 3600 },
  submitUnverifiedSite: { max: 20, windowSeconds: 3600 },
} as const satisfies Record<string, Limit>;

export type Bucket = keyof typeof DEFAULT_LIMITS;

function parseLimit(spec: string | undefined, fallback: Limit): Limit {
  const m = spec ? /^(\d+)\/(\d+)$/.exec(spec.trim()) : null;
  return m ? { max: Number(m[1]), windowSeconds: Math.max(1, Number(m[2])) } : fallback;
}

type LimitVars = Pick<
  Env,
  | 'RATE_LIMIT_SUBMIT'
  | 'RATE_LIMIT_TRACK'
  | 'RATE_LIMIT_TRACK_CODE'
  | 'RATE_LIMIT_TRACK_CODE_TAGGED'
  | 'RATE_LIMIT_STAFF_LOGIN_MAIL'
  | 'RATE_LIMIT_SUBMIT_UNVERIFIED'
  | 'RATE_LIMIT_SUBMIT_UNVERIFIED_SITE'
>;

const LIMIT_VARS = {
  submit: 'RATE_LIMIT_SUBMIT',
  track: 'RATE_LIMIT_TRACK',
  trackCode: 'RATE_LIMIT_TRACK_CODE',
  trackCodeTagged: 'RATE_LIMIT_TRACK_CODE_TAGGED',
  staffLoginMail: 'RATE_LIMIT_STAFF_LOGIN_MAIL',
  submitUnverified: 'RATE_LIMIT_SUBMIT_UNVERIFIED',
  submitUnverifiedSite: 'RATE_LIMIT_SUBMIT_UNVERIFIED_SITE',
} as const satisfies Partial<Record<Bucket, keyof LimitVars>>;

export function limitFor(env: LimitVars, bucket: Bucket): Limit {
  const name = (LIMIT_VARS as Partial<Record<Bucket, keyof LimitVars>>)[bucket];
  return parseLimit(name ? env[name] : undefined, DEFAULT_LIMITS[bucket]);
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfter: number };

export interface PreparedHit {
  /** The row this request counts in (rate_limits.key, rate_limits.window_start), for callers that read it in their own SQL. */
  key: string;
  windowStart: number;
  /** Reads the count so far without writing: for batches on the hot path. */
  read: DbStatement;
  /** Counts this request without returning anything: to put in a later write batch. */
  record: DbStatement;
  /** Counts this request and returns the new count (countOf): when the caller decides on it. */
  counted: DbStatement;
  /** The decision for this request, given the count read before it. */
  decideBefore: (countBefore: number | null | undefined) => RateDecision;
  /**
   * Aborts the batch it is in (a DatabaseError of kind 'over-limit') when the count is over the limit:
   * put it after `record` in a write batch, and the request is counted, checked and, when allowed,
   * saved in one round trip; when refused, nothing of the batch is kept, the count included.
   */
  guard: DbStatement;
  /** The decision when `guard` aborted a batch: how long until the window ends. */
  refused: () => { ok: false; retryAfter: number };
  /**
   * Takes one unit of the budget only while the count is under the limit, and returns the new
   * count (no row: the budget is spent). One statement, so concurrent requests can never take more
   * than the limit between them: the conflict's row lock orders them (SQLite, D1, PostgreSQL).
   */
  take: DbStatement;
  /** Gives a taken unit back (the guess was right: only misses count). */
  release: DbStatement;
}

/**
 * Prepares the counting of one request of `subject` (an IP or a code) in `bucket` (hitRateLimit
 * counts and decides in one write). Either `read` now and `record` later in the same batch
 * as the request's own writes, so that a request costs one write transaction, not two. Under
 * concurrency the second way may let a few more requests through at the edge of a window; a rate
 * limit does not need to be exact. Or put `record` and `guard` first in a write batch: counted,
 * checked and written in one round trip (submissions).
 */
export async function prepareRateLimit(
  env: Pick<Env, 'DB' | 'HASH_KEY'> & LimitVars,
  bucket: Bucket,
  subject: string,
  now: number = Date.now(),
): Promise<PreparedHit> {
  const limit = limitFor(env, bucket);
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const key = `${bucket}:${await keyedHash(env, 'rate', subject)}`;
  const refused = (): { ok: false; retryAfter: number } => ({
    ok: false,
    retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
  });
  const decide = (count: number | null | undefined): RateDecision => {
    const n = count ?? 1;
    return n > limit.max ? refused() : { ok: true, remaining: limit.max - n };
  };
  // Statements are made when a caller asks for one: each path uses one or two of the three.
  const db = env.DB;
  return {
    key,
    windowStart,
    get read() {
      return db.prepare('SELECT count FROM rate_limits WHERE key = ? AND window_start = ?').bind(key, windowStart);
    },
    get record() {
      return db.prepare(UPSERT_SQL).bind(key, windowStart);
    },
    get counted() {
      return db.prepare(`${UPSERT_SQL} RETURNING count`).bind(key, windowStart);
    },
    decideBefore: (countBefore) => decide((countBefore ?? 0) + 1),
    get guard() {
      return db
        .prepare('INSERT INTO rate_limit_checks (key, window_start, max) VALUES (?, ?, ?)')
        .bind(key, windowStart, limit.max);
    },
    refused,
    get take() {
      return db.prepare(TAKE_SQL).bind(key, windowStart, limit.max);
    },
    get release() {
      return db
        .prepare('UPDATE rate_limits SET count = count - 1 WHERE key = ? AND window_start = ? AND count > 0')
        .bind(key, windowStart);
    },
  };
}

// The upsert's WHERE decides in the same statement that counts: an update it skips returns no row.
const TAKE_SQL = `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 WHERE rate_limits.count < ?
     RETURNING count`;

/** Whether a `take` inside a batch got its unit. */
export function took(result: DbResult | undefined): boolean {
  return (result?.results.length ?? 0) > 0;
}

// rate_limits.count, qualified: PostgreSQL refuses a bare `count` there as ambiguous (the table's or EXCLUDED's).
const UPSERT_SQL = `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1`;

/** The `count` a prepared hit returned inside a batch. */
export function countOf(result: DbResult | undefined): number | null {
  const row = result?.results[0] as { count?: number } | undefined;
  return row?.count ?? null;
}

/** Counts one request of `subject` in `bucket` and says whether it is allowed. */
export async function hitRateLimit(
  env: Pick<Env, 'DB' | 'HASH_KEY'> & LimitVars,
  bucket: Bucket,
  subject: string,
  now: number = Date.now(),
): Promise<RateDecision> {
  const hit = await prepareRateLimit(env, bucket, subject, now);
  // The count RETURNING gives includes this request.
  const count = await hit.counted.first<number>('count');
  return hit.decideBefore(count === null ? 0 : count - 1);
}

/** Drops windows older than a day; called now and then, after a response. */
export async function pruneRateLimits(db: Database, now: number = Date.now()): Promise<void> {
  await db
    .prepare('DELETE FROM rate_limits WHERE window_start < ?')
    .bind(now - 86_400_000)
    .run();
}

export const RATE_LIMIT_MESSAGES = {
  submit: (seconds: number) =>
    `提交次数过多，请在 ${Math.ceil(seconds / 60)} 分钟后再试。如有紧急情况，请拨打信访电话或到接待场所反映`,
  track: (seconds: number) => `查询次数过多，请在 ${Math.ceil(seconds / 60)} 分钟后再试`,
  trackCode: (seconds: number) =>
    `这个查询码近期查询次数过多，请在 ${Math.ceil(seconds / 60)} 分钟后再试；用手机扫描回执上的二维码，或打开回执、邮件中的查询链接，可以马上查询`,
  /** Past the untagged budget (track-pricing.ts): what the page says while the browser works. */
  trackCodePriced: (reason: PricedReason) =>
    `${
      reason === 'needed'
        ? '这个查询码近期被人多次输错。为防止有人猜测，现在查询前需要您的浏览器先完成一次安全验证'
        : reason === 'harder'
          ? '这个查询码又被人输错了多次，安全验证的难度提高了，需要重新验证'
          : '安全验证没有通过或已过期，需要重新验证'
    }。用手机扫描回执上的二维码，或打开回执、短信、邮件中的查询链接，可以不经这一步直接查询`,
} as const;
