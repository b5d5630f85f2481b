/**
 * The backlog ledger (积案台账): putting a case in it, its plan, grade, 督办, 回访, 六有 checklist,
 * the leader's sign-off, 销号 and 回炉; the ledger's pages; one entry with its records.
 *
 * An action is a pipeline as in case-actions.ts: parse (src/lib/backlog.ts) -> load (the petition,
 * its ledger row, its chain) -> check (the ledger's rules) -> save (the event `backlog_<action>` in
 * the hash chain and the ledger row in one batch; a concurrent writer loses on the chain's seq).
 * The row is only the current state for filtering in SQL; reports are computed from the events.
 */
import {
  BACKLOG_ACTION_LABELS,
  BACKLOG_ACTIONS,
  BACKLOG_BODY_SCHEMAS,
  BACKLOG_CLASS_LABELS,
  BACKLOG_MESSAGES,
  BACKLOG_PAGE_SIZE,
  BACKLOG_SOURCE_LABELS,
  BACKLOG_STATUS_LABELS,
  BacklogQuerySchema,
  backlogEventType,
  LEADER_ONLY_ACTIONS,
  LIUYOU_ITEMS,
  LIUYOU_LABELS,
  RISK_GRADE_LABELS,
  type BacklogAction,
  type BacklogClass,
  type BacklogDetail,
  type BacklogItem,
  type BacklogPage,
  type BacklogQuery,
  type BacklogRecord,
  type BacklogSource,
  type BacklogStatus,
  type LiuyouItem,
  type RiskGrade,
  type Team,
} from '../lib/backlog';
import { daysBetween, shanghaiDate } from '../lib/deadlines';
import { fieldErrors } from '../lib/field-errors';
import { issueAreaName, regionName } from '../lib/settings';
import { CaseStageSchema, CaseStateSchema, RATING_LABELS, type Rating } from '../lib/workflow';
import type { Session } from './auth';
import { CaseError } from './errors';
import { listEvents, prepareEvent, type ChainedEvent } from './petition-events';
import { isDbError, type Database, type DbStatement } from './platform/database';

export interface BacklogRow {
  petition_id: string;
  source: BacklogSource;
  class: BacklogClass;
  leader_staff_id: string;
  leader_title: string;
  team: string;
  measures: string;
  milestones: string;
  time_limit: string;
  risk_grade: RiskGrade;
  risk_reason: string;
  checklist: string;
  status: BacklogStatus;
  signed_off_at: string | null;
  supervision_count: number;
  visit_count: number;
  returned_count: number;
  last_visit_opinion: string | null;
  marked_at: string;
  struck_at: string | null;
  updated_at: string;
}

interface ListedRow extends BacklogRow {
  code: string;
  title: string;
  region: string;
  issue_area: string;
  leader_name: string;
}

const LISTED_COLUMNS =
  'b.*, p.code, p.title, p.region, p.issue_area, s.name AS leader_name FROM backlog_cases b JOIN petitions p ON p.id = b.petition_id JOIN staff s ON s.id = b.leader_staff_id';

const parseJson = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

const checklistOf = (row: Pick<BacklogRow, 'checklist'>): LiuyouItem[] =>
  parseJson<string[]>(row.checklist, []).filter((i): i is LiuyouItem =>
    (LIUYOU_ITEMS as readonly string[]).includes(i),
  );

const missingItems = (row: Pick<BacklogRow, 'checklist'>): string[] => {
  const have = new Set(checklistOf(row));
  return LIUYOU_ITEMS.filter((i) => !have.has(i)).map((i) => LIUYOU_LABELS[i]);
};

function itemOf(r: ListedRow, today: string): BacklogItem {
  return {
    petitionId: r.petition_id,
    code: r.code,
    title: r.title,
    status: r.status,
    statusLabel: BACKLOG_STATUS_LABELS[r.status],
    source: r.source,
    sourceLabel: BACKLOG_SOURCE_LABELS[r.source],
    class: r.class,
    classLabel: BACKLOG_CLASS_LABELS[r.class],
    issueArea: r.issue_area,
    issueAreaName: issueAreaName(r.issue_area),
    region: r.region,
    regionName: regionName(r.region),
    leaderId: r.leader_staff_id,
    leaderName: r.leader_name,
    leaderTitle: r.leader_title,
    riskGrade: r.risk_grade,
    riskGradeLabel: RISK_GRADE_LABELS[r.risk_grade],
    timeLimit: r.time_limit,
    overdue: r.status === 'open' && r.time_limit < today,
    ageDays: Math.max(0, daysBetween(shanghaiDate(r.marked_at), today)),
    markedAt: r.marked_at,
    supervisionCount: Number(r.supervision_count),
    visitCount: Number(r.visit_count),
    checklistDone: checklistOf(r).length,
    signedOff: r.signed_off_at !== null,
    returnedCount: Number(r.returned_count),
  };
}

