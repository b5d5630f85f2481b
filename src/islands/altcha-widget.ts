/**
 * The ALTCHA widget (a web component, <altcha-widget>) set up for the petition form. Imported only
 * when the server's bot check is ALTCHA (petition-captcha.tsx), so other pages and other modes never
 * load it. The "external" build is used, with its stylesheet and its proof-of-work worker as files
 * of this site: the default build makes its worker from a blob: URL, which the
 * Content-Security-Policy would have to allow (worker-src blob:).
 */
import 'altcha/external';
import altchaCss from 'altcha/altcha.css?url';
import Pbkdf2Worker from 'altcha/workers/pbkdf2?worker';

/** The widget's texts, in plain Chinese for people who may never have seen such a check. */
const STRINGS_ZH: Record<string, string> = {
  ariaLinkLabel: 'ALTCHA（官方网站）',
  cancel: '取消',
  enterCode: '输入验证码',
  enterCodeAria: '输入您听到的验证码。按空格键播放声音。',
  enterCodeFromImage: '请输入下图中的验证码后继续。',
  error: '验证没有成功，请再点一次“我不是机器人”',
  expired: '验证已过期，请再点一次“我不是机器人”',
  footer: '',
  getAudioChallenge: '听声音验证码',
  label: '我不是机器人',
  loading: '正在加载…',
  reload: '重新加载',
  verificationRequired: '请先完成人机验证',
  verified: '验证通过',
  verify: '验证',
  verifying: '正在验证…',
  waitAlert: '正在验证，请稍等…',
};

// Linked here rather than imported as CSS: Astro would put an imported stylesheet on the page for
// every mode, while this module is loaded only when the server asks for ALTCHA.
if (!document.querySelector('link[data-altcha-css]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = altchaCss;
  link.dataset['altchaCss'] = '';
  document.head.appendChild(link);
}

// The only algorithm this server issues (src/server/captcha.ts ALTCHA_WORK).
globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Pbkdf2Worker());
globalThis.$altcha.i18n.set('zh-cn', STRINGS_ZH);

export const ALTCHA_LANGUAGE = 'zh-cn';
