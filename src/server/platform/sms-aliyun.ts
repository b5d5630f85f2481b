/**
 * The SMS port on Aliyun SMS (阿里云短信服务, API Dysmsapi 2017-05-25, SendSms), Node only. The
 * signature and the template ids come from settings (SMS_SIGN_NAME, SMS_TEMPLATE_CODE,
 * SMS_TEMPLATE_STATUS); SMS_ENDPOINT points the SDK at another host (the tests' local stand-in).
 * The SDK's own retries are off: the outbox (src/server/sms.ts) decides when to try again, and a
 * retry the SDK made after a lost answer could deliver twice. OutId carries the outbox row id, so
 * the provider's delivery report names the row (Aliyun does not deduplicate on it).
 */
import { createRequire } from 'node:module';
import type { OutgoingSms, SmsResult, SmsSender, SmsTemplateKey } from './sms';

const require = createRequire(import.meta.url);

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<SmsTemplateKey, string>;
  /** host[:port]; default dysmsapi.aliyuncs.com over HTTPS. A loopback host is spoken to over HTTP. */
  endpoint?: string | undefined;
}

// Codes that say "not now" rather than "never": retried with backoff.
const TRANSIENT = /LIMIT|Throttling|ServiceUnavailable|InternalError|isp\.SYSTEM_ERROR|isp\.RAM_PERMISSION_DENY/i;

/** Aliyun takes mainland numbers as 11 digits and others as country code + number, without +. */
export const aliyunNumber = (to: string) => to.replace(/^\+/, '');

const isLoopback = (endpoint: string) => /^(127\.|localhost|\[::1\])/.test(endpoint);

export function aliyunSms(config: AliyunSmsConfig): SmsSender {
  type Sdk = typeof import('@alicloud/dysmsapi20170525');
  type Dara = typeof import('@darabonba/typescript');
  const sdk = require('@alicloud/dysmsapi20170525') as Sdk & { default: Sdk['default'] };
  const dara = require('@darabonba/typescript') as Dara;
  const endpoint = config.endpoint ?? 'dysmsapi.aliyuncs.com';
  const client = new sdk.default({
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    endpoint,
    protocol: isLoopback(endpoint) ? 'http' : 'https',
  } as ConstructorParameters<Sdk['default']>[0]);
  return {
    name: 'aliyun',
    async send(sms: OutgoingSms, { idempotencyKey, timeoutMs }): Promise<SmsResult> {
      const request = new sdk.SendSmsRequest({
        phoneNumbers: aliyunNumber(sms.to),
        signName: config.signName,
        templateCode: config.templates[sms.template],
        templateParam: JSON.stringify(sms.params),
        outId: idempotencyKey,
      });
      const runtime = new dara.RuntimeOptions({
        readTimeout: timeoutMs,
        connectTimeout: Math.min(timeoutMs, 3000),
        autoretry: false,
        maxAttempts: 1,
      });
      try {
        const response = await client.sendSmsWithOptions(request, runtime);
        const body = response.body;
        if (body?.code === 'OK') return { ok: true, providerId: body.bizId ?? body.requestId ?? '' };
        const code = body?.code ?? 'unknown';
        return { ok: false, error: `${code}: ${body?.message ?? ''}`, permanent: !TRANSIENT.test(code) };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

/** An error the SDK threw: the provider's refusal, a connection never made, or no answer. */
function classify(error: unknown): SmsResult {
  const e = error as { code?: string; statusCode?: number; message?: string; name?: string };
  const text = `${e.code ?? e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (typeof e.statusCode === 'number') {
    // The provider answered: a 4xx that is not a limit is this message's fault, for good.
    const transient = e.statusCode >= 500 || e.statusCode === 429 || TRANSIENT.test(e.code ?? '');
    return { ok: false, error: text, permanent: !transient };
  }
  // Refused or unreachable before anything was sent: safe to try again.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(text))
    return { ok: false, error: text, permanent: false };
  return { ok: false, error: text, permanent: false, unknown: true };
}
