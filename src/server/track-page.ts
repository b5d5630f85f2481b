/**
 * The tracking page's answer, rendered on the server for every visitor (issue 11): the result, every
 * notice with its details (延期理由 Art. 34, 受理告知 Art. 23, the written reply), and the follow-ups
 * (rating, 复查/复核) as plain forms. No island: a person on a slow phone or without script gets the
 * same page, and nothing typed can be lost to hydration. The page's little script only checks the
 * lookup form before it is sent.
 *
 * The phone digits the person just typed go back into the follow-up forms as hidden fields: they
 * prove the person again for each request, exactly as the island did, and the page is no-store.
 */
import { formatChineseDate } from '../lib/chinese-date';
import { articleLink } from '../lib/law-links';
import { formatCode, normaliseCode } from '../lib/tracking-code';
import { RATINGS, RATING_LABELS } from '../lib/workflow';
import { html, type Html } from './html';
import { formatShanghaiDateTime } from './receipt-info';
import { settings } from '../lib/settings';
import type { PublicCaseView, PublicTimeline } from './timeline';
import { TRACK_MISS_MESSAGE, type TrackOutcome } from './track';

type Review = NonNullable<PublicTimeline['review']>;
type Notice = PublicCaseView['notices'][number];

/** What a follow-up form post left to say, shown in that form's block. */
export type FollowUpFlash =
  | { form: 'rate'; code: string; done: true; rating: string }
  | {
      form: 'review';
      code: string;
      done: true;
      newCode: string;
      stageLabel: string;
      decisionDue: string;
      receiptUrl: string;
    }
  | {
      form: 'rate' | 'review';
      code: string;
      done: false;
      message: string;
      fields: Record<string, string>;
      values: Record<string, string>;
    };

const STAGE_WORD = { review: '复查', recheck: '复核' } as const;
const STAGE_ARTICLE = { review: 35, recheck: 36 } as const;

function law(n: number | null | undefined): Html | string {
  const l = articleLink(n);
  return l ? html`<a href="${l.href}">${l.label}</a>` : '';
}

const sameCase = (a: string, b: string) => normaliseCode(a) === normaliseCode(b);

function fieldError(id: string, text: string | undefined): Html | string {
  return text
    ? html`<span class="field-error" id="${id}"><span class="visually-hidden">错误：</span>${text}</span>`
    : '';
}

function describedBy(hint: string, error: string, has: boolean): string {
  return has ? `${hint} ${error}` : hint;
}

function noticeItem(n: Notice): Html {
  const details = n.details.length
    ? html`<dl class="notice-details">${n.details.map((d) => html`<div><dt>${d.label}</dt><dd>${d.value}</dd></div>`)}</dl>`
    : '';
  const basis =
    n.articleLabel && n.articleHref?.startsWith('/law/')
      ? html`<p class="timeline-basis">依据：<a href="${n.articleHref}">《信访工作条例》${n.articleLabel}</a></p>`
      : '';
  return html`<li><p class="timeline-date"><time datetime="${n.at}">${formatShanghaiDateTime(n.at)}</time></p>
<p class="timeline-label"><strong>${n.label}</strong></p>${n.explanation ? html`<p>${n.explanation}</p>` : ''}${details}${basis}</li>`;
}

/** What the person proved: the digits typed, and the receipt link's tag when they came with one. */
interface Proof {
  phoneLast4: string;
  t: string;
}

function proofFields(code: string, p: Proof): Html {
  // The tag goes on with the follow-up forms, so they are counted in the tagged budget too (track.ts).
  return html`<input type="hidden" name="code" value="${code}"><input type="hidden" name="phoneLast4" value="${p.phoneLast4}">${
    p.t ? html`<input type="hidden" name="t" value="${p.t}">` : ''
  }`;
}

