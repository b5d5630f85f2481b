/**
 * What a citizen can do after a written reply, under the tracking result (issue 4):
 * - see the next deadline with days left and the article it rests on;
 * - rate the reply once (满意 / 基本满意 / 不满意, Art. 21 ¶2);
 * - within 30 days of the written reply, request 复查 (Art. 35), or 复核 after a 复查 reply (Art. 36),
 *   with a form pre-filled from the case; after the window the button is gone and the page says why;
 * - follow the linked 复查/复核 cases, each with the same follow-up.
 * Everything comes from the tracking answer (PublicCaseView in src/server/timeline.ts); the phone
 * digits the person just typed prove them again for each request, as for tracking itself.
 */
import { useId, useRef, useState } from 'react';
import { formatCode } from '../lib/tracking-code';
import { articleLink } from '../lib/law-links';
import { formatChineseDate as formatDate } from '../lib/chinese-date';
import { RATINGS, RATING_LABELS } from '../lib/workflow';

interface Notice {
  seq?: number;
  type: string;
  at: string;
  date?: string;
  label: string;
  explanation?: string;
  details?: { label: string; value: string }[];
}

export interface NextDeadline {
  label: string;
  due: string;
  daysLeft: number | null;
  daysLeftText: string | null;
  party?: 'office' | 'citizen';
  article: number;
}

interface ReviewWindow {
  stage: 'review' | 'recheck';
  open: boolean;
  due: string;
  daysLeft: number | null;
  reason: string | null;
  /** False while the day the reply was received is not recorded: then there is no last day to show. */
  startKnown?: boolean;
  /** Which day the window counts from, in plain words. */
  countsFrom?: string;
  /** YYYY-MM-DD the written reply was received, when known. */
  receivedOn?: string | null;
}

export interface FollowUpView {
  code?: string;
  stage?: string;
  stageLabel?: string;
  status?: string;
  statusLabel?: string;
  notices?: Notice[];
  next?: NextDeadline | null;
  review?: ReviewWindow | null;
  rating?: { given: string | null; canRate: boolean };
  parent?: { code: string; stage: string } | null;
  linked?: FollowUpView[];
}

interface Props {
  view: FollowUpView;
  /** Tracking code as typed (any format); the server normalises it. */
  code: string;
  /** The last four phone digits the person typed: every request proves them again. */
  phoneLast4: string;
  /** Heading level of this block's sections (under the result's h2); linked cases nest one level down. */
  level?: 3 | 4;
}

const STAGE_WORD = { review: '复查', recheck: '复核' } as const;
const STAGE_ARTICLE = { review: 35, recheck: 36 } as const;

function Law({ n }: { n: number }) {
  const law = articleLink(n);
  return law && <a href={law.href}>{law.label}</a>;
}

type Post =
  { ok: true; body: Record<string, unknown> } | { ok: false; message: string; fields: Record<string, string> };

async function post(path: string, body: Record<string, unknown>): Promise<Post> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return { ok: true, body: data };
    const fields: Record<string, string> = {};
    const raw = data['fields'] ?? data['errors'];
    if (typeof raw === 'object' && raw !== null) {
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') fields[k] = v;
    }
    const message = typeof data['error'] === 'string' ? data['error'] : '暂时无法提交，请稍后再试。';
    return { ok: false, message, fields };
  } catch {
    return { ok: false, message: '网络连接出了问题，请检查网络后再提交。您填写的内容还在页面上。', fields: {} };
  }
}

function ErrorText({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <span className="field-error" id={id}>
      <span className="visually-hidden">错误：</span>
      {text}
    </span>
  );
}

