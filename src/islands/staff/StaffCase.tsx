/**
 * One case for staff: who wrote and what they ask (decrypted by the server for signed-in staff
 * only), the attachments, every recorded event with public and internal ones told apart, the
 * statutory deadlines with days left, and the actions allowed from the current state.
 */
import { formatCode } from '../../lib/tracking-code';
import { useCallback, useEffect, useRef, useState } from 'react';
import { callApi } from './staff-api';
import { casePath } from './staff-routes';
import StaffNav, { useStaffSession } from './StaffNav';
import RepeatList from './RepeatList';
import { channelLabel } from '../../lib/channels';
import { ActionList, type ActionContext } from './staff-actions';
import { eventDetails, latestReply, readCaseDetail, type CaseDeadline, type CaseDetail } from './case-detail';
import {
  articleLink,
  daysLeftClass,
  daysLeftText,
  formatAt,
  formatDate,
  issueAreaLabel,
  kindLabel,
  regionLabel,
  stageLabel,
} from './staff-format';
import { OTHER_PROCEDURES } from '../../lib/petition-schema';
import { cite, citationHref, citationLabel } from '../../lib/law-cite';

const CONFIDENTIAL = cite(30, '不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位', {
  paragraph: 3,
});

const DEADLINE_STATUS: Record<CaseDeadline['status'], string> = {
  running: '进行中',
  paused: '听证期间暂停计算',
  done: '已完成',
  overdue: '已超期',
  expired: '已届满',
};

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function DeadlineItem({ d }: { d: CaseDeadline }) {
  const law = articleLink(d.basis.article);
  const open = d.status === 'running' || d.status === 'overdue' || d.status === 'paused';
  return (
    <li>
      <strong>{d.label}</strong>
      {d.party === 'citizen' && <span className="tag public">信访人的期限</span>}
      <br />
      {formatDate(d.due)}前
      {d.rolledFrom && <span className="small">（原为 {formatDate(d.rolledFrom)}，遇休息日顺延）</span>}
      {d.extensionDays > 0 && <span className="small">（已延长 {d.extensionDays} 日）</span>}
      {d.estimated && <span className="small">（节假日数据未覆盖，日期为估算）</span>}
      <br />
      {open && typeof d.daysLeft === 'number' ? (
        <span className={daysLeftClass(d.daysLeft)}>
          {d.status === 'paused' ? DEADLINE_STATUS.paused : daysLeftText(d.daysLeft)}
        </span>
      ) : (
        <span>
          {DEADLINE_STATUS[d.status]}
          {d.doneAt && `（${formatDate(d.doneAt)}${d.late ? '，已逾期完成' : ''}）`}
        </span>
      )}
      {law && (
        <>
          {' · '}
          <a href={law.href}>{law.label}</a>
        </>
      )}
    </li>
  );
}

/** The day the office received the matter: the one staff entered for a letter, visit, call or fax. */
function receivedText(detail: CaseDetail): string {
  const day = detail.events[0]?.data['receivedOn'];
  if (detail.channel !== 'online' && typeof day === 'string')
    return `${formatDate(day)}（${formatAt(detail.createdAt)} 登记）`;
  return formatAt(detail.createdAt);
}

