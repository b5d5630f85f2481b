/**
 * The staff sign-in page, a small self-contained page (its own styles, a strict CSP) built with the
 * auto-escaping html template.
 */
import { settings } from '../lib/settings';
import { AUTH_MESSAGES } from './auth';
import { html } from './html';
import { LOGIN_SENT_MESSAGE } from './staff-sign-in';

/**
 * GET /staff/login/: the page the emailed link opens. It changes nothing (mail scanners prefetch
 * links): with a token it shows a button that POSTs it; without one, a form to ask for a link.
 */
export function renderLoginPage(request: Request): Response {
  const url = new URL(request.url);
  const token = url.searchParams.get('token') ?? '';
  const error = url.searchParams.get('error');
  const signedOut = url.searchParams.get('signedOut');
  const wellFormed = /^[A-Za-z0-9_-]{43}$/.test(token);
  const office = settings.office.name;
  const sent = url.searchParams.get('sent');
  const notice = error
    ? html`<div class="alert" role="alert"><p>${AUTH_MESSAGES.tokenInvalid}。</p></div>`
    : signedOut
      ? html`<div class="ok" role="status"><p>您已安全退出。</p></div>`
      : sent
        ? html`<div class="ok" role="status"><p>${LOGIN_SENT_MESSAGE}。</p></div>`
        : '';
  const body = wellFormed
    ? html`<h1>登录工作人员后台</h1>
<p>请点击下面的按钮完成登录。登录链接只能使用一次，15 分钟内有效。</p>
<form method="post" action="/api/staff/login/confirm">
<input type="hidden" name="token" value="${token}">
<button type="submit">登录</button>
</form>`
    : html`<h1>登录工作人员后台</h1>
${notice}
<p>请填写您在工作人员名单中的邮箱，我们会把一次性登录链接发送到这个邮箱。</p>
<form method="post" action="/api/staff/login">
<label for="email">工作邮箱</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">发送登录链接</button>
</form>
`;
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>登录工作人员后台 - ${office}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;font-size:1.125rem;line-height:1.7;color:#1a1a1a;background:#fff;margin:0}
header,main{max-width:36rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ccc}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input{font-size:1.125rem;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #444;border-radius:4px}
button{font-size:1.125rem;margin-top:1rem;padding:.6rem 1.5rem;background:#1d4e89;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #c60;outline-offset:2px}
.alert{border-left:5px solid #a00;padding:.25rem 1rem;background:#fdecec}
.ok{border-left:5px solid #1a6b1a;padding:.25rem 1rem;background:#eaf6ea}
a{color:#1d4e89}
</style></head>
<body><header><p><a href="/">${office}</a></p></header>
<main id="main">${body}</main></body></html>`;
  return new Response(page.toString(), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with the form
      // post, which the Origin check refuses. The token never leaves the site either way.
      'referrer-policy': 'same-origin',
      'x-robots-tag': 'noindex',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
  });
}
