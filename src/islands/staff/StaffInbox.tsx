/**
 * The inbox: every case the office holds, overdue first, with the filters of issue 4 kept in the
 * address bar so that a reload, a shared link and the CSV export all mean the same list.
 */
import { formatCode } from '../../lib/tracking-code';
import { useEffect, useRef, useState } from 'react';
import { callApi } from './staff-api';
import { CASES_CSV_PATH, CASES_PATH } from './staff-routes';
import StaffNav, { useStaffSession } from './StaffNav';
import {
  ISSUE_AREA_OPTIONS,
  KIND_OPTIONS,
  REGION_OPTIONS,
  STAGE_OPTIONS,
  STATUS_OPTIONS,
  articleLink,
  daysLeftClass,
  daysLeftText,
  formatAt,
  formatDate,
  issueAreaLabel,
  kindLabel,
  regionLabel,
  stageLabel,
  statusLabel,
} from './staff-format';

export interface InboxDeadline {
  label: string;
  due: string;
  daysLeft: number | null;
  status?: string;
  article?: number | null;
  estimated?: boolean;
}

export interface InboxCase {
  id: string;
  code: string;
  title: string;
  status: string;
  stage?: string;
  kind: string;
  issueArea: string;
  region: string;
  createdAt: string;
  unit?: string | null;
  next?: InboxDeadline | null;
  overdue?: boolean;
}

/** Query parameters of GET /api/staff/cases (InboxFilterSchema in src/server/staff-cases.ts). */
export const FILTER_KEYS = ['status', 'stage', 'kind', 'issueArea', 'region', 'due', 'includeClosed'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const EMPTY: Filters = { status: '', stage: '', kind: '', issueArea: '', region: '', due: '', includeClosed: '' };
const DUE_OPTIONS = [
  { id: 'overdue', label: '已超期' },
  { id: 'soon', label: '3 天内到期' },
];

function readFilters(search: string): Filters {
  const q = new URLSearchParams(search);
  const out = { ...EMPTY };
  for (const k of FILTER_KEYS) out[k] = q.get(k) ?? '';
  return out;
}

export function filterQuery(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k] !== '') q.set(k, f[k]);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

function readCases(body: unknown): InboxCase[] | null {
  if (Array.isArray(body)) return body as InboxCase[];
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const list = b['cases'] ?? b['items'];
    if (Array.isArray(list)) return list as InboxCase[];
  }
  return null;
}

