/**
 * The SMS port on Tencent Cloud SMS (腾讯云短信, API 2021-01-11, SendSms), Node only. SmsSdkAppId,
 * the signature and the template ids come from settings (SMS_SDK_APP_ID, SMS_SIGN_NAME,
 * SMS_TEMPLATE_CODE, SMS_TEMPLATE_STATUS); SMS_ENDPOINT points the SDK at another host (the tests'
 * local stand-in). SessionContext carries the outbox row id for the delivery report (Tencent does
 * not deduplicate on it); the outbox (src/server/sms.ts) owns retries.
 */
import { createRequire } from 'node:module';
import type { OutgoingSms, SmsResult, SmsSender, SmsTemplateKey } from './sms';

const require = createRequire(import.meta.url);

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templates: Record<SmsTemplateKey, string>;
  /** Default ap-guangzhou. */
  region?: string | undefined;
  /** host[:port]; default sms.tencentcloudapi.com over HTTPS. A loopback host is spoken to over HTTP. */
  endpoint?: string | undefined;
}

// Codes that say "not now" rather than "never".
const TRANSIENT =
  /LimitExceeded|RequestLimitExceeded|InternalError|ServiceUnavailable|ResourceUnavailable|FailedOperation\.(?:InsufficientBalance|FrequencyLimit)/i;

/** Tencent takes every number in E.164: +86 and the 11 digits for a mainland one. */
export const tencentNumber = (to: string) => (to.startsWith('+') ? to : `+86${to}`);

const isLoopback = (endpoint: string) => /^(127\.|localhost|\[::1\])/.test(endpoint);

export function tencentSms(config: TencentSmsConfig): SmsSender {
  type Sdk = typeof import('tencentcloud-sdk-nodejs-sms');
  const sdk = require('tencentcloud-sdk-nodejs-sms') as Sdk;
  const endpoint = config.endpoint ?? 'sms.tencentcloudapi.com';
  const make = (timeoutMs: number) =>
    new sdk.sms.v20210111.Client({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region ?? 'ap-guangzhou',
      profile: {
        httpProfile: {
          endpoint,
          protocol: isLoopback(endpoint) ? 'http://' : 'https://',
          reqTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
        },
      },
    });
  return {
    name: 'tencent',
    async send(sms: OutgoingSms, { idempotencyKey, timeoutMs }): Promise<SmsResult> {
      const client = make(timeoutMs);
      const params = SMS_PARAM_ORDER[sms.template].map((k) => sms.params[k] ?? '');
      try {
        const answer = await client.SendSms({
          PhoneNumberSet: [tencentNumber(sms.to)],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: config.templates[sms.template],
          TemplateParamSet: params,
          SessionContext: idempotencyKey,
        });
        const status = answer.SendStatusSet?.[0];
        if (status?.Code === 'Ok') return { ok: true, providerId: status.SerialNo ?? answer.RequestId ?? '' };
        const code = status?.Code ?? 'unknown';
        return { ok: false, error: `${code}: ${status?.Message ?? ''}`, permanent: !TRANSIENT.test(code) };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

/** Tencent templates number their parameters ({1}); the order of each template's names. */
const SMS_PARAM_ORDER: Record<SmsTemplateKey, readonly string[]> = { code: ['code'], status: ['code'] };

function classify(error: unknown): SmsResult {
  const e = error as { code?: string; httpCode?: number; message?: string; name?: string };
  const text = `${e.code ?? e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (typeof e.httpCode === 'number' || (e.code && !/^E[A-Z]+$/.test(e.code))) {
    // The provider answered with an error code.
    const transient = (e.httpCode ?? 0) >= 500 || TRANSIENT.test(e.code ?? '');
    return { ok: false, error: text, permanent: !transient };
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(text))
    return { ok: false, error: text, permanent: false };
  return { ok: false, error: text, permanent: false, unknown: true };
}
