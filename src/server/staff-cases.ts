/**
 * Case handling for staff: the inbox, the case page and the actions of the regulation.
 *
 * An action is a pipeline: parse (zod, per action) -> load (case + end of its event chain) ->
 * check (workflow.canTransition and the time rules) -> save (event + status in one D1 batch; the
 * chain's UNIQUE seq makes a concurrent action lose instead of forking the log) -> notify (outbox).
 */
import { isDbError, type Database, type DbStatement } from './platform/database';
import { z } from 'zod';
import {
  addCalendarDays,
  computeDeadlines,
  DEADLINE_KINDS,
  DEADLINE_RULES,
  describeDaysLeft,
  EXTENSION_MAX_DAYS,
  nextDeadline,
  shanghaiDate,
  storedDueStatus,
  type Deadline,
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
import { issueAreaIds, issueAreaName, regionName, settings } from '../lib/settings';
import { normaliseCode } from '../lib/tracking-code';
import {
  ACTIONS,
  availableActions,
  CaseStageSchema,
  CaseStateSchema,
  findTransition,
  forbiddenMessage,
  NOT_ACCEPT_GROUNDS,
  REPLY_DECISIONS,
  ROUTE_TARGETS,
  STAGE_LABELS,
  STATES,
  TRANSITIONS,
  type Action,
  type CaseStage,
  type CaseState,
} from '../lib/workflow';
import { kindLabel } from '../lib/petition-schema';
import { openText } from './crypto';
import type { AuthEnv, Session } from './auth';
import { insertOutboxStatement, type MailMessage } from './mail';
import { DUE_KEY_SQL, OPEN_CASE_SQL } from './case-due';
import { listEvents, prepareEvent, type ChainedEvent } from './petition-events';
import { listAttachments, openPersonalData } from './petition-store';
import { trackUrl } from './receipt-info';
import { renderStatusMail } from './staff-mail';
import { describeEvent } from './timeline';

/** An answer the route turns into a response: 400/404/409 with a Chinese message. */
export class CaseError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const CASE_MESSAGES = {
  notFound: '找不到这个信访事项，请返回列表重新选择',
  raced: '该事项刚刚被其他工作人员处理过，请刷新页面，看清最新状态后再操作',
  invalid: '填写的内容有误，请按提示修改后再提交',
  extendLate: '办理期限已经届满，不能再延期。请尽快出具处理意见',
  extendNotClaim: '只有申诉求决类事项有 60 日办理期限，其他类别不需要延期',
  closeTooEarly: (due: string) => `信访人可以在 ${due} 前请求复查，期限届满后才能办结`,
  assignPast: '指定办理期限应晚于今天',
} as const;

// ---------------------------------------------------------------- rows

interface CaseRow {
  id: string;
  code: string;
  status: string;
  stage: string;
  parent_id: string | null;
  unit: string | null;
  kind: string;
  issue_area: string;
  region: string;
  title: string;
  request: string;
  facts: string;
  other_procedure: string;
  channel: string;
  has_email: number;
  attachment_count: number;
  created_at: string;
  updated_at: string;
}

const CASE_COLUMNS =
  'id, code, status, stage, parent_id, unit, kind, issue_area, region, title, request, facts, other_procedure, channel, has_email, attachment_count, created_at, updated_at';

/** An inbox item (src/lib/inbox.ts: the type the console reads too). */
export type CaseSummary = InboxItem;
export type { InboxDeadline };

function inboxDeadline(d: Deadline | null): InboxDeadline | null {
  if (!d || d.status === 'done' || d.status === 'expired') return null;
  return {
    kind: d.kind,
    label: d.label,
    due: d.due,
    daysLeft: d.daysLeft,
    daysLeftText:
      d.status === 'paused' ? '听证期间暂停计算' : d.daysLeft === null ? null : describeDaysLeft(d.daysLeft),
    status: d.status,
    article: d.basis.article,
    estimated: d.estimated,
  };
}

interface EventLite {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

function summarise(row: CaseRow, events: readonly EventLite[], now: Date): CaseSummary {
  const stage = CaseStageSchema.parse(row.stage);
  const status = CaseStateSchema.parse(row.status);
  const deadlines = computeDeadlines({ stage, kind: row.kind, events }, { now });
  const next = nextDeadline(deadlines, 'office');
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    status,
    statusLabel: STATES[status].label,
    stage,
    stageLabel: STAGE_LABELS[stage],
    kind: row.kind,
    issueArea: row.issue_area,
    issueAreaName: issueAreaName(row.issue_area),
    region: row.region,
    regionName: regionName(row.region),
    unit: row.unit,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    next: inboxDeadline(next),
    overdue: next?.status === 'overdue',
  };
}

// ---------------------------------------------------------------- inbox

export type { InboxFilter };

/** Filters from a query string; bad values are a 400 naming each field in Chinese. */
export function parseInboxFilter(params: URLSearchParams): InboxFilter {
  const parsed = parseInboxQuery(params);
  if (!parsed.ok) throw new CaseError(400, parsed.message, parsed.fields);
  return parsed.filter;
}

interface InboxRow extends Omit<CaseRow, 'request' | 'facts' | 'other_procedure' | 'has_email' | 'attachment_count'> {
  next_due_at: string | null;
  next_due_kind: string | null;
}

const INBOX_COLUMNS = [
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
function inboxWhere(db: Database, filter: InboxFilter, today: string): { sql: string; binds: unknown[] } {
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
function inboxOrder(filter: InboxFilter): { sql: string; order: 'asc' | 'desc' } {
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
  const stage = CaseStageSchema.parse(row.stage);
  const status = CaseStateSchema.parse(row.status);
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    status,
    statusLabel: STATES[status].label,
    stage,
    stageLabel: STAGE_LABELS[stage],
    kind: row.kind,
    issueArea: row.issue_area,
    issueAreaName: issueAreaName(row.issue_area),
    region: row.region,
    regionName: regionName(row.region),
    unit: row.unit,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    next,
    overdue: next?.status === 'overdue',
  };
}

/**
 * Items of one page from their stored due dates. A clock paused for a hearing moves every day and
 * is not stored (deadlines.nextDue), so those few cases are computed from their events here.
 */
async function inboxItems(db: Database, rows: readonly InboxRow[], now: Date): Promise<InboxItem[]> {
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
        inboxDeadline(nextDeadline(computeDeadlines({ stage, kind: r.kind, events }, { now }), 'office')),
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

/** Most rows one CSV export holds; a larger office filters first. */
export const EXPORT_MAX_ROWS = 50_000;

/** Every matching case for the CSV export (same filter and order as the inbox, no paging). */
export async function exportCases(db: Database, filter: InboxFilter, now: Date): Promise<InboxItem[]> {
  const where = inboxWhere(db, filter, shanghaiDate(now));
  const { results } = await db
    .prepare(`SELECT ${INBOX_COLUMNS} FROM petitions p ${where.sql} ${inboxOrder(filter).sql} LIMIT ?`)
    .bind(...where.binds, EXPORT_MAX_ROWS)
    .all<InboxRow>();
  return inboxItems(db, results, now);
}

// ---------------------------------------------------------------- detail

export interface StaffEvent {
  seq: number;
  type: string;
  label: string;
  isPublic: boolean;
  at: string;
  actor: string;
  actorName: string;
  data: Record<string, unknown>;
  hash: string;
}

export interface CaseDetail extends CaseSummary {
  request: string;
  facts: string;
  otherProcedure: string;
  channel: string;
  personal: { name: string; phone: string; email: string | null; address: string; idNumber: string | null };
  attachments: {
    id: string;
    position: number;
    name: string;
    mime: string;
    size: number;
    sha256: string;
    url: string;
  }[];
  events: StaffEvent[];
  deadlines: Deadline[];
  /** Actions the signed-in staff member can take now, with their labels. */
  actions: { action: Action; label: string }[];
  parent: { id: string; code: string; stage: CaseStage } | null;
  children: { id: string; code: string; stage: CaseStage; status: CaseState; statusLabel: string }[];
  rating: { rating: string; comment: string | null; createdAt: string } | null;
}

async function loadCaseRow(db: Database, id: string): Promise<CaseRow> {
  const row = await db.prepare(`SELECT ${CASE_COLUMNS} FROM petitions WHERE id = ?`).bind(id).first<CaseRow>();
  if (!row) throw new CaseError(404, CASE_MESSAGES.notFound);
  return row;
}

const eventLabel = (type: string): string =>
  type === 'submitted'
    ? '提交'
    : type === 'note'
      ? '内部备注'
      : type === 'rate'
        ? '信访人评价'
        : (TRANSITIONS.find((t) => t.action === type)?.label ?? type);

export async function getCaseDetail(env: AuthEnv, id: string, now: Date): Promise<CaseDetail> {
  const row = await loadCaseRow(env.DB, id);
  const events = await listEvents(env.DB, id);
  const summary = summarise(row, events, now);
  const pii = await openPersonalData(env, env.DB, id);
  const staffNames = new Map(
    (await env.DB.prepare('SELECT id, name FROM staff').all<{ id: string; name: string }>()).results.map((s) => [
      s.id,
      s.name,
    ]),
  );
  const attachmentRows = await listAttachments(env.DB, id);
  const sealedNames = new Map(
    (
      await env.DB.prepare('SELECT id, name_iv, name_ct FROM attachments WHERE petition_id = ?')
        .bind(id)
        .all<{ id: string; name_iv: string; name_ct: string }>()
    ).results.map((r) => [r.id, { iv: r.name_iv, ct: r.name_ct }]),
  );
  const attachments = [];
  for (const a of attachmentRows) {
    const sealed = sealedNames.get(a.id);
    // Same associated data as attachments.ts uses when it seals the name.
    const name = sealed ? await openText(env, sealed, `attachment-name:${a.id}`) : `附件${a.position}`;
    attachments.push({
      id: a.id,
      position: a.position,
      name,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      url: `/api/staff/cases/${encodeURIComponent(id)}/attachments/${encodeURIComponent(a.id)}`,
    });
  }
  const parent = row.parent_id
    ? await env.DB.prepare('SELECT id, code, stage FROM petitions WHERE id = ?')
        .bind(row.parent_id)
        .first<{ id: string; code: string; stage: string }>()
    : null;
  const children = (
    await env.DB.prepare('SELECT id, code, stage, status FROM petitions WHERE parent_id = ? ORDER BY created_at')
      .bind(id)
      .all<{
        id: string;
        code: string;
        stage: string;
        status: string;
      }>()
  ).results;
  const rating = await env.DB.prepare('SELECT rating, comment, created_at FROM ratings WHERE petition_id = ?')
    .bind(id)
    .first<{ rating: string; comment: string | null; created_at: string }>();
  return {
    ...summary,
    request: row.request,
    facts: row.facts,
    otherProcedure: row.other_procedure,
    channel: row.channel,
    personal: {
      name: pii?.name ?? '',
      phone: pii?.phone ?? '',
      email: pii?.email ?? null,
      address: pii?.address ?? '',
      idNumber: pii?.idNumber ?? null,
    },
    attachments,
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      label: eventLabel(e.type),
      isPublic: e.isPublic,
      at: e.at,
      actor: e.actor,
      actorName:
        e.actor === 'citizen' ? '信访人' : e.actor === 'system' ? '系统' : (staffNames.get(e.actor) ?? e.actor),
      data: e.data,
      hash: e.hash,
    })),
    deadlines: computeDeadlines({ stage: summary.stage, kind: row.kind, events }, { now }),
    actions: [...availableActions(summary.status, summary.stage, 'staff'), 'note' as const].map((action) => ({
      action: action as Action,
      label: action === 'note' ? '内部备注' : (TRANSITIONS.find((t) => t.action === action)?.label ?? action),
    })),
    parent: parent ? { id: parent.id, code: parent.code, stage: CaseStageSchema.parse(parent.stage) } : null,
    children: children.map((c) => {
      const status = CaseStateSchema.parse(c.status);
      return {
        id: c.id,
        code: c.code,
        stage: CaseStageSchema.parse(c.stage),
        status,
        statusLabel: STATES[status].label,
      };
    }),
    rating: rating ? { rating: rating.rating, comment: rating.comment, createdAt: rating.created_at } : null,
  };
}