function RateForm({ code, phoneLast4, H }: { code: string; phoneLast4: string; H: 'h3' | 'h4' }) {
  const uid = useId().replace(/:/g, '');
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);

  async function onSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (rating === '') {
      setFields({ rating: '请选择满意、基本满意或不满意' });
      setProblem(null);
      document.getElementById(`rate-${uid}-${RATINGS[0]}`)?.focus();
      return;
    }
    setBusy(true);
    const r = await post('/api/track/rate', { code, phoneLast4, rating, comment });
    setBusy(false);
    if (r.ok) {
      setDone(RATING_LABELS[rating as (typeof RATINGS)[number]]);
      setFields({});
      setProblem(null);
    } else {
      setFields(r.fields);
      setProblem(r.message);
    }
    requestAnimationFrame(() => statusRef.current?.focus());
  }

  return (
    <section className="panel" aria-labelledby={`rate-${uid}-title`}>
      <H id={`rate-${uid}-title`}>评价处理意见</H>
      <div ref={statusRef} tabIndex={-1} role="status">
        {done && (
          <div className="status-message">
            <p>谢谢您的评价（{done}）。评价已经记录，每个事项只能评价一次。</p>
          </div>
        )}
        {problem && (
          <div className="status-message problem">
            <p>{problem}</p>
          </div>
        )}
      </div>
      {!done && (
        <form noValidate onSubmit={(e) => void onSubmit(e)}>
          <p>
            您对这次的处理意见满意吗？评价只能提交一次，提交后不能修改（依据 <Law n={21} />
            ）。
          </p>
          <fieldset
            className={fields['rating'] ? 'field has-error' : 'field'}
            aria-describedby={fields['rating'] ? `rate-${uid}-error` : undefined}
          >
            <legend>您的评价</legend>
            <ErrorText id={`rate-${uid}-error`} text={fields['rating']} />
            <div className="choices">
              {RATINGS.map((r) => (
                <div className="choice" key={r}>
                  <input
                    type="radio"
                    id={`rate-${uid}-${r}`}
                    name={`rating-${uid}`}
                    value={r}
                    checked={rating === r}
                    onChange={() => setRating(r)}
                  />
                  <label htmlFor={`rate-${uid}-${r}`}>{RATING_LABELS[r]}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className={fields['comment'] ? 'field has-error' : 'field'}>
            <label htmlFor={`rate-${uid}-comment`}>
              意见和建议<span className="optional">（选填）</span>
            </label>
            <span className="hint" id={`rate-${uid}-comment-hint`}>
              最多 500 字。请不要填写身份证号等个人信息。
            </span>
            <ErrorText id={`rate-${uid}-comment-error`} text={fields['comment']} />
            <textarea
              id={`rate-${uid}-comment`}
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              aria-describedby={`rate-${uid}-comment-hint${fields['comment'] ? ` rate-${uid}-comment-error` : ''}`}
            />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? '正在提交…' : '提交评价'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface ReviewDone {
  code: string;
  stageLabel: string;
  decisionDue: string;
}

function ReviewBlock({
  view,
  window,
  code,
  phoneLast4,
  H,
}: {
  view: FollowUpView;
  window: ReviewWindow;
  code: string;
  phoneLast4: string;
  H: 'h3' | 'h4';
}) {
  const uid = useId().replace(/:/g, '');
  const word = STAGE_WORD[window.stage];
  const article = STAGE_ARTICLE[window.stage];
  const shownCode = formatCode(view.code ?? code);
  const [open, setOpen] = useState(false);
  const [request, setRequest] = useState(
    `请求对查询码 ${shownCode} 的${view.stage === 'review' ? '复查意见' : '处理意见'}进行${word}。`,
  );
  const [reasons, setReasons] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<ReviewDone | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const firstRef = useRef<HTMLTextAreaElement>(null);

  async function onSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await post('/api/track/review', { code, phoneLast4, request, reasons });
    setBusy(false);
    if (r.ok) {
      const b = r.body;
      setDone({
        code: typeof b['code'] === 'string' ? b['code'] : '',
        stageLabel: typeof b['stageLabel'] === 'string' ? b['stageLabel'] : word,
        decisionDue: typeof b['decisionDue'] === 'string' ? b['decisionDue'] : '',
      });
      setFields({});
      setProblem(null);
    } else {
      setFields(r.fields);
      setProblem(r.message);
    }
    requestAnimationFrame(() => statusRef.current?.focus());
  }

  if (!window.open) {
    return (
      <section className="panel" aria-labelledby={`review-${uid}-title`}>
        <H id={`review-${uid}-title`}>请求{word}</H>
        <p>{window.reason ?? `请求${word}的期限已于 ${formatDate(window.due)} 届满。`}</p>
        <p>
          依据：
          <Law n={article} />
          ，信访人对{window.stage === 'review' ? '处理意见' : '复查意见'}不服的，可以自收到书面答复之日起 30 日内请求
          {word}。
        </p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby={`review-${uid}-title`}>
      <H id={`review-${uid}-title`}>
        对{window.stage === 'review' ? '处理意见' : '复查意见'}不服，可以请求{word}
      </H>
      <p>
        {window.startKnown === false ? (
          <>
            请自收到书面答复之日起 30
            日内提出。本站还没有登记您收到书面答复的日期，所以期限尚未开始计算，不会在登记之前届满
          </>
        ) : (
          <>
            您收到书面答复的日期是 {window.receivedOn ? formatDate(window.receivedOn) : '—'}
            ，期限从这一天的次日起计算。请在 <strong>{formatDate(window.due)}</strong> 前提出
            {typeof window.daysLeft === 'number' && (
              <>（{window.daysLeft > 0 ? `还剩 ${window.daysLeft} 天` : '今天是最后一天'}）</>
            )}
          </>
        )}
        。{word}由上一级机关、单位办理，自收到请求之日起 30 日内作出意见（依据 <Law n={article} />
        ）。
      </p>
      <div ref={statusRef} tabIndex={-1} role="status">
        {done && (
          <div className="status-message">
            <p>
              您的{done.stageLabel}请求已提交。新的查询码是 <strong>{done.code}</strong>
              ，请记下来，用它和同一手机号码后四位查询{done.stageLabel}进度。
              {done.decisionDue && `应在 ${formatDate(done.decisionDue)} 前作出${done.stageLabel}意见。`}
            </p>
          </div>
        )}
        {problem && (
          <div className="status-message problem">
            <p>{problem}</p>
          </div>
        )}
      </div>
      {!done && !open && (
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              setOpen(true);
              requestAnimationFrame(() => firstRef.current?.focus());
            }}
          >
            申请{word}
          </button>
        </div>
      )}
      {!done && open && (
        <form noValidate onSubmit={(e) => void onSubmit(e)}>
          <p className="small">
            请求会关联到查询码 {shownCode} 的事项，您的姓名、联系方式沿用原来填写的，不需要重新填写。
          </p>
          <div className={fields['request'] ? 'field has-error' : 'field'}>
            <label htmlFor={`review-${uid}-request`}>您的请求</label>
            <span className="hint" id={`review-${uid}-request-hint`}>
              已按本事项填好，可以修改。
            </span>
            <ErrorText id={`review-${uid}-request-error`} text={fields['request']} />
            <textarea
              ref={firstRef}
              id={`review-${uid}-request`}
              rows={3}
              value={request}
              onChange={(e) => setRequest(e.currentTarget.value)}
              aria-invalid={fields['request'] ? true : undefined}
              aria-describedby={`review-${uid}-request-hint${fields['request'] ? ` review-${uid}-request-error` : ''}`}
            />
          </div>
          <div className={fields['reasons'] ? 'field has-error' : 'field'}>
            <label htmlFor={`review-${uid}-reasons`}>不服的事实和理由</label>
            <span className="hint" id={`review-${uid}-reasons-hint`}>
              请写明您认为{window.stage === 'review' ? '处理意见' : '复查意见'}哪里不对、为什么，至少 10 个字。
            </span>
            <ErrorText id={`review-${uid}-reasons-error`} text={fields['reasons']} />
            <textarea
              id={`review-${uid}-reasons`}
              rows={6}
              value={reasons}
              onChange={(e) => setReasons(e.currentTarget.value)}
              aria-invalid={fields['reasons'] ? true : undefined}
              aria-describedby={`review-${uid}-reasons-hint${fields['reasons'] ? ` review-${uid}-reasons-error` : ''}`}
            />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? '正在提交…' : `提交${word}请求`}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function NoticeDetails({ notices, H }: { notices: Notice[]; H: 'h3' | 'h4' }) {
  // The written reply is what the person most needs to read in full; other notices are in the timeline.
  const reply = [...notices].reverse().find((n) => n.type === 'reply' && (n.details?.length ?? 0) > 0);
  if (!reply) return null;
  return (
    <section aria-label="书面处理意见">
      <H>书面处理意见（{formatDate(reply.date ?? reply.at.slice(0, 10))}）</H>
      <dl className="check-answers">
        {reply.details!.map((d) => (
          <div key={d.label}>
            <dt>{d.label}</dt>
            <dd className="answer">{d.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function TrackFollowUp({ view, code, phoneLast4, level = 3 }: Props) {
  const H = level === 3 ? 'h3' : 'h4';
  // TrackForm states the case's next deadline under its heading; linked cases get theirs here. The
  // citizen's own window is told in full by the 复查/复核 block, so it is not repeated.
  const next = level === 4 && view.next && !(view.next.party === 'citizen' && view.review?.open) ? view.next : null;
  return (
    <div className="track-follow-up">
      {next && (
        <section className="panel" aria-label="下一个期限">
          <H>下一个期限</H>
          <p>
            {next.label}：<strong>{formatDate(next.due)}</strong>前{next.daysLeftText && <>（{next.daysLeftText}）</>}
            。依据 <Law n={next.article} />。
          </p>
        </section>
      )}
      {view.notices && <NoticeDetails notices={view.notices} H={H} />}
      {view.rating?.given && (
        <p>
          您对处理意见的评价：<strong>{view.rating.given}</strong>。谢谢！
        </p>
      )}
      {view.rating?.canRate && <RateForm code={view.code ?? code} phoneLast4={phoneLast4} H={H} />}
      {view.review && (
        <ReviewBlock view={view} window={view.review} code={view.code ?? code} phoneLast4={phoneLast4} H={H} />
      )}
      {(view.linked ?? []).map((child) => (
        <section
          key={child.code}
          className="panel"
          aria-label={`${child.stageLabel ?? ''}事项 ${formatCode(child.code ?? '')}`}
        >
          <H>
            {child.stageLabel ?? '关联'}事项：查询码 {formatCode(child.code ?? '')}
          </H>
          <p>
            办理状态：<strong>{child.statusLabel}</strong>
          </p>
          {(child.notices ?? []).length > 0 && (
            <ol className="timeline">
              {child.notices!.map((n, i) => (
                <li key={`${n.type}-${n.at}-${i}`}>
                  <time dateTime={n.at}>{formatDate(n.date ?? n.at.slice(0, 10))}</time>
                  <p>
                    <strong>{n.label}</strong>
                  </p>
                  {n.explanation && <p>{n.explanation}</p>}
                </li>
              ))}
            </ol>
          )}
          {level === 3 && <TrackFollowUp view={child} code={child.code ?? ''} phoneLast4={phoneLast4} level={4} />}
        </section>
      ))}
    </div>
  );
}