/** The ledger's query from a query string; a bad value is a 400 naming the field. */
export function parseBacklogFilter(params: URLSearchParams): BacklogQuery {
  const parsed = BacklogQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw new CaseError(400, '筛选条件有误，请按提示修改', fieldErrors(parsed.error));
  return parsed.data;
}

const GRADE_ORDER_SQL = "CASE b.risk_grade WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END";

/** One page of the ledger: filters, sort and paging in SQL. `me` answers leader=me. */
export async function listBacklog(db: Database, q: BacklogQuery, me: string, now: Date): Promise<BacklogPage> {
  const today = shanghaiDate(now);
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.status !== 'all') {
    where.push('b.status = ?');
    binds.push(q.status);
  }
  const eq = (column: string, v: string | undefined) => {
    if (v === undefined) return;
    where.push(`${column} = ?`);
    binds.push(v);
  };
  eq('b.risk_grade', q.grade);
  eq('b.leader_staff_id', q.leader === 'me' ? me : q.leader);
  eq('p.issue_area', q.area);
  eq('p.region', q.region);
  eq('b.class', q.class);
  if (q.minAgeDays !== undefined) {
    // marked_at is an ISO instant; a case is N days old from the Shanghai day after it was marked.
    where.push('b.marked_at < ?');
    binds.push(new Date(Date.parse(`${today}T00:00:00+08:00`) - (q.minAgeDays - 1) * 86_400_000).toISOString());
  }
  if (q.overdue) {
    where.push("b.status = 'open' AND b.time_limit < ?");
    binds.push(today);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const order =
    q.sort === 'grade'
      ? `${GRADE_ORDER_SQL} ASC, b.marked_at ASC`
      : q.sort === 'limit'
        ? 'b.time_limit ASC, b.marked_at ASC'
        : 'b.marked_at ASC';
  const offset = (q.page - 1) * BACKLOG_PAGE_SIZE;
  const from = 'FROM backlog_cases b JOIN petitions p ON p.id = b.petition_id JOIN staff s ON s.id = b.leader_staff_id';
  const [page, total, overdue] = await db.batch<Record<string, unknown>>([
    db
      .prepare(`SELECT ${LISTED_COLUMNS} ${whereSql} ORDER BY ${order}, b.petition_id ASC LIMIT ? OFFSET ?`)
      .bind(...binds, BACKLOG_PAGE_SIZE, offset),
    db.prepare(`SELECT COUNT(*) AS n ${from} ${whereSql}`).bind(...binds),
    db
      .prepare(
        `SELECT COUNT(*) AS n ${from} ${whereSql === '' ? 'WHERE' : `${whereSql} AND`} b.status = 'open' AND b.time_limit < ?`,
      )
      .bind(...binds, today),
  ]);
  const totalN = Number(total?.results[0]?.['n'] ?? 0);
  return {
    items: ((page?.results ?? []) as unknown as ListedRow[]).map((r) => itemOf(r, today)),
    total: totalN,
    overdue: Number(overdue?.results[0]?.['n'] ?? 0),
    page: q.page,
    pageSize: BACKLOG_PAGE_SIZE,
    pages: Math.max(1, Math.ceil(totalN / BACKLOG_PAGE_SIZE)),
  };
}

/** Active staff who can be named as responsible leader, for the console's list. */
export async function listLeaders(db: Database): Promise<{ id: string; name: string }[]> {
  const { results } = await db
    .prepare('SELECT id, name FROM staff WHERE active = 1 ORDER BY name, id')
    .all<{ id: string; name: string }>();
  return results;
}

async function loadRow(db: Database, petitionId: string): Promise<BacklogRow | null> {
  return db.prepare('SELECT * FROM backlog_cases WHERE petition_id = ?').bind(petitionId).first<BacklogRow>();
}

/** The petitioner's own rating (the latest `rate` event), or null. */
const citizenRating = (events: readonly ChainedEvent[]): Rating | null => {
  const r = [...events].reverse().find((e) => e.type === 'rate')?.data['rating'];
  return r === 'satisfied' || r === 'basically' || r === 'unsatisfied' ? r : null;
};

