/**
 * The backlog ledger in the console (issue 14): the ledger with its filters (and "my cases" for a
 * leader), one case with its plan, records and forms, and the monthly 统计表. Lists, labels and
 * field names come from src/lib/backlog.ts, the same source the server parses with.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  BACKLOG_CLASS_LABELS,
  BACKLOG_CLASSES,
  BACKLOG_SORT_LABELS,
  BACKLOG_SORTS,
  BACKLOG_SOURCE_LABELS,
  BACKLOG_SOURCES,
  LIUYOU_ITEMS,
  LIUYOU_LABELS,
  RISK_GRADE_LABELS,
  riskGrades,
  SUPERVISION_METHOD_LABELS,
  SUPERVISION_METHODS,
  VISIT_METHOD_LABELS,
  VISIT_METHODS,
  type BacklogAction,
  type BacklogDetail,
  type BacklogPage,
} from '../../lib/backlog';
import { REPORT_COLUMNS, type MonthlyReport } from '../../lib/backlog-report';
import { settings } from '../../lib/settings';
import { RATING_LABELS, RATINGS } from '../../lib/workflow';
import StaffNav, { useStaffSession } from './StaffNav';
import { callApi } from './staff-api';

const BACKLOG_PATH = '/api/staff/backlog';
const casePath = (id: string) => `${BACKLOG_PATH}/${encodeURIComponent(id)}`;
const caseHref = (id: string) => `/staff/backlog/case/?id=${encodeURIComponent(id)}`;

interface Props {
  view: 'list' | 'case' | 'report';
}

export default function StaffBacklog({ view }: Props) {
  const session = useStaffSession();
  return (
    <>
      <StaffNav session={session} current="backlog" />
      {session.kind === 'signed-in' && (
        <>
          <p className="no-print">
            <a href="/staff/backlog/">积案台账</a> · <a href="/staff/backlog/?leader=me">我包案的积案</a> ·{' '}
            <a href="/staff/backlog/?overdue=1">超过化解时限的</a> · <a href="/staff/backlog/report/">月度统计表</a>
          </p>
          {view === 'list' && <Ledger />}
          {view === 'case' && <CaseView />}
          {view === 'report' && <Report />}
        </>
      )}
    </>
  );
}

function Problem({ message }: { message: string | null }) {
  return message ? (
    <div className="status-message problem" role="alert">
      <p>{message}</p>
    </div>
  ) : null;
}

// ---------------------------------------------------------------- the ledger

function Ledger() {
  const [params, setParams] = useState(() => new URLSearchParams(window.location.search));
  const [page, setPage] = useState<BacklogPage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void callApi<BacklogPage>(`${BACKLOG_PATH}?${params.toString()}`).then((r) => {
      if (r.ok) {
        setPage(r.data);
        setProblem(null);
      } else setProblem(r.message);
    });
  }, [params]);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === 'string' && v !== '') next.set(k, v);
    window.history.replaceState(null, '', `?${next.toString()}`);
    setParams(next);
  }
  const go = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };
  const v = (k: string) => params.get(k) ?? '';
  const heading = v('leader') === 'me' ? '我包案的积案' : v('overdue') ? '超过化解时限的积案' : '积案台账';

  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{heading}</h2>
      <form className="staff-form filters no-print" onSubmit={apply} aria-label="筛选积案">
        <div className="field">
          <label htmlFor="f-grade">风险等级</label>
          <select id="f-grade" name="grade" defaultValue={v('grade')}>
            <option value="">全部</option>
            {riskGrades().map((g) => (
              <option key={g} value={g}>
                {RISK_GRADE_LABELS[g]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-region">属地</label>
          <select id="f-region" name="region" defaultValue={v('region')}>
            <option value="">全部</option>
            {settings.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-area">问题类别</label>
          <select id="f-area" name="area" defaultValue={v('area')}>
            <option value="">全部</option>
            {settings.issueAreas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-age">积案时长至少（天）</label>
          <input id="f-age" name="minAgeDays" type="number" min={0} className="short" defaultValue={v('minAgeDays')} />
        </div>
        <div className="field">
          <label htmlFor="f-status">状态</label>
          <select id="f-status" name="status" defaultValue={v('status')}>
            <option value="">化解中</option>
            <option value="struck">已销号</option>
            <option value="all">全部</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">排序</label>
          <select id="f-sort" name="sort" defaultValue={v('sort')}>
            {BACKLOG_SORTS.map((s) => (
              <option key={s} value={s}>
                {BACKLOG_SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {v('leader') && <input type="hidden" name="leader" value={v('leader')} />}
        {v('overdue') && <input type="hidden" name="overdue" value={v('overdue')} />}
        <div className="form-actions">
          <button type="submit">筛选</button>
        </div>
      </form>
      <Problem message={problem} />
      {page && (
        <>
          <p role="status">
            共 {page.total} 件，其中超过化解时限 {page.overdue} 件。
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{heading}</caption>
              <thead>
                <tr>
                  <th scope="col">事项</th>
                  <th scope="col">风险等级</th>
                  <th scope="col">包案领导</th>
                  <th scope="col">属地 / 类别</th>
                  <th scope="col">化解时限</th>
                  <th scope="col">积案天数</th>
                  <th scope="col">督办 / 回访</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((i) => (
                  <tr key={i.petitionId}>
                    <td>
                      <a href={caseHref(i.petitionId)}>{i.title}</a>
                      <br />
                      <span className="small">{i.code}</span>
                    </td>
                    <td>{i.riskGradeLabel}</td>
                    <td>
                      {i.leaderName}（{i.leaderTitle}）
                    </td>
                    <td>
                      {i.regionName} / {i.classLabel}·{i.issueAreaName}
                    </td>
                    <td>
                      {i.timeLimit}
                      {i.overdue && <span className="tag overdue">已超时限</span>}
                    </td>
                    <td>{i.ageDays}</td>
                    <td>
                      {i.supervisionCount} / {i.visitCount}
                    </td>
                    <td>
                      {i.statusLabel}
                      {i.returnedCount > 0 && `（回炉 ${i.returnedCount} 次）`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.pages > 1 && (
            <nav aria-label="翻页" className="no-print">
              <button type="button" className="secondary" disabled={page.page <= 1} onClick={() => go(page.page - 1)}>
                上一页
              </button>{' '}
              第 {page.page} / {page.pages} 页{' '}
              <button
                type="button"
                className="secondary"
                disabled={page.page >= page.pages}
                onClick={() => go(page.page + 1)}
              >
                下一页
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- one case

type Field = {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'date' | 'select' | 'checks';
  options?: [string, string][];
};

const grades = () => riskGrades().map((g) => [g, RISK_GRADE_LABELS[g]] as [string, string]);

const FORMS: Partial<Record<BacklogAction | 'mark', Field[]>> = {
  mark: [
    {
      name: 'source',
      label: '积案来源',
      kind: 'select',
      options: BACKLOG_SOURCES.map((s) => [s, BACKLOG_SOURCE_LABELS[s]]),
    },
    {
      name: 'class',
      label: '积案类别',
      kind: 'select',
      options: BACKLOG_CLASSES.map((c) => [c, BACKLOG_CLASS_LABELS[c]]),
    },
    { name: 'leaderId', label: '包案领导', kind: 'select', options: [] },
    { name: 'leaderTitle', label: '包案领导职务' },
    { name: 'team.legalAdviser', label: '法律顾问' },
    { name: 'team.psychologist', label: '心理咨询师' },
    { name: 'team.gentry', label: '乡贤代表' },
    { name: 'team.departments', label: '责任单位（用顿号分隔）' },
    { name: 'measures', label: '化解措施（一案一策）', kind: 'textarea' },
    { name: 'timeLimit', label: '化解时限', kind: 'date' },
    { name: 'riskGrade', label: '风险等级', kind: 'select', options: grades() },
    { name: 'riskReason', label: '风险等级的理由', kind: 'textarea' },
  ],
  plan: [
    { name: 'measures', label: '化解措施', kind: 'textarea' },
    { name: 'timeLimit', label: '化解时限', kind: 'date' },
  ],
  grade: [
    { name: 'riskGrade', label: '风险等级', kind: 'select', options: grades() },
    { name: 'riskReason', label: '理由', kind: 'textarea' },
  ],
  supervise: [
    {
      name: 'method',
      label: '督办方式',
      kind: 'select',
      options: SUPERVISION_METHODS.map((m) => [m, SUPERVISION_METHOD_LABELS[m]]),
    },
    { name: 'on', label: '督办日期', kind: 'date' },
    { name: 'by', label: '督办人或督办单位' },
    { name: 'content', label: '督办内容', kind: 'textarea' },
  ],
  visit: [
    {
      name: 'method',
      label: '回访方式',
      kind: 'select',
      options: VISIT_METHODS.map((m) => [m, VISIT_METHOD_LABELS[m]]),
    },
    { name: 'on', label: '回访日期', kind: 'date' },
    { name: 'by', label: '回访人' },
    { name: 'opinion', label: '信访人的评价', kind: 'select', options: RATINGS.map((r) => [r, RATING_LABELS[r]]) },
    { name: 'content', label: '回访情况', kind: 'textarea' },
  ],
  checklist: [
    {
      name: 'items',
      label: '已归档的“六有”材料',
      kind: 'checks',
      options: LIUYOU_ITEMS.map((i) => [i, LIUYOU_LABELS[i]]),
    },
  ],
  sign_off: [{ name: 'note', label: '签字意见（可不填）', kind: 'textarea' }],
  strike: [{ name: 'note', label: '销号说明（可不填）', kind: 'textarea' }],
  send_back: [{ name: 'reason', label: '回炉理由', kind: 'textarea' }],
};

function bodyOf(form: HTMLFormElement, fields: Field[]): Record<string, unknown> {
  const data = new FormData(form);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'checks') {
      out[f.name] = data.getAll(f.name);
      continue;
    }
    const v = data.get(f.name);
    const value = typeof v === 'string' ? v : '';
    if (f.name.startsWith('team.')) {
      const team = (out['team'] ??= {}) as Record<string, unknown>;
      team[f.name.slice(5)] = value;
    } else if (value !== '' || f.kind !== 'select') out[f.name] = value;
  }
  return out;
}

function ActionForm({
  id,
  action,
  label,
  fields,
  initial,
  onDone,
}: {
  id: string;
  action: BacklogAction;
  label: string;
  fields: Field[];
  initial?: Record<string, string | string[]>;
  onDone: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    const r = await callApi(`${casePath(id)}/${action}`, { body: bodyOf(e.currentTarget, fields) });
    setBusy(false);
    if (r.ok) {
      setErrors({});
      setProblem(null);
      onDone();
    } else {
      setErrors(r.fields);
      setProblem(r.message);
    }
  }
  const fid = (n: string) => `${action}-${n.replace('.', '-')}`;
  return (
    <form className="staff-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={`${action}-h`}>
      <h3 id={`${action}-h`}>{label}</h3>
      <Problem message={problem} />
      {fields.map((f) => {
        const err = errors[f.name] ?? errors[f.name.split('.').pop() ?? ''];
        const described = err ? `${fid(f.name)}-error` : undefined;
        const init = initial?.[f.name];
        return (
          <div className="field" key={f.name}>
            {f.kind === 'checks' ? (
              <fieldset aria-describedby={described}>
                <legend>{f.label}</legend>
                {f.options?.map(([value, text]) => (
                  <div className="choice" key={value}>
                    <input
                      type="checkbox"
                      id={`${fid(f.name)}-${value}`}
                      name={f.name}
                      value={value}
                      defaultChecked={Array.isArray(init) && init.includes(value)}
                    />
                    <label htmlFor={`${fid(f.name)}-${value}`}>{text}</label>
                  </div>
                ))}
              </fieldset>
            ) : (
              <>
                <label htmlFor={fid(f.name)}>{f.label}</label>
                {err && (
                  <span className="field-error" id={described}>
                    <span className="visually-hidden">错误：</span>
                    {err}
                  </span>
                )}
                {f.kind === 'textarea' ? (
                  <textarea
                    id={fid(f.name)}
                    name={f.name}
                    rows={3}
                    aria-describedby={described}
                    defaultValue={typeof init === 'string' ? init : ''}
                  />
                ) : f.kind === 'select' ? (
                  <select
                    id={fid(f.name)}
                    name={f.name}
                    aria-describedby={described}
                    defaultValue={typeof init === 'string' ? init : ''}
                  >
                    <option value="">请选择</option>
                    {f.options?.map(([value, text]) => (
                      <option key={value} value={value}>
                        {text}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={fid(f.name)}
                    name={f.name}
                    type={f.kind === 'date' ? 'date' : 'text'}
                    className="medium"
                    aria-describedby={described}
                    defaultValue={typeof init === 'string' ? init : ''}
                  />
                )}
              </>
            )}
          </div>
        );
      })}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {label}
        </button>
      </div>
    </form>
  );
}

function CaseView() {
  const id = new URLSearchParams(window.location.search).get('id') ?? '';
  const [detail, setDetail] = useState<BacklogDetail | null>(null);
  const [notListed, setNotListed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [leaders, setLeaders] = useState<[string, string][]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const load = () =>
    void callApi<BacklogDetail>(casePath(id)).then((r) => {
      if (r.ok) {
        setDetail(r.data);
        setNotListed(false);
      } else if (r.status === 404) setNotListed(true);
      else setProblem(r.message);
    });
  useEffect(() => {
    load();
    void callApi<{ leaders: { id: string; name: string }[] }>(`${BACKLOG_PATH}/leaders`).then((r) => {
      if (r.ok) setLeaders(r.data.leaders.map((l) => [l.id, l.name]));
    });
  }, []);
  const done = (what: string) => () => {
    setSaved(`已${what}。`);
    load();
  };

  if (!id) return <Problem message="请从积案台账或事项页面打开一件积案。" />;
  if (notListed) {
    const fields = FORMS.mark!.map((f) => (f.name === 'leaderId' ? { ...f, options: leaders } : f));
    return (
      <section>
        <h2>列为积案</h2>
        <p>
          这件信访事项还没有列入积案台账。填写下面的内容后列入。
          <a href={`/staff/case/?id=${encodeURIComponent(id)}`}>返回事项页面</a>
        </p>
        <ActionForm id={id} action="mark" label="列为积案" fields={fields} onDone={done('列为积案')} />
      </section>
    );
  }
  if (!detail) return <Problem message={problem} />;
  const allowed = new Map(detail.actions.map((a) => [a.action, a]));
  return (
    <section aria-labelledby="case-h">
      <h2 id="case-h">{detail.title}</h2>
      {saved && (
        <p className="status-message" role="status">
          {saved}
        </p>
      )}
      <dl className="case-facts">
        <dt>查询码</dt>
        <dd>{detail.code}</dd>
        <dt>状态</dt>
        <dd>
          {detail.statusLabel}
          {detail.returnedCount > 0 && `（回炉 ${detail.returnedCount} 次）`}
        </dd>
        <dt>来源 / 类别</dt>
        <dd>
          {detail.sourceLabel} / {detail.classLabel}·{detail.issueAreaName}，{detail.regionName}
        </dd>
        <dt>包案领导</dt>
        <dd>
          {detail.leaderName}（{detail.leaderTitle}）{detail.signedOff ? '，已签字确认' : ''}
        </dd>
        <dt>“1+3+N”工作班子</dt>
        <dd>
          法律顾问：{detail.team.legalAdviser ?? '未填'}；心理咨询师：{detail.team.psychologist ?? '未填'}；乡贤代表：
          {detail.team.gentry ?? '未填'}；责任单位：{detail.team.departments.join('、') || '未填'}
        </dd>
        <dt>风险等级</dt>
        <dd>
          {detail.riskGradeLabel}：{detail.riskReason}
        </dd>
        <dt>化解措施</dt>
        <dd>{detail.measures}</dd>
        <dt>时间节点</dt>
        <dd>{detail.milestones.map((m) => `${m.due} ${m.what}`).join('；') || '无'}</dd>
        <dt>化解时限</dt>
        <dd>
          {detail.timeLimit}
          {detail.overdue && <span className="tag overdue">已超时限</span>}
        </dd>
        <dt>“六有”材料</dt>
        <dd>
          {detail.checklist.length} / {LIUYOU_ITEMS.length}
          {detail.checklist.length > 0 && `：${detail.checklist.map((i) => LIUYOU_LABELS[i]).join('、')}`}
        </dd>
        <dt>信访人在查询页面的评价</dt>
        <dd>{detail.citizenRating ?? '尚未评价'}</dd>
      </dl>
      <h3>台账记录</h3>
      <ol className="timeline">
        {detail.records.map((r) => (
          <li key={r.seq}>
            <strong>{r.label}</strong> {new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}，
            {r.actorName}
            {typeof r.data['content'] === 'string' && `：${r.data['content']}`}
            {typeof r.data['reason'] === 'string' && `：${r.data['reason']}`}
            {typeof r.data['riskReason'] === 'string' && r.type === 'grade' && `：${r.data['riskReason']}`}
          </li>
        ))}
      </ol>
      <div className="no-print">
        {(['supervise', 'visit', 'grade', 'plan', 'checklist', 'sign_off', 'strike', 'send_back'] as const).map((a) => {
          const info = allowed.get(a);
          if (!info) return null;
          if (!info.allowed)
            return (
              <p key={a} className="hint">
                {info.label}：{info.why}
              </p>
            );
          const initial: Record<string, string | string[]> =
            a === 'checklist'
              ? { items: detail.checklist }
              : a === 'plan'
                ? { measures: detail.measures, timeLimit: detail.timeLimit }
                : a === 'grade'
                  ? { riskGrade: detail.riskGrade }
                  : {};
          return (
            <ActionForm
              key={a}
              id={id}
              action={a}
              label={info.label}
              fields={FORMS[a]!}
              initial={initial}
              onDone={done(info.label)}
            />
          );
        })}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- the monthly report

function lastMonth(): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

function Report() {
  const [month, setMonth] = useState(() => new URLSearchParams(window.location.search).get('month') ?? lastMonth());
  const [report, setReport] = useState<MonthlyReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void callApi<MonthlyReport>(`${BACKLOG_PATH}/report?month=${encodeURIComponent(month)}`).then((r) => {
      if (r.ok) {
        setReport(r.data);
        setProblem(null);
      } else setProblem(r.message);
    });
  }, [month]);
  return (
    <section aria-labelledby="report-h">
      <h2 id="report-h" className="no-print">
        月度统计表
      </h2>
      <form
        className="staff-form no-print"
        onSubmit={(e) => {
          e.preventDefault();
          const v = new FormData(e.currentTarget).get('month');
          if (typeof v === 'string') setMonth(v);
        }}
      >
        <div className="field">
          <label htmlFor="r-month">月份</label>
          <input id="r-month" name="month" type="month" defaultValue={month} />
        </div>
        <div className="form-actions">
          <button type="submit">生成</button>{' '}
          <button type="button" className="secondary" onClick={() => window.print()}>
            打印
          </button>{' '}
          <a href={`${BACKLOG_PATH}/report/csv?month=${encodeURIComponent(month)}`}>下载 CSV</a>
        </div>
      </form>
      <Problem message={problem} />
      {report && (
        <div className="table-wrap">
          <table className="stats-table">
            <caption>
              {report.title}（填报单位：{report.office}）
            </caption>
            <thead>
              <tr>
                <th scope="col">乡镇（街道）</th>
                {REPORT_COLUMNS.map(([k, label]) => (
                  <th scope="col" key={k}>
                    {label}
                  </th>
                ))}
                <th scope="col">累计化解率</th>
              </tr>
            </thead>
            <tbody>
              {[...report.rows, report.total].map((r) => (
                <tr key={r.region}>
                  <th scope="row">{r.regionName}</th>
                  {REPORT_COLUMNS.map(([k]) => (
                    <td key={k}>{r.counts[k]}</td>
                  ))}
                  <td>{r.resolvedRate === null ? '—' : `${r.resolvedRate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
