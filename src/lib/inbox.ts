/**
 * The staff inbox's query and answer: one zod schema for the filter (the server parses the query
 * string with it, the console builds its links with it) and the types of GET /api/staff/cases.
 * docs/staff-api.md describes the same.
 */
import { z } from 'zod';
import { type DeadlineKind, type DeadlineStatus } from './deadlines';
import { fieldErrors } from './field-errors';
import { CHANNEL_IDS } from './channels';
import { PETITION_KIND_IDS } from './petition-schema';
import { issueAreaIds, regionIds } from './settings';
import { CASE_STAGES, CASE_STATES, STATES, type CaseStage, type CaseState } from './workflow';

export const INBOX_PAGE_SIZE = 50;
export const INBOX_PAGE_SIZE_MAX = 200;
/** Deep enough for any real office; stops OFFSET arithmetic from running away on hostile input. */
export const INBOX_PAGE_MAX = 100_000;
/** `due=soon` without `withinDays`: the office's next deadline within this many days. */
export const DUE_SOON_DAYS = 3;
export const WITHIN_DAYS_MAX = 366;
/** `total` counts at most this many matches; above it the answer says `totalCapped`. */
export const INBOX_COUNT_CAP = 10_000;

export const INBOX_SORTS = ['due', 'received', 'updated'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const INBOX_SORT_LABELS: Record<InboxSort, string> = {
  due: '按到期日（最紧急的在前）',
  received: '按收到时间（最新的在前）',
  updated: '按最近办理（最近的在前）',
};
/** The order each sort takes when `order` is not given. */
export const DEFAULT_ORDER: Record<InboxSort, 'asc' | 'desc'> = { due: 'asc', received: 'desc', updated: 'desc' };

/** States hidden unless asked for (includeClosed=1 or status=…). */
export const TERMINAL_STATES = CASE_STATES.filter((s) => STATES[s].terminal);

/** Chinese names of the query's fields, for error messages. */
export const INBOX_FIELD_LABELS = {
  status: '办理状态',
  stage: '阶段',
  kind: '类别',
  channel: '收到方式',
  issueArea: '问题领域',
  region: '所属乡镇（街道）',
  unit: '承办单位',
  q: '查询码或标题',
  due: '期限',
  withinDays: '几天内到期',
  includeClosed: '包括已办结的事项',
  sort: '排序',
  order: '排序方向',
  page: '页码',
  pageSize: '每页条数',
} as const;
export type InboxField = keyof typeof INBOX_FIELD_LABELS;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const pick = (field: InboxField) => `筛选条件“${INBOX_FIELD_LABELS[field]}”的取值不正确，请从列表中选择`;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, field: InboxField) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: pick(field) }).optional());

const intIn = (field: InboxField, min: number, max: number) => {
  const message = `“${INBOX_FIELD_LABELS[field]}”应为 ${min} 到 ${max} 之间的整数`;
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      // Only plain digits: Number('1e3'), Number(' 7') and Number('0x10') would be accepted otherwise.
      return typeof b === 'string' ? (/^\d{1,9}$/.test(b.trim()) ? Number(b.trim()) : Number.NaN) : b;
    },
    z.number({ error: message }).int(message).min(min, message).max(max, message).optional(),
  );
};

const optionalText = (field: InboxField, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : blankToUndefined(v)),
    z
      .string({ error: `“${INBOX_FIELD_LABELS[field]}”应为文字` })
      .max(max, `“${INBOX_FIELD_LABELS[field]}”不能超过 ${max} 个字`)
      .optional(),
  );