export default function StaffCase() {
  const session = useStaffSession();
  const [id, setId] = useState<string | null | undefined>(undefined);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setId(new URLSearchParams(window.location.search).get('id'));
  }, []);

  const load = useCallback(async (caseId: string) => {
    const r = await callApi<unknown>(casePath(caseId));
    if (!r.ok) {
      setProblem(r.message);
      return;
    }
    const c = readCaseDetail(r.data);
    if (c) {
      setDetail(c);
      setProblem(null);
      document.title = document.title.replace(/^[^-]*-/, `${formatCode(c.code)} ${c.title} -`);
    } else setProblem('事项的格式不对，请刷新页面再试。');
  }, []);

  useEffect(() => {
    if (session.kind === 'signed-in' && id) void load(id);
  }, [session.kind, id, load]);

  const onDone = useCallback(
    (label: string) => {
      if (!id) return;
      void load(id).then(() => {
        setDone(label);
        requestAnimationFrame(() => doneRef.current?.focus());
      });
    },
    [id, load],
  );

  if (session.kind !== 'signed-in') {
    return (
      <>
        <h1>办理事项</h1>
        <StaffNav session={session} current="case" />
      </>
    );
  }
  if (id === null || id === '') {
    return (
      <>
        <StaffNav session={session} current="case" />
        <h1>办理事项</h1>
        <p className="status-message problem">
          链接中缺少事项编号。请<a href="/staff/">返回待办事项</a>重新打开。
        </p>
      </>
    );
  }
  if (!detail) {
    return (
      <>
        <StaffNav session={session} current="case" />
        <h1>办理事项</h1>
        {problem ? (
          <div className="status-message problem" role="alert">
            <p>{problem}</p>
            <p>
              <a href="/staff/">返回待办事项</a>
            </p>
          </div>
        ) : (
          <p role="status">正在载入…</p>
        )}
      </>
    );
  }

  const ctx: ActionContext = { caseId: detail.id, request: detail.request, issueArea: detail.issueArea, onDone };
  const reply = latestReply(detail.events);
  const other = OTHER_PROCEDURES.find((p) => p.id === detail.otherProcedure);
  const openDeadlines = detail.deadlines.filter((d) => d.status !== 'done');
  const doneDeadlines = detail.deadlines.filter((d) => d.status === 'done');

  return (
    <>
      <StaffNav session={session} current="case" />
      <nav aria-label="位置" className="breadcrumb no-print">
        <ol>
          <li>
            <a href="/staff/">待办事项</a>
          </li>
          <li aria-current="page">{formatCode(detail.code)}</li>
        </ol>
      </nav>
      <h1>
        {detail.title}
        <span className="visually-hidden">，</span>
        <br />
        <span className="small">
          查询码 {formatCode(detail.code)}
          {detail.stage !== 'original' && `，${stageLabel(detail.stage)}案件`}
        </span>
      </h1>
      <p className="track-status">
        当前状态：<strong data-case-status>{detail.statusLabel}</strong>
        {detail.unit && `，承办单位：${detail.unit}`}
      </p>
      <div ref={doneRef} tabIndex={-1} role="status">
        {done && (
          <div className="status-message">
            <p>
              已完成“{done}”，当前状态：{detail.statusLabel}。
              {reply && done === '出具处理意见' && (
                <>
                  {' '}
                  <a href={`/staff/case/print/?id=${encodeURIComponent(detail.id)}`}>打印信访处理意见书</a>
                </>
              )}
            </p>
          </div>
        )}
      </div>
      {problem && (
        <div className="status-message problem" role="alert">
          <p>{problem}</p>
        </div>
      )}

      <div className="case-layout">
        <div>
          <section aria-labelledby="case-matter">
            <h2 id="case-matter">信访事项</h2>
            <dl className="case-facts">
              <dt>类别</dt>
              <dd>{kindLabel(detail.kind)}</dd>
              <dt>问题领域</dt>
              <dd>{issueAreaLabel(detail.issueArea)}</dd>
              <dt>所属乡镇（街道）</dt>
              <dd>{regionLabel(detail.region)}</dd>
              <dt>收到方式</dt>
              <dd>{channelLabel(detail.channel)}</dd>
              <dt>收到时间</dt>
              <dd>{receivedText(detail)}</dd>
              {detail.responsibleLeader && (
                <>
                  <dt>包案领导</dt>
                  <dd>{detail.responsibleLeader}</dd>
                </>
              )}
              <dt>请求</dt>
              <dd>{detail.request}</dd>
              <dt>事实和理由</dt>
              <dd>{detail.facts}</dd>
              {other && other.id !== 'none' && (
                <>
                  <dt>其他法定途径</dt>
                  <dd>{other.label}</dd>
                </>
              )}
            </dl>
            {detail.parent && (
              <p>
                这是对原事项{' '}
                <a href={`/staff/case/?id=${encodeURIComponent(detail.parent.id)}`}>{formatCode(detail.parent.code)}</a>{' '}
                提出的
                {stageLabel(detail.stage)}请求。
              </p>
            )}
            <p className="no-print">
              <a href={`/staff/case/slip/?id=${encodeURIComponent(detail.id)}`}>打印受理回执（告知单）</a>
            </p>
            <p className="no-print">
              {/* The ledger's page offers 列为积案 for a case not yet listed and the ledger record otherwise. */}
              <a href={`/staff/backlog/case/?id=${encodeURIComponent(detail.id)}`}>列为积案（积案台账）</a>
            </p>
            {detail.children.length > 0 && (
              <ul>
                {detail.children.map((c) => (
                  <li key={c.id}>
                    {stageLabel(c.stage)}请求：
                    <a href={`/staff/case/?id=${encodeURIComponent(c.id)}`}>{formatCode(c.code)}</a>（{c.statusLabel}）
                  </li>
                ))}
              </ul>
            )}
          </section>

          {detail.repeats.length > 0 && <RepeatList repeats={detail.repeats} />}

          <section aria-labelledby="case-person">
            <h2 id="case-person">信访人信息</h2>
            <p className="small">
              个人信息仅供办理本事项使用。检举、揭发材料及有关情况不得透露或者转给被检举、揭发的人员或者单位（
              <a href={citationHref(CONFIDENTIAL)}>{citationLabel(CONFIDENTIAL)}</a>）。
            </p>
            <dl className="case-facts">
              <dt>姓名</dt>
              <dd>{detail.personal.name}</dd>
              <dt>手机号码</dt>
              <dd>{detail.personal.phone || '未登记（凭回执上的查询密码查询进度）'}</dd>
              <dt>电子邮箱</dt>
              <dd>{detail.personal.email ?? '未填写'}</dd>
              <dt>住址</dt>
              <dd>{detail.personal.address}</dd>
              <dt>身份证号码</dt>
              <dd>{detail.personal.idNumber ?? '未填写'}</dd>
            </dl>
          </section>

          <section aria-labelledby="case-files">
            <h2 id="case-files">附件</h2>
            {detail.attachments.length === 0 ? (
              <p>没有附件。</p>
            ) : (
              <ul className="file-list">
                {detail.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={a.url} download={a.name}>
                      下载 {a.name}
                    </a>
                    <span className="small">
                      {a.mime === 'application/pdf' ? 'PDF' : a.mime === 'image/png' ? 'PNG 图片' : 'JPEG 图片'}，
                      {sizeText(a.size)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="case-timeline">
            <h2 id="case-timeline">办理记录</h2>
            <p className="small">
              标有“<span className="tag public">信访人可见</span>”的记录会显示在信访人的查询页面；“
              <span className="tag internal">内部</span>”的记录只有工作人员能看到。记录只能追加，不能修改。
            </p>
            <ol className="timeline">
              {detail.events.map((e) => {
                const details = eventDetails(e.data);
                return (
                  <li key={e.seq} className={e.isPublic ? undefined : 'event-internal'} data-event={e.type}>
                    <time dateTime={e.at}>{formatAt(e.at)}</time>
                    <h3>
                      {e.label}
                      <span className={e.isPublic ? 'tag public' : 'tag internal'}>
                        {e.isPublic ? '信访人可见' : '内部'}
                      </span>
                    </h3>
                    <p className="small">经办：{e.actorName}</p>
                    {details.length > 0 && (
                      <dl className="case-facts">
                        {details.map((d) => (
                          <div key={d.label} style={{ display: 'contents' }}>
                            <dt>{d.label}</dt>
                            <dd>{d.value}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                    {e.type === 'reply' && (
                      <p>
                        <a href={`/staff/case/print/?id=${encodeURIComponent(detail.id)}&seq=${e.seq}`}>
                          打印信访处理意见书
                        </a>
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
            {detail.rating && (
              <p>
                信访人评价：<strong>{eventDetails({ rating: detail.rating.rating })[0]?.value}</strong>（
                {formatAt(detail.rating.createdAt)}）{detail.rating.comment && `，意见：${detail.rating.comment}`}
              </p>
            )}
          </section>
        </div>

        <div>
          <section aria-labelledby="case-deadlines">
            <h2 id="case-deadlines">期限</h2>
            {detail.deadlines.length === 0 ? (
              <p>还没有开始计算的期限。登记后开始计算 15 日的处理期限。</p>
            ) : (
              <>
                <ul className="deadline-list">
                  {openDeadlines.map((d) => (
                    <DeadlineItem key={d.kind} d={d} />
                  ))}
                </ul>
                {doneDeadlines.length > 0 && (
                  <details>
                    <summary>已完成的期限（{doneDeadlines.length}）</summary>
                    <ul className="deadline-list">
                      {doneDeadlines.map((d) => (
                        <DeadlineItem key={d.kind} d={d} />
                      ))}
                    </ul>
                  </details>
                )}
              </>
            )}
          </section>

          <section aria-labelledby="case-actions">
            <h2 id="case-actions">办理操作</h2>
            {detail.actions.length === 0 ? (
              <p>该事项已没有可进行的操作。</p>
            ) : (
              <>
                <p className="small">只列出当前状态下《信访工作条例》允许的操作。点击操作名称展开填写。</p>
                <ActionList key={detail.events.length} actions={detail.actions.map((a) => a.action)} ctx={ctx} />
              </>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
