/**
 * The inbox: one page of the cases the office holds, most urgent first, with the filters, the sort
 * and the page kept in the address bar so that a reload, a shared link and the CSV export all mean
 * the same list. The filter's schema and the answer's type are the server's (src/lib/inbox.ts).
 */
import { formatCode } from '../../lib/tracking-code';
import {
  DUE_SOON_DAYS,
  INBOX_FIELD_LABELS,
  INBOX_PAGE_SIZE,
  INBOX_SORT_LABELS,
  INBOX_SORTS,
  inboxQueryString,
  parseInboxQuery,
  type InboxField,
  type InboxFilterInput,
  type InboxItem,
  type InboxPage,
} from '../../lib/inbox';
import { useEffect, useRef, useState } from 'react';
import { CHANNELS, channelLabel, STAFF_CHANNELS } from '../../lib/channels';
import { callApi } from './staff-api';
import { CASES_CSV_PATH, CASES_PATH, INTAKE_HREF } from './staff-routes';
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

export type InboxCase = InboxItem;

/** The form's fields: every query parameter except the page, which the paging buttons set. */
type Filters = Required<Omit<InboxFilterInput, 'page' | 'order'>>;
const EMPTY: Filters = {
  status: '',
  stage: '',
  kind: '',
  channel: '',
  issueArea: '',
  region: '',
  unit: '',
  q: '',
  due: '',
  withinDays: '',
  includeClosed: '',
  sort: '',
  pageSize: '',
};
const DUE_OPTIONS = [
  { id: 'overdue', label: '已超期' },
  { id: 'soon', label: '即将到期' },
];
const CHANNEL_OPTIONS = CHANNELS.map((c) => ({ id: c.id, label: c.label }));
const SORT_OPTIONS = INBOX_SORTS.map((id) => ({ id, label: INBOX_SORT_LABELS[id] }));
const PAGE_SIZES = [20, INBOX_PAGE_SIZE, 100, 200];

interface Applied {
  query: string;
  page: number;
}