/** Why `action` may not be taken now, or null when it may. */
function refusal(
  action: BacklogAction,
  row: BacklogRow | null,
  events: readonly ChainedEvent[],
  session: Session,
): { status: 404 | 409; message: string } | null {
  if (action === 'mark') return row ? { status: 409, message: BACKLOG_MESSAGES.already } : null;
  if (!row) return { status: 409, message: BACKLOG_MESSAGES.notInLedger };
  if (row.status === 'struck' && action !== 'visit' && action !== 'send_back' && action !== 'supervise')
    return { status: 409, message: BACKLOG_MESSAGES.struck };
  if (LEADER_ONLY_ACTIONS.includes(action) && session.staff.id !== row.leader_staff_id)
    return { status: 409, message: BACKLOG_MESSAGES.leaderOnly };
  if (action === 'sign_off' || action === 'strike') {
    const missing = missingItems(row);
    if (missing.length > 0) return { status: 409, message: BACKLOG_MESSAGES.checklistIncomplete(missing) };
  }
  if (action === 'strike' && row.signed_off_at === null) return { status: 409, message: BACKLOG_MESSAGES.notSigned };
  if (action === 'send_back' && citizenRating(events) !== 'unsatisfied' && row.last_visit_opinion !== 'unsatisfied')
    return { status: 409, message: BACKLOG_MESSAGES.sendBackNotUnsatisfied };
  return null;
}

export interface BacklogActionResult {
  event: { seq: number; type: string; at: string; hash: string };
  status: BacklogStatus;
}

const sortMilestones = (m: { due: string; what: string }[]) => [...m].sort((a, b) => (a.due < b.due ? -1 : 1));

/** Takes a ledger action: every rule is checked here, the route only parses. */
export async function performBacklogAction(
  db: Database,
  session: Session,
  petitionId: string,
  action: BacklogAction,
  body: unknown,
  now: Date,
): Promise<BacklogActionResult> {
  // parse
  const parsed = BACKLOG_BODY_SCHEMAS[action].safeParse(body ?? {});
  if (!parsed.success) throw new CaseError(400, BACKLOG_MESSAGES.invalid, fieldErrors(parsed.error));
  const data = parsed.data as Record<string, unknown>;

  // load
  const petition = await db
    .prepare('SELECT stage, kind, status FROM petitions WHERE id = ?')
    .bind(petitionId)
    .first<{ stage: string; kind: string; status: string }>();
  if (!petition) throw new CaseError(404, BACKLOG_MESSAGES.notPetition);
  const row = await loadRow(db, petitionId);
  const events = await listEvents(db, petitionId);

  // check
  const refused = refusal(action, row, events, session);
  if (refused) throw new CaseError(refused.status, refused.message);
  const today = shanghaiDate(now);
  if ((action === 'mark' || action === 'plan') && (data['timeLimit'] as string) < today)
    throw new CaseError(400, BACKLOG_MESSAGES.invalid, { timeLimit: BACKLOG_MESSAGES.limitPast });
  if (action === 'mark') {
    const leader = await db
      .prepare('SELECT id FROM staff WHERE id = ? AND active = 1')
      .bind(data['leaderId'])
      .first<{ id: string }>();
    if (!leader) throw new CaseError(400, BACKLOG_MESSAGES.invalid, { leaderId: BACKLOG_MESSAGES.leaderUnknown });
  }
  if (Array.isArray(data['milestones'])) data['milestones'] = sortMilestones(data['milestones'] as never);
  if (action === 'checklist') data['items'] = LIUYOU_ITEMS.filter((i) => (data['items'] as string[]).includes(i));

  // save
  const at = now.toISOString();
  const prepared = await prepareEvent(
    db,
    events,
    { petitionId, type: backlogEventType(action), isPublic: false, at, actor: session.staff.id, data },
    {
      stage: CaseStageSchema.parse(petition.stage),
      kind: petition.kind,
      status: CaseStateSchema.parse(petition.status),
    },
  );
  const statements: DbStatement[] = [
    ...prepared.statements,
    rowStatement(db, action, data, petitionId, at, row ? checklistOf(row) : []),
  ];
  try {
    await db.batch(statements);
  } catch (error) {
    if (isDbError(error, 'sequence', 'unique')) throw new CaseError(409, BACKLOG_MESSAGES.already);
    throw new Error('saving the ledger action failed', { cause: error });
  }
  const status: BacklogStatus =
    action === 'strike' ? 'struck' : action === 'send_back' || action === 'mark' ? 'open' : (row?.status ?? 'open');
  const e = prepared.event;
  return { event: { seq: e.seq, type: e.type, at: e.at, hash: e.hash }, status };
}

