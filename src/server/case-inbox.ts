/**
 * The staff inbox: filters, sorting and paging in SQL on each case's stored next due date
 * (case-due.ts), so a request costs one page, not every open case. The CSV export (case-export.ts)
 * reads the same filter in the same order.
 */
import {
  addCalendarDays,
  computeDeadlines,
  DEADLINE_KINDS,
  DEADLINE_RULES,
  describeDaysLeft,
  nextDeadline,
  shanghaiDate,
  storedDueStatus,
  type DeadlineKind,
} from '../lib/deadlines';
import {
  DEFAULT_ORDER,
  DUE_SOON_DAYS,
  INBOX_COUNT_CAP,
  parseInboxQuery,
  type InboxDeadline,
  type InboxFilter,
  type InboxItem,
  type InboxPage,
} from '../lib/inbox';
import { normaliseCode } from '../lib/tracking-code';
import { CaseStageSchema } from '../lib/workflow';
import { DUE_KEY_SQL, OPEN_CASE_SQL } from './case-due';
import { caseSummary, officeDeadline, type CaseRow } from './case-record';
import { CaseError } from './errors';
import type { Database, DbStatement } from './platform/database';

export type { InboxFilter };

/** Filters from a query string; bad values are a 400 naming each field in Chinese. */
export function parseInboxFilter(params: URLSearchParams): InboxFilter {
  const parsed = parseInboxQuery(params);
  if (!parsed.ok) throw new CaseError(400, parsed.message, parsed.fields);
  return parsed.filter;
}

export interface InboxRow extends Omit<
  CaseRow,
  'request' | 'facts' | 'other_procedure' | 'has_email' | 'attachment_count'
> {
  next_due_at: string | null;
  next_due_kind: string | null;
}

export const INBOX_COLUMNS = [
  'id',
  'code',
  'status',
  'stage',
  'parent_id',
  'unit',
  'kind',
  'issue_area',
  'region',
  'title',
  'channel',
  'created_at',
  'updated_at',
  'next_due_at',
  'next_due_kind',
]
  .map((c) => `p.${c}`)
  .join(', ');