function statusBlock(flash: FollowUpFlash | undefined, form: 'rate' | 'review', code: string): Html | string {
  if (!flash || flash.form !== form || !sameCase(flash.code, code)) return '';
  if (!flash.done)
    return html`<div class="status-message problem" role="alert" tabindex="-1" autofocus><p>${flash.message}</p></div>`;
  if (flash.form === 'rate')
    return html`<div class="status-message" role="status" tabindex="-1" autofocus><p>谢谢您的评价（${flash.rating}）。评价已经记录，每个事项只能评价一次。</p></div>`;
  return '';
}

function rateForm(code: string, proof: Proof, uid: string, H: string, flash?: FollowUpFlash): Html {
  const mine = flash && flash.form === 'rate' && sameCase(flash.code, code) && !flash.done ? flash : undefined;
  const fields = mine?.fields ?? {};
  const chosen = mine?.values['rating'] ?? '';
  const radios = RATINGS.map(
    (r) =>
      html`<div class="choice"><input type="radio" id="rate-${uid}-${r}" name="rating" value="${r}"${chosen === r ? html` checked` : ''}${
        r === RATINGS[0] ? html` required` : ''
      }><label for="rate-${uid}-${r}">${RATING_LABELS[r]}</label></div>`,
  );
  return html`<section class="panel" aria-labelledby="rate-${uid}-title"><${H} id="rate-${uid}-title">评价处理意见</${H}>
${statusBlock(flash, 'rate', code)}
<form method="post" action="/api/track/rate">${proofFields(code, proof)}
<p>您对这次的处理意见满意吗？评价只能提交一次，提交后不能修改（依据 ${law(21)}）。</p>
<fieldset class="${fields['rating'] ? 'field has-error' : 'field'}"${fields['rating'] ? html` aria-describedby="rate-${uid}-error"` : ''}><legend>您的评价</legend>
${fieldError(`rate-${uid}-error`, fields['rating'])}<div class="choices">${radios}</div></fieldset>
<div class="${fields['comment'] ? 'field has-error' : 'field'}"><label for="rate-${uid}-comment">意见和建议<span class="optional">（选填）</span></label>
<span class="hint" id="rate-${uid}-comment-hint">最多 500 字。请不要填写身份证号等个人信息。</span>${fieldError(`rate-${uid}-comment-error`, fields['comment'])}
<textarea id="rate-${uid}-comment" name="comment" rows="3" maxlength="500" aria-describedby="${describedBy(`rate-${uid}-comment-hint`, `rate-${uid}-comment-error`, !!fields['comment'])}">${mine?.values['comment'] ?? ''}</textarea></div>
<div class="form-actions"><button type="submit">提交评价</button></div></form></section>`;
}