// ---------------------------------------------------------------- actions

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);

const DECISION = z.enum(REPLY_DECISIONS, { error: '请选择处理意见：予以支持、解释说明或不予支持' });

const isoDay = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，例如 2026-12-01');

/** Body of each staff action; the keys are those of ACTIONS plus 'note'. */
export const ACTION_BODY_SCHEMAS = {
  register: z.object({}),
  route: z.object({
    target: z.enum(ROUTE_TARGETS, { error: '请选择应当导入的法定途径' }),
    explanation: text('给信访人的说明', 10, 2000),
  }),
  transfer: z.object({ unit: text('转送单位', 2, 100) }),
  assign: z.object({ unit: text('承办单位', 2, 100), dueDate: isoDay }),
  accept: z.object({ notice: text('告知信访人的内容', 4, 2000).optional() }),
  not_accept: z.object({
    ground: z.enum(NOT_ACCEPT_GROUNDS, { error: '请选择不予受理的情形（第十九条第三款或第三十六条第三款）' }),
    reasons: text('不予受理的理由', 10, 2000),
  }),
  return: z.object({ reason: text('异议理由', 4, 2000) }),
  extend: z.object({
    days: z.coerce
      .number({ error: '请填写延长天数' })
      .int('延长天数应为整数')
      .min(1, '延长天数至少 1 日')
      .max(EXTENSION_MAX_DAYS, `延长期限不得超过 ${EXTENSION_MAX_DAYS} 日`),
    reason: text('延期理由', 4, 1000),
  }),
  hearing_start: z.object({ note: text('说明', 1, 1000).optional() }),
  hearing_end: z.object({ note: text('说明', 1, 1000).optional() }),
  reply: z.object({
    request: text('投诉请求', 2, 2000),
    factsAndReasons: text('事实和理由', 4, 5000),
    decision: DECISION,
    opinion: text('处理意见', 4, 5000),
    legalBasis: text('法律法规依据', 2, 1000),
    templateId: z.string().max(100).optional(),
  }),
  mediate: z.object({ outcome: z.enum(['mediation', 'settlement']), summary: text('协议要点', 4, 2000) }),
  close: z.object({ note: text('说明', 1, 1000).optional() }),
  note: z.object({ text: text('备注', 1, 2000) }),
} as const;

