/**
 * The printable 信访处理意见书 (Art. 32): the reply as recorded in the case log, never retyped, so
 * the paper the citizen receives says exactly what the tracking page says. Fits one A4 page.
 */
import { formatCode } from '../../lib/tracking-code';
import { useEffect, useState } from 'react';
import { channelLabel } from '../../lib/channels';
import { callApi } from './staff-api';
import { casePath } from './staff-routes';
import StaffNav, { useStaffSession } from './StaffNav';
import { latestReply, readCaseDetail, type CaseDetail, type CaseEvent } from './case-detail';
import { formatAt } from './staff-format';
import { cite, citationHref, citationText } from '../../lib/law-cite';

const HANDLED = cite(31, '应当听取信访人陈述事实和理由，并调查核实，出具信访处理意见书', { item: 6 });
const ASK_REVIEW = cite(35, '可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查');
const ASK_RECHECK = cite(36, '可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核', {
  paragraph: 1,
});
const FINAL = cite(36, '仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理', {
  paragraph: 3,
});
import { REPLY_DECISION_LABELS, ReplyDecisionSchema } from '../../lib/workflow';

interface Props {
  office: string;
  /** The body one level up, to which 复查 requests go (Art. 35). */
  parentBody: string;
}

const TITLES: Record<string, string> = {
  original: '信访处理意见书',
  review: '信访复查意见书',
  recheck: '信访复核意见书',
};

const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function NextStep({ stage }: { stage: string }) {
  if (stage === 'recheck') {
    return (
      <p>
        本复核意见为最终意见。信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级信访部门和其他机关、单位不再受理（
        <a href={citationHref(FINAL)}>{citationText(FINAL)}</a>）。
      </p>
    );
  }
  const law = stage === 'review' ? ASK_RECHECK : ASK_REVIEW;
  const step = stage === 'review' ? '复核' : '复查';
  return (
    <p>
      如对本意见不服，可以自收到本意见书之日起 30 日内，向
      {stage === 'review' ? '复查机关、单位的上一级机关、单位' : '出具本意见书的机关、单位的上一级机关、单位'}请求{step}
      （<a href={citationHref(law)}>{citationText(law)}</a>
      ）。也可以在网上查询办理进度的页面，凭查询码和联系电话后四位提出{step}
      请求。
    </p>
  );
}

// Under Art. 31(6) the 意见书 comes from the body that handled the matter, so 复查 goes to that
// body's superior: never name the office's own parent (settings.parentBody) here.
export default function StaffOpinion({ office }: Props) {
  const session = useStaffSession();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [reply, setReply] = useState<CaseEvent | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (session.kind !== 'signed-in') return;
    const q = new URLSearchParams(window.location.search);
    const id = q.get('id');
    if (!id) {
      setProblem('链接中缺少事项编号，请从事项页面点击“打印信访处理意见书”。');
      return;
    }
    void callApi<unknown>(casePath(id)).then((r) => {
      if (!r.ok) return setProblem(r.message);
      const c = readCaseDetail(r.data);
      if (!c) return setProblem('事项的格式不对，请刷新页面再试。');
      const seq = Number(q.get('seq'));
      const chosen =
        Number.isInteger(seq) && seq > 0
          ? (c.events.find((e) => e.seq === seq && e.type === 'reply') ?? null)
          : latestReply(c.events);
      setDetail(c);
      setReply(chosen);
      if (!chosen) setProblem('这个事项还没有出具处理意见，没有可以打印的意见书。');
    });
  }, [session.kind]);

  if (session.kind !== 'signed-in' || !detail || !reply) {
    return (
      <>
        <StaffNav session={session} current="print" />
        <h1>信访处理意见书</h1>
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

  const decision = ReplyDecisionSchema.safeParse(reply.data['decision']);
  const basis = HANDLED;
  return (
    <>
      <StaffNav session={session} current="print" />
      <p className="no-print">
        <a href={`/staff/case/?id=${encodeURIComponent(detail.id)}`}>返回事项</a>{' '}
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </p>
      <article className="opinion">
        <h1>{TITLES[detail.stage] ?? TITLES['original']}</h1>
        <p className="doc-no">查询码 {formatCode(detail.code)}</p>
        <p>
          <strong>{detail.personal.name}</strong>：
        </p>
        <p>
          您于 {formatAt(detail.createdAt)}{' '}
          {detail.channel === 'online' ? '通过网上信访' : `以${channelLabel(detail.channel)}方式`}
          提出的“{detail.title}”一事，本机关已依照
          <a href={citationHref(basis)}>{citationText(basis)}</a>
          办理完毕，现将处理意见告知如下。
        </p>
        <section>
          <h2>一、投诉请求</h2>
          <p>{text(reply.data['request'])}</p>
        </section>
        <section>
          <h2>二、事实和理由</h2>
          <p>{text(reply.data['factsAndReasons'])}</p>
        </section>
        <section>
          <h2>三、处理意见：{decision.success ? REPLY_DECISION_LABELS[decision.data] : ''}</h2>
          <p>{text(reply.data['opinion'])}</p>
        </section>
        <section>
          <h2>四、法律法规依据</h2>
          <p>{text(reply.data['legalBasis'])}</p>
        </section>
        <section>
          <h2>五、告知事项</h2>
          <NextStep stage={detail.stage} />
        </section>
        <p className="sign-off">
          {office}
          <br />
          {dateOnly.format(new Date(reply.at))}
        </p>
      </article>
    </>
  );
}