function reviewBlock(
  view: PublicCaseView,
  w: Review,
  proof: Proof,
  uid: string,
  H: string,
  flash?: FollowUpFlash,
): Html {
  const word = STAGE_WORD[w.stage];
  const article = STAGE_ARTICLE[w.stage];
  const what = w.stage === 'review' ? '处理意见' : '复查意见';
  const code = view.code;
  const shown = formatCode(code);
  if (!w.open) {
    return html`<section class="panel" aria-labelledby="review-${uid}-title"><${H} id="review-${uid}-title">请求${word}</${H}>
<p>${w.reason ?? `请求${word}的期限已于 ${formatChineseDate(w.due)} 届满。`}</p>
<p>依据：${law(article)}，信访人对${what}不服的，可以自收到书面答复之日起 30 日内请求${word}。</p></section>`;
  }
  const when = !w.startKnown
    ? html`请自收到书面答复之日起 30 日内提出。本站还没有登记您收到书面答复的日期，所以期限尚未开始计算，不会在登记之前届满`
    : html`您收到书面答复的日期是 ${w.receivedOn ? formatChineseDate(w.receivedOn) : '—'}，期限从这一天的次日起计算。请在 <strong>${formatChineseDate(
        w.due,
      )}</strong> 前提出${typeof w.daysLeft === 'number' ? `（${w.daysLeft > 0 ? `还剩 ${w.daysLeft} 天` : '今天是最后一天'}）` : ''}`;
  const mine = flash && flash.form === 'review' && sameCase(flash.code, code) ? flash : undefined;
  if (mine?.done) {
    return html`<section class="panel" aria-labelledby="review-${uid}-title"><${H} id="review-${uid}-title">${mine.stageLabel}请求已提交</${H}>
<div class="status-message" role="status" tabindex="-1" autofocus><p>您的${mine.stageLabel}请求已提交。新的查询码是 <strong class="code-nowrap">${mine.newCode}</strong>，请记下来，用它和同一联系电话后四位查询${mine.stageLabel}进度。${
      mine.decisionDue ? `应在 ${formatChineseDate(mine.decisionDue)} 前作出${mine.stageLabel}意见。` : ''
    }</p><p><a href="${mine.receiptUrl}">查看和打印${mine.stageLabel}回执</a></p></div></section>`;
  }
  const fields = mine && !mine.done ? mine.fields : {};
  const values = mine && !mine.done ? mine.values : {};
  const request =
    values['request'] ?? `请求对查询码 ${shown} 的${view.stage === 'review' ? '复查意见' : '处理意见'}进行${word}。`;
  // A <details> opens without script, so the form is one tap away and stays out of the way until then.
  return html`<section class="panel" aria-labelledby="review-${uid}-title"><${H} id="review-${uid}-title">对${what}不服，可以请求${word}</${H}>
<p>${when}。${word}由上一级机关、单位办理，自收到请求之日起 30 日内作出意见（依据 ${law(article)}）。</p>
${statusBlock(flash, 'review', code)}
<details class="review-details"${mine ? html` open` : ''}><summary>申请${word}</summary>
<form method="post" action="/api/track/review">${proofFields(code, proof)}
<p class="small">请求会关联到查询码 ${shown} 的事项，您的姓名、联系方式沿用原来填写的，不需要重新填写。</p>
<div class="${fields['request'] ? 'field has-error' : 'field'}"><label for="review-${uid}-request">您的请求</label>
<span class="hint" id="review-${uid}-request-hint">已按本事项填好，可以修改。</span>${fieldError(`review-${uid}-request-error`, fields['request'])}
<textarea id="review-${uid}-request" name="request" rows="3"${fields['request'] ? html` aria-invalid="true"` : ''} aria-describedby="${describedBy(
    `review-${uid}-request-hint`,
    `review-${uid}-request-error`,
    !!fields['request'],
  )}">${request}</textarea></div>
<div class="${fields['reasons'] ? 'field has-error' : 'field'}"><label for="review-${uid}-reasons">不服的事实和理由</label>
<span class="hint" id="review-${uid}-reasons-hint">请写明您认为${what}哪里不对、为什么，至少 10 个字。</span>${fieldError(`review-${uid}-reasons-error`, fields['reasons'])}
<textarea id="review-${uid}-reasons" name="reasons" rows="6"${fields['reasons'] ? html` aria-invalid="true"` : ''} aria-describedby="${describedBy(
    `review-${uid}-reasons-hint`,
    `review-${uid}-reasons-error`,
    !!fields['reasons'],
  )}">${values['reasons'] ?? ''}</textarea></div>
<div class="form-actions"><button type="submit">提交${word}请求</button></div></form></details></section>`;
}