function readFilters(search: string): { filters: Filters; page: number } {
  const q = new URLSearchParams(search);
  const filters = { ...EMPTY };
  for (const k of Object.keys(EMPTY) as (keyof Filters)[]) filters[k] = q.get(k) ?? '';
  const page = Number(q.get('page') ?? '1');
  return { filters, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

/** The query string of the form's values and a page; null with messages when a value is wrong. */
function queryOf(
  f: Filters,
  page: number,
): { ok: true; query: string } | { ok: false; fields: Partial<Record<InboxField, string>> } {
  const parsed = parseInboxQuery({ ...f, page: String(page) });
  return parsed.ok ? { ok: true, query: inboxQueryString(parsed.filter) } : { ok: false, fields: parsed.fields };
}

function isInboxPage(body: unknown): body is InboxPage {
  return typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items);
}

export default function StaffInbox() {
  const session = useStaffSession();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Applied | null>(null);
  const [result, setResult] = useState<InboxPage | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<InboxField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const focusAfterLoad = useRef(false);

  useEffect(() => {
    const { filters: f, page } = readFilters(window.location.search);
    setFilters(f);
    const q = queryOf(f, page);
    // A hand-edited link with a wrong value: show the messages and the first page without filters.
    if (!q.ok) setFieldErrors(q.fields);
    setApplied({ query: q.ok ? q.query : '', page: q.ok ? page : 1 });
  }, []);

  useEffect(() => {
    if (session.kind !== 'signed-in' || applied === null) return;
    let live = true;
    setLoading(true);
    void callApi<unknown>(CASES_PATH + applied.query).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        const page = isInboxPage(r.data) ? r.data : null;
        setResult(page);
        setProblem(page ? null : '列表的格式不对，请刷新页面再试。');
      } else {
        setProblem(r.message);
        if (Object.keys(r.fields).length > 0) setFieldErrors(r.fields);
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

  function go(f: Filters, page: number) {
    const q = queryOf(f, page);
    if (!q.ok) {
      setFieldErrors(q.fields);
      return;
    }
    setFieldErrors({});
    window.history.replaceState(null, '', window.location.pathname + q.query);
    focusAfterLoad.current = true;
    setApplied({ query: q.query, page });
  }

  function apply(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    go(filters, 1);
  }

  function clear() {
    setFilters(EMPTY);
    go(EMPTY, 1);
  }

  const set = (k: keyof Filters, v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const errorOf = (k: keyof Filters) =>
    fieldErrors[k] ? (
      <p className="field-error" id={`filter-${k}-error`}>
        {fieldErrors[k]}
      </p>
    ) : null;
  const described = (k: keyof Filters) =>
    fieldErrors[k] ? { 'aria-describedby': `filter-${k}-error`, 'aria-invalid': true as const } : {};
  const select = (
    k: keyof Filters,
    label: string,
    options: readonly { id: string | number; label?: string; name?: string }[],
    all = '全部',
  ) => (
    <div className="field">
      <label htmlFor={`filter-${k}`}>{label}</label>
      <select id={`filter-${k}`} value={filters[k]} onChange={(e) => set(k, e.currentTarget.value)} {...described(k)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={String(o.id)}>
            {o.label ?? o.name}
          </option>
        ))}
      </select>
      {errorOf(k)}
    </div>
  );
  const input = (k: keyof Filters, label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={`filter-${k}`}>{label}</label>
      <input
        id={`filter-${k}`}
        value={filters[k]}
        onChange={(e) => set(k, e.currentTarget.value)}
        {...extra}
        {...described(k)}
      />
      {errorOf(k)}
    </div>
  );

  const cases = result?.items ?? null;
  const page = result?.page ?? 1;
  const pages = result?.pages ?? 1;
  const countText =
    result === null
      ? '事项列表'
      : `共 ${result.total}${result.totalCapped ? ' 件以上' : ' 件'}${result.overdue > 0 ? `，其中已超期 ${result.overdue}${result.totalCapped ? ' 件以上' : ' 件'}` : ''}` +
        (result.total > 0 ? `，第 ${page} 页，共 ${pages}${result.totalCapped ? ' 页以上' : ' 页'}` : '');
  const pager = (where: string) =>
    result && (pages > 1 || page > 1) ? (
      <nav className="pager" aria-label={`分页（${where}）`}>
        <button
          type="button"
          className="secondary"
          disabled={page <= 1 || loading}
          onClick={() => go(filters, page - 1)}
        >
          上一页
        </button>
        <span>
          第 {page} 页，共 {pages}
          {result.totalCapped ? ' 页以上' : ' 页'}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={(!result.totalCapped && page >= pages) || cases?.length === 0 || loading}
          onClick={() => go(filters, page + 1)}
        >
          下一页
        </button>
      </nav>
    ) : null;

  return (
    <>
      <StaffNav session={session} current="inbox" />
      {session.kind === 'signed-in' && (
        <>
          <p className="intake-links">
            登记收到的信访事项：
            {STAFF_CHANNELS.map((c, i) => (
              <span key={c.id}>
                {i > 0 && '　'}
                <a href={`${INTAKE_HREF}?channel=${c.id}`}>{c.verb}</a>
              </span>
            ))}
          </p>
          <form className="staff-filters" onSubmit={apply} aria-label="筛选事项" noValidate>
            {input('q', '查询码或标题', { type: 'search', maxLength: 100, placeholder: '例如 7KQ3-M9XA-HT2C 或 工资' })}
            {select('status', INBOX_FIELD_LABELS.status, STATUS_OPTIONS)}
            {select('kind', INBOX_FIELD_LABELS.kind, KIND_OPTIONS)}
            {select('channel', INBOX_FIELD_LABELS.channel, CHANNEL_OPTIONS)}
            {select('issueArea', INBOX_FIELD_LABELS.issueArea, ISSUE_AREA_OPTIONS)}
            {select('region', INBOX_FIELD_LABELS.region, REGION_OPTIONS)}
            {select('stage', INBOX_FIELD_LABELS.stage, STAGE_OPTIONS)}
            {input('unit', '承办单位（与转送、交办时填写的名称一致）', { maxLength: 100 })}
            {select('due', INBOX_FIELD_LABELS.due, DUE_OPTIONS)}
            {input('withinDays', `几天内到期（默认 ${DUE_SOON_DAYS} 天，选“即将到期”时适用）`, {
              inputMode: 'numeric',
              pattern: '[0-9]*',
              maxLength: 3,
            })}
            {select('sort', INBOX_FIELD_LABELS.sort, SORT_OPTIONS.slice(1), SORT_OPTIONS[0]!.label)}
            {select(
              'pageSize',
              INBOX_FIELD_LABELS.pageSize,
              PAGE_SIZES.filter((n) => n !== INBOX_PAGE_SIZE).map((n) => ({ id: n, label: `${n} 件` })),
              `${INBOX_PAGE_SIZE} 件`,
            )}
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
            <a href={CASES_CSV_PATH + (applied?.query ?? '')} download>
              导出当前筛选结果（CSV 表格，不分页）
            </a>
          </p>
          <h2 ref={resultRef} tabIndex={-1} aria-live="polite" aria-atomic="true">
            {countText}
          </h2>
          <div role="status">{loading && <p>正在载入…</p>}</div>
          {problem && (
            <div className="status-message problem" role="alert">
              <p>{problem}</p>
            </div>
          )}
          {pager('列表上方')}
          {cases && cases.length === 0 && <p>没有符合条件的事项。</p>}
          {cases && cases.length > 0 && (
            <div className="table-wrap">
              <table className="inbox">
                <caption className="visually-hidden">信访事项，{result ? INBOX_SORT_LABELS[result.sort] : ''}</caption>
                <thead>
                  <tr>
                    <th scope="col">查询码 / 标题</th>
                    <th scope="col">状态</th>
                    <th scope="col">类别 / 领域</th>
                    <th scope="col">乡镇（街道）</th>
                    <th scope="col">收到时间 / 方式</th>
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
                        <td>
                          {formatAt(c.createdAt)}
                          <br />
                          <span className="small">{c.channelLabel || channelLabel(c.channel)}</span>
                        </td>
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
          {pager('列表下方')}
        </>
      )}
    </>
  );
}
