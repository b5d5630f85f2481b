/**
 * Progress lookup (Art. 21 ¶2): tracking code plus the last four digits of the mobile number.
 * Server-rendered as a plain form that posts to /api/track; once hydrated it asks by fetch and shows the
 * answer in the page's [data-track="result"] region, the same region the no-JS answer is rendered into.
 * Every kind of miss gets the same words, so the page never tells a guesser which half was right.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatCode, isValidCode, normaliseCode } from '../lib/tracking-code';
// staff-console: rating and 复查/复核 under the result (issue 4).
import TrackFollowUp, { type NextDeadline } from './TrackFollowUp';
import { formatChineseDate } from '../lib/chinese-date';

/** The public answer of POST /api/track (src/server/track.ts): no personal data in it. */
interface TrackEvent {
  type: string;
  label: string;
  /** ISO instant. */
  at: string;
  explanation?: string;
  /** e.g. 第二十二条第一款 */
  article?: string | null;
  articleHref?: string | null;
}

interface TrackResult {
  code?: string;
  status: string;
  statusLabel?: string;
  statusExplanation?: string;
  /** The case's next deadline (timeline.ts publicDeadline), as the page without JavaScript shows it. */
  next?: NextDeadline | null;
  events: TrackEvent[];
}

type Outcome =
  | { kind: 'found'; code: string; phoneLast4: string; result: TrackResult }
  | { kind: 'miss'; text: string }
  | { kind: 'problem'; text: string };

interface Props {
  /** Office phone shown when something keeps failing. */
  officePhone: string;
}

const ERROR_PREFIX = '错误：';
export const MISS_MESSAGE =
  '没有找到与这个查询码和手机号码后四位相符的信访事项。请核对查询码（回执上 12 位字母和数字）和提交时填写的手机号码后四位。刚提交的事项可以马上查到。';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function formatAt(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : dateTime.format(d);
}

function messageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const m = (body as Record<string, unknown>)['error'];
  return typeof m === 'string' && m.length > 0 ? m : null;
}

// Only links into the regulation pages are rendered from an answer.
function safeLawHref(href: string | null | undefined): string | null {
  return typeof href === 'string' && href.startsWith('/law/') ? href : null;
}

function isTrackResult(v: unknown): v is TrackResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.status === 'string' && Array.isArray(r.events);
}

