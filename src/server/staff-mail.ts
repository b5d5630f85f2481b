/**
 * Mails of case handling: the staff sign-in link, and the notice a citizen gets at each public
 * status change. Both go through petition-api's transactional outbox (mail.ts).
 */
import { formatChineseDate } from './receipt-info';
import { html, type Html } from './html';
import { settings } from '../lib/settings';
import { shanghaiDate } from '../lib/deadlines';
import { articleLabel } from '../lib/law-links';
import type { PublicNotice } from './timeline';

/** Outbox kinds added by case handling (the column has no CHECK; mail.ts lists its own kinds). */
export const STAFF_MAIL_KINDS = ['staff-login', 'status-update'] as const;

function page(title: string, body: Html): string {
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:sans-serif;font-size:16px;line-height:1.7;color:#1a1a1a;max-width:40em">${body}
<p style="color:#555;font-size:14px">${settings.office.name}\u3000本邮件由系统自动发送，请勿直接回复。</p></body></html>`.toString();
}

export function renderLoginMail(name: string, link: string): { subject: string; html: string; text: string } {
  const subject = `${settings.office.name}工作人员后台登录链接`;
  const text = [
    `${name}：`,
    '',
    '请打开下面的链接，再点击页面上的“登录”按钮进入工作人员后台：',
    link,
    '',
    '链接 15 分钟内有效，只能使用一次。如果不是您本人申请登录，请忽略本邮件，并告知系统管理员。',
  ].join('\n');
  const body = page(
    subject,
    html`<p>${name}：</p>
<p>请打开下面的链接，再点击页面上的“登录”按钮进入工作人员后台：</p>
<p><a href="${link}">${link}</a></p>
<p>链接 15 分钟内有效，只能使用一次。如果不是您本人申请登录，请忽略本邮件，并告知系统管理员。</p>`,
  );
  return { subject, html: body, text };
}

/** The citizen's notice of a public event: what happened, what it means, what comes next. */
export function renderStatusMail(
  code: string,
  trackUrl: string,
  notice: PublicNotice,
): { subject: string; html: string; text: string } {
  const subject = `您的信访事项（查询码 ${code}）：${notice.label}`;
  const basis = notice.article ? `依据：《信访工作条例》${articleLabel(notice.article)}` : '';
  const when = formatChineseDate(shanghaiDate(notice.at));
  const details = notice.details.map((d) => `${d.label}：${d.value}`);
  const text = [
    `您好！您的信访事项（查询码 ${code}）有新的办理进展：`,
    '',
    `${when}\u3000${notice.label}`,
    notice.explanation,
    ...details,
    basis,
    '',
    `查看办理进度（需要输入查询码和联系电话后四位）：${trackUrl}`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
  const body = page(
    subject,
    html`<p>您好！您的信访事项（查询码 <strong>${code}</strong>）有新的办理进展：</p>
<p><strong>${when}\u3000${notice.label}</strong></p>
<p>${notice.explanation}</p>
${details.map((d, i) => html`${i > 0 ? '\n' : ''}<p>${d}</p>`)}
${basis ? html`<p>${basis}</p>` : ''}
<p><a href="${trackUrl}">查看办理进度</a>（需要输入查询码和联系电话后四位）</p>`,
  );
  return { subject, html: body, text };
}