/** LIKE with the pattern's own % and _ taken literally (ESCAPE backslash, in both dialects). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** WHERE and its parameters for a filter; every value the client sends is a bound parameter. */
export function inboxWhere(db: Database, filter: InboxFilter, today: string): { sql: string; binds: unknown[] } {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (filter.status) {
    where.push('p.status = ?');
    binds.push(filter.status);
  } else if (!filter.includeClosed) {
    where.push(OPEN_CASE_SQL());
  }
  for (const [key, column] of [
    ['stage', 'p.stage'],
    ['kind', 'p.kind'],
    ['channel', 'p.channel'],
    ['issueArea', 'p.issue_area'],
    ['region', 'p.region'],
    ['unit', 'p.unit'],
  ] as const) {
    const v = filter[key];
    if (v !== undefined) {
      where.push(`${column} = ?`);
      binds.push(v);
    }
  }
  if (filter.q !== undefined) {
    const like = db.dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    const code = normaliseCode(filter.q);
    if (/^[0-9A-Z]{4,12}$/.test(code)) {
      where.push(`(p.code LIKE ? ESCAPE '\\' OR p.title ${like} ? ESCAPE '\\')`);
      binds.push(`${code}%`, `%${likeEscape(filter.q)}%`);
    } else {
      where.push(`p.title ${like} ? ESCAPE '\\'`);
      binds.push(`%${likeEscape(filter.q)}%`);
    }
  }
  const due = filter.due ?? (filter.withinDays !== undefined ? 'soon' : undefined);
  if (due === 'overdue') {
    where.push(`${DUE_KEY_SQL()} < ?`);
    binds.push(today);
  } else if (due === 'soon') {
    where.push(`${DUE_KEY_SQL()} >= ?`, `${DUE_KEY_SQL()} <= ?`);
    binds.push(today, addCalendarDays(today, filter.withinDays ?? DUE_SOON_DAYS));
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', binds };
}

/** ORDER BY of a sort; the last key (id) makes pages stable when times are equal. */
export function inboxOrder(filter: InboxFilter): { sql: string; order: 'asc' | 'desc' } {
  const order = filter.order ?? DEFAULT_ORDER[filter.sort];
  const flip = order !== DEFAULT_ORDER[filter.sort];
  const dir = (d: 'ASC' | 'DESC') => (flip ? (d === 'ASC' ? 'DESC' : 'ASC') : d);
  const keys =
    filter.sort === 'due'
      ? [`${DUE_KEY_SQL()} ${dir('ASC')}`, `p.created_at ${dir('DESC')}`, `p.id ${dir('DESC')}`]
      : filter.sort === 'received'
        ? [`p.created_at ${dir('DESC')}`, `p.id ${dir('DESC')}`]
        : [`p.updated_at ${dir('DESC')}`, `p.id ${dir('DESC')}`];
  return { sql: `ORDER BY ${keys.join(', ')}`, order };
}

const isDeadlineKind = (k: string | null): k is DeadlineKind =>
  k !== null && (DEADLINE_KINDS as readonly string[]).includes(k);

function storedDeadline(row: InboxRow, today: string): InboxDeadline | null {
  if (row.next_due_at === null || !isDeadlineKind(row.next_due_kind)) return null;
  const kind = row.next_due_kind;
  const s = storedDueStatus(row.next_due_at, kind, today);
  return {
    kind,
    label: DEADLINE_RULES[kind].label,
    due: row.next_due_at,
    daysLeft: s.daysLeft,
    daysLeftText: describeDaysLeft(s.daysLeft),
    status: s.status,
    article: DEADLINE_RULES[kind].basis.article,
    estimated: s.estimated,
  };
}

function inboxItem(row: InboxRow, next: InboxDeadline | null): InboxItem {
  return caseSummary(row, next);
}

/**
 * Items of one page from their stored due dates. A clock paused for a hearing moves every day and
 * is not stored (deadlines.nextDue), so those few cases are computed from their events here.
 */
export async function inboxItems(db: Database, rows: readonly InboxRow[], now: Date): Promise<InboxItem[]> {
  const today = shanghaiDate(now);
  const paused = rows.filter((r) => r.next_due_at === null && r.next_due_kind !== null);
  const pausedNext = new Map<string, InboxDeadline | null>();
  if (paused.length > 0) {
    const { results } = await db
      .prepare(
        `SELECT petition_id, type, at, data FROM petition_events WHERE petition_id IN (${paused.map(() => '?').join(', ')}) ORDER BY petition_id, seq`,
      )
      .bind(...paused.map((r) => r.id))
      .all<{ petition_id: string; type: string; at: string; data: string }>();
    for (const r of paused) {
      const events = results
        .filter((e) => e.petition_id === r.id)
        .map((e) => ({ type: e.type, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> }));
      const stage = CaseStageSchema.parse(r.stage);
      pausedNext.set(
        r.id,
        officeDeadline(nextDeadline(computeDeadlines({ stage, kind: r.kind, events }, { now }), 'office')),
      );
    }
  }
  return rows.map((r) => inboxItem(r, pausedNext.has(r.id) ? pausedNext.get(r.id)! : storedDeadline(r, today)));
}

/**
 * One page of the inbox, filtered, sorted and paged in SQL on the stored due dates: the cost is the
 * page, not the number of open cases. The page and both counts are read in one batch, so they agree.
 */
export async function listCases(db: Database, filter: InboxFilter, now: Date): Promise<InboxPage> {
  const today = shanghaiDate(now);
  const where = inboxWhere(db, filter, today);
  const { sql: orderSql, order } = inboxOrder(filter);
  const offset = (filter.page - 1) * filter.pageSize;
  const count = (extra: string, binds: unknown[]) =>
    db
      .prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM petitions p ${where.sql}${extra} LIMIT ?) counted`)
      .bind(...where.binds, ...binds, INBOX_COUNT_CAP + 1);
  const due = filter.due ?? (filter.withinDays !== undefined ? 'soon' : undefined);
  const statements: DbStatement[] = [
    db
      .prepare(`SELECT ${INBOX_COLUMNS} FROM petitions p ${where.sql} ${orderSql} LIMIT ? OFFSET ?`)
      .bind(...where.binds, filter.pageSize, offset),
    count('', []),
  ];
  // Overdue among the matches: known without a query when the filter already decides it.
  if (due === undefined)
    statements.push(count(`${where.sql === '' ? ' WHERE' : ' AND'} ${DUE_KEY_SQL()} < ?`, [today]));
  const [page, total, overdue] = await db.batch<Record<string, unknown>>(statements);
  const totalN = Math.min(Number(total?.results[0]?.['n'] ?? 0), INBOX_COUNT_CAP + 1);
  const rows = (page?.results ?? []) as unknown as InboxRow[];
  const overdueN =
    due === 'overdue'
      ? totalN
      : due === 'soon'
        ? 0
        : Math.min(Number(overdue?.results[0]?.['n'] ?? 0), INBOX_COUNT_CAP);
  const capped = totalN > INBOX_COUNT_CAP;
  const shownTotal = capped ? INBOX_COUNT_CAP : totalN;
  return {
    items: await inboxItems(db, rows, now),
    total: shownTotal,
    totalCapped: capped,
    overdue: Math.min(overdueN, INBOX_COUNT_CAP),
    page: filter.page,
    pageSize: filter.pageSize,
    pages: Math.max(1, Math.ceil(shownTotal / filter.pageSize)),
    sort: filter.sort,
    order,
  };
}