export const STAFF_ACTIONS = [...ACTIONS.filter((a) => a !== 'request_review'), 'note'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export function isStaffAction(s: string): s is StaffAction {
  return (STAFF_ACTIONS as readonly string[]).includes(s);
}

function parseBody(action: StaffAction, body: unknown): Record<string, unknown> {
  const parsed = ACTION_BODY_SCHEMAS[action].safeParse(body ?? {});
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      fields[key] ??= issue.message;
    }
    throw new CaseError(400, CASE_MESSAGES.invalid, fields);
  }
  return parsed.data;
}

export interface ActionResult {
  status: CaseState;
  statusLabel: string;
  event: { seq: number; type: string; isPublic: boolean; at: string; hash: string };
  mailed: boolean;
}

/** Takes a staff action on a case: every rule is checked here, the route file only parses. */
export async function performAction(
  env: AuthEnv,
  session: Session,
  caseId: string,
  action: StaffAction,
  body: unknown,
  now: Date,
  origin: string,
): Promise<ActionResult> {
  // parse
  const data = parseBody(action, body);

  // load
  const row = await loadCaseRow(env.DB, caseId);
  const stage = CaseStageSchema.parse(row.stage);
  const state = CaseStateSchema.parse(row.status);
  const events = await listEvents(env.DB, caseId);

  // check
  let to: CaseState = state;
  let isPublic = false;
  if (action !== 'note') {
    const t = findTransition(state, action, stage);
    if (!t || t.actor !== 'staff') throw new CaseError(409, forbiddenMessage(state, action, stage));
    to = t.to;
    isPublic = t.public;
    checkTimeRules(action, row, stage, events, data, now);
  }

  // save
  const nowIso = now.toISOString();
  const prepared = await prepareEvent(
    env.DB,
    events,
    { petitionId: caseId, type: action, isPublic, at: nowIso, actor: session.staff.id, data },
    { stage, kind: row.kind, status: to },
  );
  const event = prepared.event;
  const statements: DbStatement[] = [...prepared.statements];
  if (action !== 'note') {
    const unit = action === 'transfer' || action === 'assign' ? (data['unit'] as string) : row.unit;
    // The WHERE on the old status is a second guard next to the chain's seq.
    statements.push(
      env.DB.prepare('UPDATE petitions SET status = ?, unit = ?, updated_at = ? WHERE id = ? AND status = ?').bind(
        to,
        unit,
        nowIso,
        caseId,
        state,
      ),
    );
  }

  // notify
  let mailed = false;
  if (isPublic && row.has_email === 1) {
    const pii = await openPersonalData(env, env.DB, caseId);
    if (pii?.email) {
      const notice = describeEvent({ ...event, data }, stage);
      const mail: MailMessage = {
        id: crypto.randomUUID(),
        petitionId: caseId,
        kind: 'status-update',
        to: pii.email,
        ...renderStatusMail(row.code, trackUrl(origin, row.code), notice),
      };
      statements.push(await insertOutboxStatement(env, env.DB, mail, nowIso));
      mailed = true;
    }
  }
  try {
    await env.DB.batch(statements);
  } catch (error) {
    if (isDbError(error, 'sequence')) throw new CaseError(409, CASE_MESSAGES.raced);
    throw new Error('saving the case action failed', { cause: error });
  }
  return {
    status: to,
    statusLabel: STATES[to].label,
    event: { seq: event.seq, type: event.type, isPublic, at: event.at, hash: event.hash },
    mailed,
  };
}

