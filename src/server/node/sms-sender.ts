/**
 * The Node server's SMS provider from its settings (docs/configuration.md): SMS_PROVIDER "aliyun"
 * or "tencent" with its keys, signature and template ids; anything missing is a start-up error
 * rather than messages that silently never leave. Unset: no provider, SMS wait in the outbox.
 */
import { settings } from '../../lib/settings';
import type { SmsSender } from '../platform/sms';
import { aliyunSms } from '../platform/sms-aliyun';
import { tencentSms } from '../platform/sms-tencent';
import { ConfigError } from './config';

export function smsSenderOf(vars: Record<string, string | undefined>): SmsSender | null {
  const provider = vars['SMS_PROVIDER'];
  if (!provider || provider === 'none') return null;
  const need = (name: string): string => {
    const v = vars[name];
    if (!v) throw new ConfigError(`SMS_PROVIDER=${provider} needs ${name} (docs/configuration.md)`);
    return v;
  };
  const templates = { code: need('SMS_TEMPLATE_CODE'), status: need('SMS_TEMPLATE_STATUS') };
  const signName = vars['SMS_SIGN_NAME'] ?? settings.office.name;
  if (provider === 'aliyun')
    return aliyunSms({
      accessKeyId: need('SMS_ACCESS_KEY_ID'),
      accessKeySecret: need('SMS_ACCESS_KEY_SECRET'),
      signName,
      templates,
      endpoint: vars['SMS_ENDPOINT'],
    });
  if (provider === 'tencent')
    return tencentSms({
      secretId: need('SMS_ACCESS_KEY_ID'),
      secretKey: need('SMS_ACCESS_KEY_SECRET'),
      sdkAppId: need('SMS_SDK_APP_ID'),
      signName,
      templates,
      region: vars['SMS_REGION'],
      endpoint: vars['SMS_ENDPOINT'],
    });
  throw new ConfigError(`SMS_PROVIDER must be aliyun, tencent or none, not ${provider}`);
}
