/**
 * Bindings and variables the functions read. Secrets (DATA_KEY, HASH_KEY, RESEND_API_KEY,
 * TURNSTILE_SECRET, CRON_SECRET) are set with `wrangler pages secret put` in production and come from
 * .dev.vars locally (scripts/dev-vars.mjs creates the keys on `npm start`).
 */
export interface Env {
  DB: D1Database;
  ATTACHMENTS: R2Bucket;
  /** Static assets of the Pages project (the built dist/), used to fill page shells. */
  ASSETS: Fetcher;
  /** 32 random bytes, base64: AES-256-GCM key for personal data. */
  DATA_KEY: string;
  /** 32 random bytes, base64: HMAC-SHA-256 key for lookups, tracking verifiers and receipt tags. */
  HASH_KEY: string;
  /** "1" turns on the development pages (/dev/outbox/) and the unguarded outbox runner. */
  DEV_MODE?: string;
  /** When set, mail is sent through Resend; otherwise it stays in the local outbox. */
  RESEND_API_KEY?: string;
  /** Overrides Resend's API origin (the tests' local stand-in server). */
  RESEND_BASE_URL?: string;
  /** Milliseconds before a mail API call is abandoned. Default 5000. */
  MAIL_TIMEOUT_MS?: string;
  /** When set, submissions must carry a valid Cloudflare Turnstile token. */
  TURNSTILE_SECRET?: string;
  /** Bearer token that lets a cron job call POST /api/outbox/process in production. */
  CRON_SECRET?: string;
  /** Rate limits as "max/seconds", e.g. "10/3600"; defaults in rate-limit.ts. */
  RATE_LIMIT_SUBMIT?: string;
  RATE_LIMIT_TRACK?: string;
  RATE_LIMIT_TRACK_CODE?: string;
}

export function isDevMode(env: Pick<Env, 'DEV_MODE'>): boolean {
  return env.DEV_MODE === '1' || env.DEV_MODE === 'true';
}