/** The ledger row's change for an action, next to its event in the same batch. */
function rowStatement(
  db: Database,
  action: BacklogAction,
  d: Record<string, unknown>,
  id: string,
  at: string,
  kept: readonly LiuyouItem[],
): DbStatement {
  const json = (v: unknown) => JSON.stringify(v);
  switch (action) {
    case 'mark':
      return db
        .prepare(
          `INSERT INTO backlog_cases (petition_id, source, class, leader_staff_id, leader_title, team, measures,
             milestones, time_limit, risk_grade, risk_reason, marked_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          d['source'],
          d['class'],
          d['leaderId'],
          d['leaderTitle'],
          json(d['team']),
          d['measures'],
          json(d['milestones']),
          d['timeLimit'],
          d['riskGrade'],
          d['riskReason'],
          at,
          at,
        );
    case 'plan':
      return db
        .prepare(
          'UPDATE backlog_cases SET measures = ?, milestones = ?, time_limit = ?, updated_at = ? WHERE petition_id = ?',
        )
        .bind(d['measures'], json(d['milestones']), d['timeLimit'], at, id);
    case 'grade':
      return db
        .prepare('UPDATE backlog_cases SET risk_grade = ?, risk_reason = ?, updated_at = ? WHERE petition_id = ?')
        .bind(d['riskGrade'], d['riskReason'], at, id);
    case 'supervise':
      return db
        .prepare(
          'UPDATE backlog_cases SET supervision_count = supervision_count + 1, updated_at = ? WHERE petition_id = ?',
        )
        .bind(at, id);
    case 'visit':
      return db
        .prepare(
          'UPDATE backlog_cases SET visit_count = visit_count + 1, last_visit_opinion = ?, updated_at = ? WHERE petition_id = ?',
        )
        .bind(d['opinion'], at, id);
    case 'checklist':
      // The leader signed what was on file; a changed file needs a new signature.
      return db
        .prepare(
          'UPDATE backlog_cases SET signed_off_at = CASE WHEN checklist = ? THEN signed_off_at ELSE NULL END, checklist = ?, updated_at = ? WHERE petition_id = ?',
        )
        .bind(json(d['items']), json(d['items']), at, id);
    case 'sign_off':
      return db
        .prepare('UPDATE backlog_cases SET signed_off_at = ?, updated_at = ? WHERE petition_id = ?')
        .bind(at, at, id);
    case 'strike':
      return db
        .prepare("UPDATE backlog_cases SET status = 'struck', struck_at = ?, updated_at = ? WHERE petition_id = ?")
        .bind(at, at, id);
    case 'send_back':
      // 回炉: open again; the new reply and 回访 must be put on file and signed off before 销号.
      return db
        .prepare(
          `UPDATE backlog_cases SET status = 'open', struck_at = NULL, signed_off_at = NULL, last_visit_opinion = NULL,
             returned_count = returned_count + 1, checklist = ?, updated_at = ? WHERE petition_id = ?`,
        )
        .bind(json(kept.filter((i) => i !== 'reply-visit')), at, id);
  }
}

/** One ledger entry with its plan, team, checklist, records and what may be done now. */
export async function getBacklogDetail(
  db: Database,
  petitionId: string,
  session: Session,
  now: Date,
): Promise<BacklogDetail> {
  const row = await db.prepare(`SELECT ${LISTED_COLUMNS} WHERE b.petition_id = ?`).bind(petitionId).first<ListedRow>();
  if (!row) throw new CaseError(404, BACKLOG_MESSAGES.notInLedger);
  const events = await listEvents(db, petitionId);
  const ledger = events.filter((e) => e.type.startsWith('backlog_'));
  const actorIds = [...new Set(ledger.map((e) => e.actor))];
  const names = new Map<string, string>();
  if (actorIds.length > 0) {
    const { results } = await db
      .prepare(`SELECT id, name FROM staff WHERE id IN (${actorIds.map(() => '?').join(', ')})`)
      .bind(...actorIds)
      .all<{ id: string; name: string }>();
    for (const r of results) names.set(r.id, r.name);
  }
  const records: BacklogRecord[] = ledger.map((e) => {
    const type = e.type.slice('backlog_'.length) as BacklogAction;
    return {
      seq: e.seq,
      type,
      label: BACKLOG_ACTION_LABELS[type] ?? type,
      at: e.at,
      actorName: names.get(e.actor) ?? e.actor,
      data: e.data,
    };
  });
  const rating = citizenRating(events);
  return {
    ...itemOf(row, shanghaiDate(now)),
    team: parseJson<Team>(row.team, { departments: [] }),
    measures: row.measures,
    milestones: parseJson(row.milestones, []),
    riskReason: row.risk_reason,
    checklist: checklistOf(row),
    signedOffAt: row.signed_off_at,
    struckAt: row.struck_at,
    citizenRating: rating ? RATING_LABELS[rating] : null,
    records,
    actions: BACKLOG_ACTIONS.filter((a) => a !== 'mark').map((a) => {
      const why = refusal(a, row, events, session);
      return why
        ? { action: a, label: BACKLOG_ACTION_LABELS[a], allowed: false, why: why.message }
        : { action: a, label: BACKLOG_ACTION_LABELS[a], allowed: true };
    }),
  };
}

/** Whether a petition is in the ledger (for the case page's "列为积案" offer). */
export async function isInLedger(db: Database, petitionId: string): Promise<boolean> {
  return (await loadRow(db, petitionId)) !== null;
}
