/**
 * The slip (受理回执 / 告知单) of a case registered at the desk: handed to the visitor, or posted with
 * a letter's written notice. Large type for elderly readers (14 pt and more on paper), the code on
 * one line, the QR of the tracking link, the second factor and where to type it, what happens next
 * with the dates and their articles. Printable on A5 or A4; the console's chrome is not printed.
 * Everything it says comes from GET /api/staff/cases/:id/slip, never retyped here.
 */
import { useEffect, useState } from 'react';
import { cite, citationHref, citationText } from '../../lib/law-cite';
import type { SlipFacts } from '../../lib/staff-api';
import { formatChineseDate } from '../../lib/chinese-date';
import { callApi } from './staff-api';
import { slipDataPath } from './staff-routes';
import StaffNav, { useStaffSession } from './StaffNav';

const ASK_REVIEW = cite(35, '可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查');

type Paper = 'A5' | 'A4';

/**
 * At 14 pt an A5 sheet holds about 25 characters a line and 28 lines; the fixed parts take most of
 * them, so a long title (up to 80 characters) or a 包案领导 line pushes the slip onto a second sheet.
 * Such a slip starts on A4; staff can still choose A5.
 */
const A5_TITLE_CHARS = 30;
const fitsA5 = (s: SlipFacts) => [...s.title].length + (s.responsibleLeader ? 10 : 0) <= A5_TITLE_CHARS;
type Use = 'hand' | 'post';

const TITLES: Record<Use, string> = { hand: '信访事项受理回执', post: '信访事项告知单' };

function isSlip(body: unknown): body is SlipFacts {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { qrSvg?: unknown }).qrSvg === 'string'
  );
}

/** The paper size for the printer: @page cannot be scoped by class, so the chosen size is one rule. */
function pageRule(paper: Paper): string {
  return paper === 'A5'
    ? '@media print { @page { size: A5 portrait; margin: 7mm 8mm; } }'
    : '@media print { @page { size: A4 portrait; margin: 16mm 18mm; } }';
}

export default function StaffSlip() {
  const session = useStaffSession();
  const [slip, setSlip] = useState<SlipFacts | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [paper, setPaper] = useState<Paper | null>(null);
  const [use, setUse] = useState<Use>('hand');

  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    const wanted = q.get('paper');
    if (wanted === 'A4' || wanted === 'A5') setPaper(wanted);
    if (q.get('use') === 'post') setUse('post');
  }, []);

  useEffect(() => {
    if (session.kind !== 'signed-in') return;
    const id = new URLSearchParams(window.location.search).get('id');
    if (!id) {
      setProblem('链接中缺少事项编号，请从登记结果或事项页面点击“打印受理回执”。');
      return;
    }
    void callApi<unknown>(slipDataPath(id)).then((r) => {
      if (!r.ok) return setProblem(r.message);
      if (!isSlip(r.data)) return setProblem('回执的格式不对，请刷新页面再试。');
      const facts = r.data;
      setSlip(facts);
      setPaper((p) => p ?? (fitsA5(facts) ? 'A5' : 'A4'));
    });
  }, [session.kind]);

  if (session.kind !== 'signed-in' || !slip || !paper) {
    return (
      <>
        <StaffNav session={session} current="print" />
        <h1>信访事项受理回执</h1>
        {problem ? (
          <div className="status-message problem" role="alert">
            <p>{problem}</p>
          </div>
        ) : (
          session.kind === 'signed-in' && <p role="status">正在载入…</p>
        )}
      </>
    );
  }

  const pin = slip.secondFactor.kind === 'pin';
  const trackPage = slip.trackUrl.replace(/\?.*$/, '');
  const caseHref = `/staff/case/?id=${encodeURIComponent(new URLSearchParams(window.location.search).get('id') ?? '')}`;
  return (
    <>
      <style>{pageRule(paper)}</style>
      <StaffNav session={session} current="print" />
      <form className="slip-options no-print" aria-label="打印设置" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>纸张</legend>
          {(['A5', 'A4'] as const).map((p) => (
            <label key={p} className="choice-inline">
              <input type="radio" name="paper" value={p} checked={paper === p} onChange={() => setPaper(p)} />
              {p}
            </label>
          ))}
          {!fitsA5(slip) && <p className="small">标题较长，A5 纸可能印不下一张，已选 A4。</p>}
        </fieldset>
        <fieldset>
          <legend>用途</legend>
          <label className="choice-inline">
            <input type="radio" name="use" value="hand" checked={use === 'hand'} onChange={() => setUse('hand')} />
            当面交给信访人（受理回执）
          </label>
          <label className="choice-inline">
            <input type="radio" name="use" value="post" checked={use === 'post'} onChange={() => setUse('post')} />
            随书面告知寄出（告知单）
          </label>
        </fieldset>
        <p>
          <button type="button" onClick={() => window.print()}>
            打印
          </button>{' '}
          <a href={caseHref}>返回事项</a>
        </p>
      </form>

      <article className={`slip paper-${paper}`} aria-labelledby="slip-title">
        <h1 id="slip-title">
          <span className="slip-office">{slip.office.name}</span>
          {TITLES[use]}
        </h1>
        <p className="slip-to">
          {slip.name}：您于 {formatChineseDate(slip.receivedOn)} 以{slip.channelLabel}方式反映的“{slip.title}
          ”一事，本机关已经收到，于 {formatChineseDate(slip.registeredOn)} 登记。
          {slip.responsibleLeader && `包案领导：${slip.responsibleLeader}。`}
        </p>

        <section className="slip-code" aria-labelledby="slip-code-label">
          <div>
            <h2 id="slip-code-label">查询码</h2>
            <p className="slip-code-value" data-slip="code">
              {slip.codeFormatted}
            </p>
            {pin ? (
              <p className="slip-factor">
                查询密码：<strong data-slip="pin">{slip.secondFactor.value}</strong>
                <br />
                您没有登记手机号码。查询进度时，在“手机号码后四位”一栏填这 4 位查询密码。
              </p>
            ) : (
              <p className="slip-factor">
                查询进度时，在“手机号码后四位”一栏填您登记的手机号码的后四位（尾号{' '}
                <strong data-slip="last4">{slip.secondFactor.value}</strong>）。
              </p>
            )}
          </div>
          <figure className="slip-qr">
            <div
              role="img"
              aria-label={`进度查询二维码：${slip.trackUrl}`}
              // The server's QR library made this SVG from our own link; it holds no user text.
              dangerouslySetInnerHTML={{ __html: slip.qrSvg }}
            />
            <figcaption>手机扫码查进度</figcaption>
          </figure>
        </section>

        <p className="slip-track">
          查询网址：<span className="slip-url">{trackPage}</span>
          <br />
          也可以拨打 {slip.office.phone} 查询，地址：{slip.office.address}。
        </p>

        <section aria-labelledby="slip-next">
          <h2 id="slip-next">接下来会怎样</h2>
          <ol className="slip-steps">
            {slip.deadlines.map((d) => (
              <li key={d.label}>
                <strong>{d.label}</strong>：{d.when}（{d.basis}）
              </li>
            ))}
            <li>
              对处理意见不服的，可以自收到书面答复之日起 30 日内请求上一级机关复查（
              <a href={citationHref(ASK_REVIEW)}>{citationText(ASK_REVIEW)}</a>）。
            </li>
          </ol>
        </section>
      </article>
    </>
  );
}
