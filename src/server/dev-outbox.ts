/** The development page that shows the local outbox (/dev/outbox/, DEV_MODE only). */
import type { Env } from './env';
import { html, type Html } from './html';
import { listOutbox, mailerOf, type OutboxEntry } from './mail';
import { formatShanghaiDateTime } from './receipt-info';
import { renderSms, type SmsEntry } from './sms';

const STATUS: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' };

const SMS_STATUS: Record<string, string> = { ...STATUS, unknown: '结果未知（不再重发）' };

export async function renderOutboxPage(env: Env, sms: readonly SmsEntry[] = []): Promise<Html> {
  return outboxPage(await listOutbox(env, 50), Boolean(mailerOf(env)), sms, env);
}

/** The SMS part: each message as the phone would show it (parameters are gone once sent). */
function smsSection(sms: readonly SmsEntry[], env: Pick<Env, 'SMS' | 'SMS_SIGN_NAME'>): Html {
  const mode = env.SMS
    ? html`短信服务：${env.SMS.name}。`
    : html`未配置短信服务（SMS_PROVIDER）：短信只保存在本地发件箱，不会发出。`;
  const items = sms.map(
    (m) => html`<article class="mail sms">
<h3>发送至 ${m.to}</h3>
<dl>
<dt>模板</dt><dd>${m.template}</dd>
<dt>状态</dt><dd>${SMS_STATUS[m.status] ?? m.status}（尝试 ${m.attempts} 次）${m.lastError ? html`：${m.lastError}` : ''}</dd>
<dt>写入时间</dt><dd><time datetime="${m.createdAt}">${formatShanghaiDateTime(m.createdAt)}</time></dd>
</dl>
<pre>${Object.keys(m.params).length > 0 ? renderSms(env, m.template, m.params) : '（已发送，短信参数已删除）'}</pre>
</article>`,
  );
  return html`<section><h2>短信</h2><p>${mode}</p><p>最近 ${sms.length} 条。</p>${sms.length > 0 ? items : html`<p>没有短信。</p>`}</section>`;
}

/** The page for these entries; `sending` says whether a mail service is configured. */
export function outboxPage(
  entries: readonly Pick<
    OutboxEntry,
    'id' | 'subject' | 'to' | 'kind' | 'status' | 'attempts' | 'lastError' | 'createdAt' | 'text'
  >[],
  sending: boolean,
  sms: readonly SmsEntry[] = [],
  env: Pick<Env, 'SMS' | 'SMS_SIGN_NAME'> = {},
): Html {
  const items = entries.map(
    (m, i) =>
      html`${i > 0 ? '\n' : ''}<article class="mail">
<h2>${m.subject}</h2>
<dl>
<dt>收件人</dt><dd>${m.to}</dd>
<dt>类型</dt><dd>${m.kind}</dd>
<dt>状态</dt><dd>${STATUS[m.status] ?? m.status}（尝试 ${m.attempts} 次）${m.lastError ? html`：${m.lastError}` : ''}</dd>
<dt>写入时间</dt><dd><time datetime="${m.createdAt}">${formatShanghaiDateTime(m.createdAt)}</time></dd>
</dl>
<pre>${m.text}</pre>
<p><a href="/dev/outbox/${m.id}">查看邮件的 HTML 版本</a></p>
</article>`,
  );
  const mode = sending
    ? '已配置 RESEND_API_KEY：邮件会通过 Resend 发出。'
    : '未配置 RESEND_API_KEY：邮件只保存在本地发件箱，不会发出。';
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>本地发件箱（仅开发环境）</title>
<style>body{font-family:sans-serif;max-width:50em;margin:1em auto;padding:0 1em;line-height:1.6}pre{white-space:pre-wrap;background:#f3f3f3;padding:1em}.mail{border-top:1px solid #999;margin-top:1em}</style></head>
<body><main><h1>本地发件箱（仅开发环境）</h1><p>${mode}</p><p>最近 ${entries.length} 封。</p>${entries.length > 0 ? items : html`<p>发件箱是空的。</p>`}${smsSection(sms, env)}</main></body></html>`;
}