/** The rules that depend on dates rather than on the state alone. */
function checkTimeRules(
  action: StaffAction,
  row: CaseRow,
  stage: CaseStage,
  events: readonly ChainedEvent[],
  data: Record<string, unknown>,
  now: Date,
): void {
  const today = shanghaiDate(now);
  const deadlines = computeDeadlines({ stage, kind: row.kind, events }, { now });
  if (action === 'extend') {
    if (row.kind !== 'claim') throw new CaseError(409, CASE_MESSAGES.extendNotClaim);
    const handle = deadlines.find((d) => d.kind === 'handle');
    if (!handle || handle.status === 'overdue') throw new CaseError(409, CASE_MESSAGES.extendLate);
  }
  if (action === 'assign' && typeof data['dueDate'] === 'string' && data['dueDate'] <= today) {
    throw new CaseError(400, CASE_MESSAGES.invalid, { dueDate: CASE_MESSAGES.assignPast });
  }
  if (action === 'close' && row.status === 'replied') {
    const window = deadlines.find((d) => d.kind === 'review-request' || d.kind === 'recheck-request');
    if (window && window.status === 'running') throw new CaseError(409, CASE_MESSAGES.closeTooEarly(window.due));
  }
}

// ---------------------------------------------------------------- templates

export interface ReplyTemplate {
  id: string;
  issueArea: string;
  issueAreaName: string;
  title: string;
  decision: string;
  factsAndReasons: string;
  opinion: string;
  legalBasis: string;
}