export const InboxFilterSchema = z.object({
  status: optionalEnum(CASE_STATES, 'status'),
  stage: optionalEnum(CASE_STAGES, 'stage'),
  kind: optionalEnum(PETITION_KIND_IDS, 'kind'),
  /** How the matter reached the office (src/lib/channels.ts). */
  channel: optionalEnum(CHANNEL_IDS, 'channel'),
  issueArea: optionalEnum(issueAreaIds, 'issueArea'),
  region: optionalEnum(regionIds, 'region'),
  /** The unit named at 转送/交办, exactly as entered. */
  unit: optionalText('unit', 100),
  /** A tracking code (with or without dashes) or part of the title. */
  q: optionalText('q', 100),
  /** 'overdue': the office's next deadline has passed; 'soon': it falls within `withinDays` days. */
  due: optionalEnum(['overdue', 'soon'] as const, 'due'),
  /** Window of `due=soon` in days from today (0 = due today); alone it means `due=soon`. */
  withinDays: intIn('withinDays', 0, WITHIN_DAYS_MAX),
  /** Include closed cases (hidden by default). */
  includeClosed: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()).default(false),
  sort: z.preprocess(blankToUndefined, z.enum(INBOX_SORTS, { error: pick('sort') }).default('due')),
  order: optionalEnum(['asc', 'desc'] as const, 'order'),
  page: intIn('page', 1, INBOX_PAGE_MAX).default(1),
  pageSize: intIn('pageSize', 1, INBOX_PAGE_SIZE_MAX).default(INBOX_PAGE_SIZE),
});
export type InboxFilter = z.infer<typeof InboxFilterSchema>;
/** The filter as a form holds it: every field a string, '' meaning "not set". */
export type InboxFilterInput = Partial<Record<InboxField, string>>;

export type InboxFilterResult =
  { ok: true; filter: InboxFilter } | { ok: false; message: string; fields: Partial<Record<InboxField, string>> };

/** Parses a query string (or a form's values); every bad field gets its own Chinese message. */
export function parseInboxQuery(params: URLSearchParams | InboxFilterInput): InboxFilterResult {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const parsed = InboxFilterSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filter: parsed.data };
  const fields: Partial<Record<InboxField, string>> = {};
  for (const [key, message] of Object.entries(fieldErrors(parsed.error)))
    if (key in INBOX_FIELD_LABELS && message !== undefined) fields[key as InboxField] = message;
  const first = Object.values(fields)[0] ?? '筛选条件的取值不正确，请检查后再试';
  return { ok: false, message: first, fields };
}

/** The query string for a filter, leaving out defaults so that links stay short and stable. */
export function inboxQueryString(filter: Partial<InboxFilter>): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(INBOX_FIELD_LABELS) as InboxField[]) {
    const v = filter[key];
    if (v === undefined || v === '' || v === false) continue;
    if (key === 'sort' && v === 'due') continue;
    if (key === 'page' && v === 1) continue;
    if (key === 'pageSize' && v === INBOX_PAGE_SIZE) continue;
    q.set(key, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

// ---------------------------------------------------------------- the answer

export interface InboxDeadline {
  kind: DeadlineKind;
  label: string;
  /** Last day, YYYY-MM-DD (Asia/Shanghai). */
  due: string;
  daysLeft: number | null;
  daysLeftText: string | null;
  status: Extract<DeadlineStatus, 'running' | 'paused' | 'overdue'>;
  article: number;
  /** Holiday data is missing for the year of the last day. */
  estimated: boolean;
}

export interface InboxItem {
  id: string;
  code: string;
  title: string;
  status: CaseState;
  statusLabel: string;
  stage: CaseStage;
  stageLabel: string;
  kind: string;
  issueArea: string;
  issueAreaName: string;
  region: string;
  regionName: string;
  unit: string | null;
  /** How it reached the office (src/lib/channels.ts) and its Chinese name. */
  channel: string;
  channelLabel: string;
  createdAt: string;
  updatedAt: string;
  /** The office's next deadline, or null when none is running. */
  next: InboxDeadline | null;
  overdue: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  /** Matching cases, counted up to INBOX_COUNT_CAP. */
  total: number;
  /** True when there are more than `total` matches. */
  totalCapped: boolean;
  /** Overdue cases among the matches (counted up to the same cap). */
  overdue: number;
  page: number;
  pageSize: number;
  /** Pages of `total`; with `totalCapped`, at least this many. */
  pages: number;
  sort: InboxSort;
  order: 'asc' | 'desc';
}