export default function StaffInbox() {
  const session = useStaffSession();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters | null>(null);
  const [cases, setCases] = useState<InboxCase[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const focusAfterLoad = useRef(false);

  useEffect(() => {
    const f = readFilters(window.location.search);
    setFilters(f);
    setApplied(f);
  }, []);

  useEffect(() => {
    if (session.kind !== 'signed-in' || applied === null) return;
    let live = true;
    setLoading(true);
    void callApi<unknown>(CASES_PATH + filterQuery(applied)).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        const list = readCases(r.data);
        setCases(list ?? []);
        setProblem(list ? null : '列表的格式不对，请刷新页面再试。');
      } else {
        setProblem(r.message);
      }
      if (focusAfterLoad.current) {
        focusAfterLoad.current = false;
        requestAnimationFrame(() => resultRef.current?.focus());
      }
    });
    return () => {
      live = false;
    };
  }, [session.kind, applied]);

  function apply(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    window.history.replaceState(null, '', window.location.pathname + filterQuery(filters));
    focusAfterLoad.current = true;
    setApplied({ ...filters });
  }

  function clear() {
    setFilters(EMPTY);
    window.history.replaceState(null, '', window.location.pathname);
    focusAfterLoad.current = true;
    setApplied({ ...EMPTY });
  }

  const set = (k: FilterKey, v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const select = (k: FilterKey, label: string, options: readonly { id: string; label?: string; name?: string }[]) => (
    <div className="field">
      <label htmlFor={`filter-${k}`}>{label}</label>
      <select id={`filter-${k}`} value={filters[k]} onChange={(e) => set(k, e.currentTarget.value)}>
        <option value="">全部</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label ?? o.name}
          </option>
        ))}
      </select>
    </div>
  );

  const overdueCount = cases?.filter((c) => c.overdue === true).length ?? 0;

  return (
    <>
      <StaffNav session={session} current="inbox" />
      {session.kind === 'signed-in' && (
        <>
          <form className="staff-filters" onSubmit={apply} aria-label="筛选事项">
            {select('status', '办理状态', STATUS_OPTIONS)}
            {select('kind', '类别', KIND_OPTIONS)}
            {select('issueArea', '问题领域', ISSUE_AREA_OPTIONS)}
            {select('region', '所属乡镇（街道）', REGION_OPTIONS)}
            {select('stage', '阶段', STAGE_OPTIONS)}
            {select('due', '期限', DUE_OPTIONS)}
            <div className="checks">
              <label>
                <input
                  type="checkbox"
                  checked={filters.includeClosed === '1'}
                  onChange={(e) => set('includeClosed', e.currentTarget.checked ? '1' : '')}
                />
                包括已办结的事项
              </label>
            </div>
            <div className="form-actions">
              <button type="submit">筛选</button>
              <button type="button" className="secondary" onClick={clear}>
                清除条件
              </button>
            </div>
          </form>
          <p>
            <a href={CASES_CSV_PATH + filterQuery(applied ?? EMPTY)} download>
              导出当前筛选结果（CSV 表格）
            </a>
          </p>
          <h2 ref={resultRef} tabIndex={-1}>
            {cases === null
              ? '事项列表'
              : `共 ${cases.length} 件${overdueCount > 0 ? `，其中已超期 ${overdueCount} 件` : ''}`}
          </h2>
          <div role="status">{loading && <p>正在载入…</p>}</div>
          {problem && (
            <div className="status-message problem" role="alert">
              <p>{problem}</p>
            </div>
          )}
          {cases && cases.length === 0 && <p>没有符合条件的事项。</p>}
          {cases && cases.length > 0 && (
            <div className="table-wrap">
              <table className="inbox">
                <caption className="visually-hidden">信访事项，已超期的排在最前面</caption>
                <thead>
                  <tr>
                    <th scope="col">查询码 / 标题</th>
                    <th scope="col">状态</th>
                    <th scope="col">类别 / 领域</th>
                    <th scope="col">乡镇（街道）</th>
                    <th scope="col">收到时间</th>
                    <th scope="col">下一个期限</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.map((c) => {
                    const n = c.next?.daysLeft;
                    const cls =
                      typeof n === 'number' ? (n < 0 ? 'overdue' : n <= 3 ? 'due-soon' : undefined) : undefined;
                    const law = articleLink(c.next?.article);
                    return (
                      <tr key={c.id} className={cls}>
                        <td>
                          <a href={`/staff/case/?id=${encodeURIComponent(c.id)}`}>{formatCode(c.code)}</a>
                          <br />
                          {c.title}
                        </td>
                        <td>
                          {statusLabel(c.status)}
                          {c.stage && c.stage !== 'original' && `（${stageLabel(c.stage)}）`}
                          {c.unit && (
                            <>
                              <br />
                              <span className="small">{c.unit}</span>
                            </>
                          )}
                        </td>
                        <td>
                          {kindLabel(c.kind)}
                          <br />
                          {issueAreaLabel(c.issueArea)}
                        </td>
                        <td>{regionLabel(c.region)}</td>
                        <td>{formatAt(c.createdAt)}</td>
                        <td className="due">
                          {c.next ? (
                            <>
                              {typeof n === 'number' && <strong className={daysLeftClass(n)}>{daysLeftText(n)}</strong>}
                              <br />
                              {c.next.label}
                              <br />
                              {formatDate(c.next.due)}前
                              {law && (
                                <>
                                  <br />
                                  <a href={law.href}>{law.label}</a>
                                </>
                              )}
                            </>
                          ) : (
                            <span className="small">无进行中的期限</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
