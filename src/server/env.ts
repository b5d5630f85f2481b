/**
 * What the app reads: its ports (database, blobs, static assets) and its settings. Each runtime's
 * entry builds this object: src/server/node/config.ts from process.env on Node, functions/[[path]].ts
 * from the Pages bindings on Cloudflare. The table of every setting is docs/configuration.md.
 * Secrets (DATA_KEY, DATA_KEYS, HASH_KEY, HASH_KEYS, SESSION_KEY, RESEND_API_KEY, TURNSTILE_SECRET, CRON_SECRET) come from
 * the environment (Node), `wrangler pages secret put` (Cloudflare) or .dev.vars locally
 * (scripts/dev-vars.mjs creates the keys on first start).
 */
import type { Database } from './platform/database';
import type { Mailer } from './platform/mailer';
import type { SmsSender } from './platform/sms';
import type { Assets, BlobStore } from './platform/ports';

export const RUNTIMES = ['node', 'cloudflare'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export interface Env {
  DB: Database;
  ATTACHMENTS: BlobStore;
  /** The built static site (dist/), used to fill page shells. */
  ASSETS: Assets;
  /** Which entry runs the app; /api/ready reports it. */
  RUNTIME: Runtime;
  /**
   * The site's own absolute URL (https://xinfang.example.gov.cn). Absolute links in mail and the
   * allowed Origin come from here, never from the request's Host.
   */
  SITE_URL?: string;
  /**
   * Where the client address comes from: "cloudflare" (CF-Connecting-IP), "none" (the socket's
   * peer: the Node server facing clients directly), or a number N of trusted proxies in front
   * (behind nginx: 1), in which case the Nth address from the right of X-Forwarded-For is used.
   */
  TRUSTED_PROXY?: string;
  /** A random id a test harness gives the server it started; /api/health repeats it. */
  INSTANCE_ID?: string;
  /** The socket peer's address (Node); Cloudflare has none. */
  PEER_ADDRESS?: string;
  /**
   * Which cryptography seals personal data and keys the lookup hashes (src/server/crypto.ts):
   * "aes" (default: AES-256-GCM + HMAC-SHA-256) or "sm" (国密: SM4-GCM + HMAC-SM3). Values sealed
   * under the other suite still open; `npm run rekey` moves them over. A new database under "sm"
   * also chains its audit log with SM3 (meta.chain_hash).
   */
  CRYPTO_SUITE?: string;
  /** 32 random bytes, base64: data key id 1, for personal data, attachments and mail recipients. */
  DATA_KEY: string;
  /**
   * More data keys for rotation, "id:base64,id:base64" (e.g. "2:base64,1:base64"): the first is
   * the one new values use, the others only open older values (each value names its key id). Id 1
   * may be left out (it is DATA_KEY) or repeated with the same key. Remove a key only after
   * `npm run rekey` has re-sealed everything with the current one.
   */
  DATA_KEYS?: string;
  /** 32 random bytes, base64: hash key id 1, for phone lookups, tracking verifiers, receipt tags, rate limits. */
  HASH_KEY: string;
  /**
   * More hash keys, as DATA_KEYS (first = current). `npm run rekey` recomputes the stored hashes
   * (phone_hash, track_verifier); receipt links already handed out verify with any key listed here,
   * so keep a retired hash key while its links matter.
   */
  HASH_KEYS?: string;
  /**
   * "1" turns on the development switches — the pages /dev/outbox/, the outbox runner without
   * CRON_SECRET, the x-debug-now clock — for clients on this machine only (http.ts isLocalRequest).
   * The Node server refuses it unless it listens on loopback and SITE_URL is not a public https URL.
   */
  DEV_MODE?: string;
  /**
   * The runtime's own mailer (SMTP on Node, from SMTP_URL). Without one, mail goes through Resend
   * when RESEND_API_KEY is set, and otherwise stays in the local outbox.
   */
  MAILER?: Mailer;
  /** SMTP server for the office's own mail (Node), e.g. smtps://user:pass@mail.example.gov.cn:465. */
  SMTP_URL?: string;
  /** Sender address; default settings.json mail.from. */
  MAIL_FROM?: string;
  /** When set, mail is sent through Resend; otherwise it stays in the local outbox. */
  RESEND_API_KEY?: string;
  /** Overrides Resend's API origin (the tests' local stand-in server). */
  RESEND_BASE_URL?: string;
  /** Milliseconds before a mail API call is abandoned. Default 5000. */
  MAIL_TIMEOUT_MS?: string;
  /**
   * The SMS provider (src/server/platform/sms.ts): built by the Node entry from SMS_PROVIDER, or a
   * test's stand-in. Without one, SMS rows stay in the outbox (/dev/outbox/ shows them). The
   * Cloudflare target has none: its SMS wait in the outbox for a Node runner or an operator.
   */
  SMS?: SmsSender;
  /** "aliyun" (阿里云短信服务) or "tencent" (腾讯云短信); unset: no SMS leaves (Node only). */
  SMS_PROVIDER?: string;
  /** The provider's AccessKey ID (Aliyun) or SecretId (Tencent). */
  SMS_ACCESS_KEY_ID?: string;
  /** The provider's AccessKey Secret (Aliyun) or SecretKey (Tencent). Secret. */
  SMS_ACCESS_KEY_SECRET?: string;
  /** The approved signature (签名), printed as 【…】; default the office's name in settings. */
  SMS_SIGN_NAME?: string;
  /** The provider's id of the approved template for the tracking code (SMS_TEMPLATES.code). */
  SMS_TEMPLATE_CODE?: string;
  /** The provider's id of the approved template for a status change (SMS_TEMPLATES.status). */
  SMS_TEMPLATE_STATUS?: string;
  /** Tencent only: the SmsSdkAppId of the application the signature and templates belong to. */
  SMS_SDK_APP_ID?: string;
  /** Tencent only: the API region, default ap-guangzhou. */
  SMS_REGION?: string;
  /** Overrides the provider's API host (host:port; the tests' local stand-in, or a 政务云 private endpoint). */
  SMS_ENDPOINT?: string;
  /** Milliseconds before an SMS API call is abandoned. Default 5000. */
  SMS_TIMEOUT_MS?: string;
  /**
   * The bot check on petition submissions (src/server/captcha.ts, docs/adr/0005-self-hosted-bot-check.md):
   * - "altcha": a proof-of-work the browser solves by itself, served and verified by this server
   *   (no third party; works in mainland China);
   * - "turnstile": Cloudflare Turnstile, verified with TURNSTILE_SECRET;
   * - "none": no bot check (the honeypot, the minimum fill time and the rate limits still apply).
   * Default: "turnstile" when TURNSTILE_SECRET is set, else "none" in DEV_MODE, else "altcha".
   * An unknown value counts as "altcha", so a typo never turns the check off.
   */
  CAPTCHA?: string;
  /**
   * Secret that signs ALTCHA challenges (any long random text). Default: derived from HASH_KEY
   * (keyedHash, purpose "altcha"), which every node of one deployment already shares.
   */
  ALTCHA_HMAC_KEY?: string;
  /** With CAPTCHA "turnstile": the Turnstile secret key; setting it alone also selects "turnstile". */
  TURNSTILE_SECRET?: string;
  /** Bearer token that lets a cron job call POST /api/outbox/process in production. */
  CRON_SECRET?: string;
  /** Rate limits as "max/seconds", e.g. "10/3600"; defaults in rate-limit.ts. */
  RATE_LIMIT_SUBMIT?: string;
  RATE_LIMIT_TRACK?: string;
  RATE_LIMIT_TRACK_CODE?: string;
  /**
   * Per code, lookups that carry the receipt link's tag (`t=`): a budget of their own, so misses by
   * someone who knows only the code never refuse the owner who has the receipt; default 20/3600.
   */
  RATE_LIMIT_TRACK_CODE_TAGGED?: string;
  /**
   * Sign-in mails per staff member, "max/seconds"; default 1/300 (one mail per 5 minutes). Every
   * request is answered alike; a link that is used frees the window for the next one.
   */
  RATE_LIMIT_STAFF_LOGIN_MAIL?: string;
  /**
   * While a bot check is on, form posts that carry no solution (browsers without script): per
   * address and for the whole site, "max/seconds"; defaults 3/3600 and 20/3600 in rate-limit.ts.
   */
  RATE_LIMIT_SUBMIT_UNVERIFIED?: string;
  RATE_LIMIT_SUBMIT_UNVERIFIED_SITE?: string;
}

/** DEV_MODE is on; whether this request may use it is http.ts isLocalRequest's question. */
export function isDevMode(env: Pick<Env, 'DEV_MODE'>): boolean {
  return env.DEV_MODE === '1' || env.DEV_MODE === 'true';
}