export async function listReplyTemplates(db: Database, issueArea?: string): Promise<ReplyTemplate[]> {
  const stmt = issueArea
    ? db.prepare('SELECT * FROM reply_templates WHERE issue_area = ? ORDER BY title').bind(issueArea)
    : db.prepare('SELECT * FROM reply_templates ORDER BY issue_area, title');
  const { results } = await stmt.all<{
    id: string;
    issue_area: string;
    title: string;
    decision: string;
    facts_and_reasons: string;
    opinion: string;
    legal_basis: string;
  }>();
  return results.map((r) => ({
    id: r.id,
    issueArea: r.issue_area,
    issueAreaName: issueAreaName(r.issue_area),
    title: r.title,
    decision: r.decision,
    factsAndReasons: r.facts_and_reasons,
    opinion: r.opinion,
    legalBasis: r.legal_basis,
  }));
}

export const ReplyTemplateInputSchema = z.object({
  issueArea: z.enum(issueAreaIds, { error: '请选择适用的问题类别' }),
  title: text('模板名称', 2, 100),
  decision: DECISION,
  factsAndReasons: text('事实和理由', 4, 5000),
  opinion: text('处理意见', 4, 5000),
  legalBasis: text('法律法规依据', 2, 1000),
});

export async function createReplyTemplate(db: Database, body: unknown, now: Date): Promise<ReplyTemplate> {
  const parsed = ReplyTemplateInputSchema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0] ?? 'form')] ??= i.message;
    throw new CaseError(400, CASE_MESSAGES.invalid, fields);
  }
  const t = parsed.data;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  await db
    .prepare(
      'INSERT INTO reply_templates (id, issue_area, title, decision, facts_and_reasons, opinion, legal_basis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .bind(id, t.issueArea, t.title, t.decision, t.factsAndReasons, t.opinion, t.legalBasis, iso, iso)
    .run();
  return { id, ...t, issueAreaName: issueAreaName(t.issueArea) };
}

export async function deleteReplyTemplate(db: Database, id: string): Promise<void> {
  const r = await db.prepare('DELETE FROM reply_templates WHERE id = ?').bind(id).run();
  if (r.meta.changes === 0) throw new CaseError(404, '找不到这个模板，可能已被删除');
}

// ---------------------------------------------------------------- export

/** Rows of the CSV export; the route neutralises formulas and adds the BOM (csv-safe.ts). */
export function exportRows(cases: readonly CaseSummary[]): (string | number | null)[][] {
  const header = [
    '查询码',
    '标题',
    '阶段',
    '状态',
    '类别',
    '问题类别',
    '属地',
    '承办单位',
    '提交时间',
    '下一期限',
    '到期日',
    '剩余天数',
    '是否超期',
  ];
  return [
    header,
    ...cases.map((c) => [
      c.code,
      c.title,
      c.stageLabel,
      c.statusLabel,
      kindLabel(c.kind),
      c.issueAreaName,
      c.regionName,
      c.unit,
      c.createdAt,
      c.next?.label ?? null,
      c.next?.due ?? null,
      c.next?.daysLeft ?? null,
      c.overdue ? '是' : '否',
    ]),
  ];
}

export const EXPORT_FILENAME = () => `${settings.office.name}-信访事项-${shanghaiDate(new Date())}.csv`;
