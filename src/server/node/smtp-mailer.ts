/**
 * The mailer on SMTP (nodemailer), for an office's own mail server on the 政务云 network.
 * SMTP_URL, e.g. smtps://user:pass@mail.example.gov.cn:465 or smtp://mail.internal:25.
 * SMTP cannot promise at-most-once as Resend's Idempotency-Key does: a connection lost after the
 * server accepted the message makes the outbox retry it. The Message-ID is the outbox id, so a
 * receiving server that keeps Message-IDs drops the copy; docs/configuration.md says so.
 */
import nodemailer from 'nodemailer';
import type { Mailer, SendResult } from '../platform/mailer';

export function smtpMailer(url: string, siteHost: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(mail, { idempotencyKey, timeoutMs }): Promise<SendResult> {
      try {
        const info = await Promise.race([
          transport.sendMail({
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            messageId: `<${idempotencyKey}@${siteHost}>`,
          }),
          new Promise<never>((_, fail) =>
            setTimeout(() => fail(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref(),
          ),
        ]);
        return { ok: true, providerId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx from the server: the message itself is refused (no such mailbox, policy); 4xx: try later.
        return { ok: false, error: String(error).slice(0, 500), permanent: typeof code === 'number' && code >= 500 };
      }
    },
  };
}