function followUp(view: PublicCaseView, proof: Proof, level: 3 | 4, uid: string, flash?: FollowUpFlash): Html {
  const H = level === 3 ? 'h3' : 'h4';
  const next = level === 4 && view.next && !(view.next.party === 'citizen' && view.review?.open) ? view.next : null;
  const linked = level === 3 ? view.linked : [];
  return html`<div class="track-follow-up">${
    next
      ? html`<section class="panel" aria-label="下一个期限"><${H}>下一个期限</${H}><p>${next.label}：<strong>${formatChineseDate(next.due)}</strong>前${
          next.daysLeftText ? `（${next.daysLeftText}）` : ''
        }。依据 ${law(next.article)}。</p></section>`
      : ''
  }${view.rating.given ? html`<p>您对处理意见的评价：<strong>${view.rating.given}</strong>。谢谢！</p>` : ''}${
    view.rating.canRate ? '' : statusBlock(flash, 'rate', view.code)
  }${view.rating.canRate ? rateForm(view.code, proof, uid, H, flash) : ''}${
    view.review ? reviewBlock(view, view.review, proof, uid, H, flash) : ''
  }${linked.map(
    (child, i) =>
      html`<section class="panel" aria-label="${`${child.stageLabel}事项 ${formatCode(child.code)}`}"><${H}>${child.stageLabel}事项：查询码 <span class="code-nowrap">${formatCode(
        child.code,
      )}</span></${H}><p>办理状态：<strong>${child.statusLabel}</strong></p>${
        child.notices.length ? html`<ol class="timeline">${child.notices.map(noticeItem)}</ol>` : ''
      }${followUp(child, { phoneLast4: proof.phoneLast4, t: '' }, 4, `${uid}-${i + 1}`, flash)}</section>`,
  )}</div>`;
}

/**
 * The result region of the tracking page. `phoneLast4` is what the person typed (found only), `t`
 * the receipt tag they came with (a linked 复查/复核 case has a code, and so a tag, of its own).
 */
export function renderTrackResult(outcome: TrackOutcome, phoneLast4 = '', flash?: FollowUpFlash, t = ''): Html {
  if (outcome.kind === 'found') {
    const r = outcome.result;
    const next = r.next
      ? html`<p class="track-next">下一个期限：${r.next.label}，${formatChineseDate(r.next.due)}${
          r.next.daysLeftText ? html`（${r.next.daysLeftText}）` : ''
        }</p>`
      : '';
    // The heading takes focus after a lookup (autofocus on a focusable heading) unless a follow-up
    // form's message asks for it.
    const focus = flash ? '' : html` autofocus`;
    return html`<h2 id="track-result-title" tabindex="-1"${focus}>查询码 <span class="code-nowrap">${r.code}</span>：${r.statusLabel}</h2>
<p>${r.statusExplanation}</p>${next}<h3>办理经过</h3>${
      r.notices.length ? html`<ol class="timeline">${r.notices.map(noticeItem)}</ol>` : html`<p>还没有办理记录。</p>`
    }${followUp({ ...r, code: r.code }, { phoneLast4, t }, 3, 'c0', flash)}`;
  }
  if (outcome.kind === 'verify') return verifyNotice(outcome);
  const message =
    outcome.kind === 'miss'
      ? TRACK_MISS_MESSAGE
      : outcome.kind === 'rate-limited'
        ? outcome.message
        : Object.values(outcome.errors).join('；');
  return html`<div class="error-summary" role="alert"><h2 id="track-result-title" tabindex="-1" autofocus>没有查到结果</h2><p>${message}</p></div>`;
}

/**
 * Past the code's untagged budget (track-pricing.ts): the page's script solves the challenge and
 * posts the lookup again by itself; without script, the person is told every other way in.
 */
function verifyNotice(outcome: Extract<TrackOutcome, { kind: 'verify' }>): Html {
  const minutes = Math.ceil(outcome.retryAfter / 60);
  const phone = settings.channels.phone;
  return html`<div class="status-message" role="status" data-track-verify data-challenge-url="${outcome.challengeUrl}"><h2 id="track-result-title" tabindex="-1" autofocus>查询前需要完成安全验证</h2><p>${outcome.message}。</p><p data-track-verify-status hidden>浏览器正在自动验证，一般需要几秒，较旧的手机可能要半分钟左右。完成后会自动查询，请不要关闭页面。</p><noscript><p>您的浏览器没有运行页面脚本，无法完成这一验证。您可以：用手机扫描回执上的二维码，或打开回执、短信、邮件中的查询链接查询；开启浏览器的 JavaScript 后重新查询；约 ${minutes} 分钟后再来查询；也可以在${phone.hours}拨打 ${phone.number}，告诉工作人员您的查询码。</p></noscript></div>`;
}
