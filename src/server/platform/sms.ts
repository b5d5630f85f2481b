/**
 * The SMS port: how a committed sms_outbox row leaves the machine. Adapters: Aliyun SMS
 * (sms-aliyun.ts) and Tencent Cloud SMS (sms-tencent.ts), both Node only (their SDKs use Node's
 * http); the local stand-in (src/server/sms.ts localSms), which records what it is given, for
 * development and the tests; and none — messages then stay in the outbox, shown at /dev/outbox/.
 * The outbox (src/server/sms.ts) owns retries and at-most-once.
 *
 * Providers send a template that they have approved, filled with parameters; the text is theirs
 * to render. So a message here is a template key and its parameters, never free text.
 */

/** The approved templates (their texts are in src/server/sms.ts SMS_TEMPLATES). */
export type SmsTemplateKey = 'code' | 'status';

export interface OutgoingSms {
  /** 11-digit mainland number, or +<country code><number>. */
  to: string;
  template: SmsTemplateKey;
  /** Template parameters by name ({ code: 'ABCD-EFGH-JKLM' }). */
  params: Record<string, string>;
}

export type SmsResult =
  | { ok: true; providerId: string }
  /**
   * - permanent: the provider refused this message for good (a bad number, a template it does not
   *   know): do not retry it;
   * - unknown: the request may have reached the provider (a timeout, a connection lost after
   *   sending). Neither provider has an idempotency key, so a retry could deliver a second copy:
   *   the outbox does not send it again.
   */
  | { ok: false; error: string; permanent: boolean; unknown?: boolean };

export interface SmsSender {
  readonly name: 'aliyun' | 'tencent' | 'local';
  /** Sends one message. `idempotencyKey` is the outbox row id (Aliyun OutId, Tencent SessionContext: echoed, not deduplicated). */
  send(sms: OutgoingSms, opts: { idempotencyKey: string; timeoutMs: number }): Promise<SmsResult>;
}