export default function TrackForm({ officePhone }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [code, setCode] = useState('');
  const [last4, setLast4] = useState('');
  const [errors, setErrors] = useState<{ code?: string; phoneLast4?: string }>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [resultEl, setResultEl] = useState<HTMLElement | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const focusResult = useRef(false);

  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.search).get('code');
    if (fromLink) setCode(formatCode(fromLink).slice(0, 20));
    setResultEl(document.querySelector<HTMLElement>('[data-track="result"]'));
    setEnhanced(true);
  }, []);

  useEffect(() => {
    const base = document.title.startsWith(ERROR_PREFIX) ? document.title.slice(ERROR_PREFIX.length) : document.title;
    document.title = Object.keys(errors).length > 0 ? ERROR_PREFIX + base : base;
  }, [errors]);

  useEffect(() => {
    if (!focusResult.current) return;
    focusResult.current = false;
    resultEl?.querySelector<HTMLElement>('[data-track-heading]')?.focus();
  });

  async function onSubmit(e: React.SubmitEvent<HTMLFormElement>) {
    if (!enhanced) return;
    e.preventDefault();
    if (busy) return;
    const next: typeof errors = {};
    const compact = normaliseCode(code);
    if (compact === '') next.code = '请填写查询码，它印在回执上，共 12 位，例如 7KQ3-M9XA-HT2C';
    else if (!isValidCode(compact))
      next.code = '查询码有误，可能有字母或数字输错了。请对照回执逐位核对（共 12 位，不含字母 I、L、O 和数字 0、1）';
    const digits = last4.normalize('NFKC').replace(/\s/g, '');
    if (!/^\d{4}$/.test(digits)) next.phoneLast4 = '请填写提交时所留手机号码的最后 4 位数字';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      setOutcome(null);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    // A no-JS answer may already sit in the region; React's portal must start from an empty one.
    if (outcome === null) resultEl?.replaceChildren();
    setBusy(true);
    try {
      const res = await fetch('/api/track', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ code: compact, phoneLast4: digits }),
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.ok && isTrackResult(body))
        setOutcome({ kind: 'found', code: formatCode(compact), phoneLast4: digits, result: body });
      else if (res.status === 404) setOutcome({ kind: 'miss', text: messageOf(body) ?? MISS_MESSAGE });
      else if (res.status === 422 && typeof body === 'object' && body !== null && 'errors' in body) {
        const errs = (body as { errors: Record<string, unknown> }).errors;
        const fromServer: typeof errors = {};
        if (typeof errs['code'] === 'string') fromServer.code = errs['code'];
        if (typeof errs['phoneLast4'] === 'string') fromServer.phoneLast4 = errs['phoneLast4'];
        if (Object.keys(fromServer).length > 0) {
          setErrors(fromServer);
          requestAnimationFrame(() => summaryRef.current?.focus());
          return;
        }
        setOutcome({ kind: 'miss', text: MISS_MESSAGE });
      } else if (res.status === 429) {
        const s = Number(res.headers.get('Retry-After'));
        const wait =
          Number.isFinite(s) && s > 0 ? (s < 90 ? `${Math.ceil(s)} 秒` : `约 ${Math.ceil(s / 60)} 分钟`) : '几分钟';
        setOutcome({ kind: 'problem', text: `查询太频繁了，请在${wait}后再试。` });
      } else {
        setOutcome({ kind: 'problem', text: `暂时查不到，请稍后再试。如果一直不成功，请拨打 ${officePhone}。` });
      }
    } catch {
      setOutcome({ kind: 'problem', text: '网络连接出了问题，请检查网络后再点“查询”。' });
    } finally {
      setBusy(false);
      focusResult.current = true;
    }
  }

  const errorItems = (['code', 'phoneLast4'] as const).filter((k) => errors[k]);

  // The same structure as the no-JS answer that src/server/petition-routes.ts renders.
  const result =
    outcome &&
    (outcome.kind === 'found' ? (
      <>
        <h2 id="track-result-title" tabIndex={-1} data-track-heading>
          查询码 {outcome.result.code ?? outcome.code}：{outcome.result.statusLabel ?? outcome.result.status}
        </h2>
        {outcome.result.statusExplanation && <p>{outcome.result.statusExplanation}</p>}
        {outcome.result.next && (
          <p className="track-next">
            下一个期限：{outcome.result.next.label}，{formatChineseDate(outcome.result.next.due)}
            {outcome.result.next.daysLeftText && `（${outcome.result.next.daysLeftText}）`}
          </p>
        )}
        <h3>办理经过</h3>
        {outcome.result.events.length > 0 ? (
          <ol className="timeline">
            {outcome.result.events.map((ev, i) => {
              const href = safeLawHref(ev.articleHref);
              return (
                <li key={`${ev.type}-${ev.at}-${i}`}>
                  <p className="timeline-date">
                    <time dateTime={ev.at}>{formatAt(ev.at)}</time>
                  </p>
                  <p className="timeline-label">
                    <strong>{ev.label}</strong>
                  </p>
                  {ev.explanation && <p>{ev.explanation}</p>}
                  {ev.article && href && (
                    <p className="timeline-basis">
                      依据：<a href={href}>《信访工作条例》{ev.article}</a>
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        ) : (
          <p>还没有办理记录。</p>
        )}
        {/* staff-console: what the citizen can do next (rate, 复查/复核), from the same answer. */}
        <TrackFollowUp
          view={outcome.result}
          code={outcome.result.code ?? outcome.code}
          phoneLast4={outcome.phoneLast4}
        />
      </>
    ) : (
      <div className="error-summary" role="alert">
        <h2 id="track-result-title" tabIndex={-1} data-track-heading>
          {outcome.kind === 'miss' ? '没有查到结果' : '暂时无法查询'}
        </h2>
        <p>{outcome.text}</p>
      </div>
    ));

  return (
    <>
      <form method="post" action="/api/track" noValidate={enhanced} onSubmit={(e) => void onSubmit(e)}>
        <div
          id="track-errors"
          tabIndex={-1}
          ref={summaryRef}
          className={errorItems.length > 0 ? 'error-summary' : undefined}
          aria-labelledby={errorItems.length > 0 ? 'track-errors-title' : undefined}
        >
          {errorItems.length > 0 && (
            <>
              <h2 id="track-errors-title">请修改以下内容后再查询</h2>
              <ul>
                {errorItems.map((k) => (
                  <li key={k}>
                    <a
                      href={`#track-${k}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(`track-${k}`)?.focus();
                      }}
                    >
                      {errors[k]}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className={errors.code ? 'field has-error' : 'field'}>
          <label htmlFor="track-code">查询码</label>
          <span className="hint" id="track-code-hint">
            回执上的 12 位字母和数字，例如 7KQ3-M9XA-HT2C。大小写、空格和短横线都可以不管。
          </span>
          {errors.code && (
            <span className="field-error" id="track-code-error">
              <span className="visually-hidden">错误：</span>
              {errors.code}
            </span>
          )}
          <input
            id="track-code"
            name="code"
            type="text"
            className="medium"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errors.code ? 'track-code-hint track-code-error' : 'track-code-hint'}
          />
        </div>
        <div className={errors.phoneLast4 ? 'field has-error' : 'field'}>
          <label htmlFor="track-phoneLast4">手机号码后四位</label>
          <span className="hint" id="track-phoneLast4-hint">
            提交信访事项时所填手机号码的最后 4 位数字。
          </span>
          {errors.phoneLast4 && (
            <span className="field-error" id="track-phoneLast4-error">
              <span className="visually-hidden">错误：</span>
              {errors.phoneLast4}
            </span>
          )}
          <input
            id="track-phoneLast4"
            name="phoneLast4"
            type="text"
            className="short"
            inputMode="numeric"
            pattern="[0-9]{4}"
            maxLength={4}
            required
            autoComplete="off"
            value={last4}
            onChange={(e) => setLast4(e.currentTarget.value)}
            aria-invalid={errors.phoneLast4 ? true : undefined}
            aria-describedby={
              errors.phoneLast4 ? 'track-phoneLast4-hint track-phoneLast4-error' : 'track-phoneLast4-hint'
            }
          />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? '正在查询…' : '查询'}
          </button>
        </div>
      </form>
      {resultEl && result ? createPortal(result, resultEl) : null}
    </>
  );
}
