/**
 * The mailer port: how a committed outbox row leaves the machine. Adapters: Resend's API (works on
 * Node and workerd: src/server/mail.ts builds it from RESEND_API_KEY), SMTP for an office's own mail
 * server (Node only: src/server/node/smtp-mailer.ts, from SMTP_URL), and none — mail then stays in
 * the local outbox (development). The outbox (src/server/mail.ts) owns retries and at-most-once.
 */

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type SendResult =
  | { ok: true; providerId: string }
  /** permanent: the service refused this message for good (a bad address); do not retry it. */
  | { ok: false; error: string; permanent: boolean };

export interface Mailer {
  readonly name: 'resend' | 'smtp';
  /**
   * Sends one mail. `idempotencyKey` is the outbox row's id: Resend drops a second request with it;
   * SMTP has no such thing, so it becomes the Message-ID, which lets receiving servers drop a copy.
   */
  send(mail: OutgoingMail, opts: { idempotencyKey: string; timeoutMs: number }): Promise<SendResult>;
}
