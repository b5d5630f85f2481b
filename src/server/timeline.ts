/**
 * What the citizen sees of a case: each public notice with its date, what it means in plain words,
 * the article it rests on, and the next deadline with days left. The tracking route (petition-api)
 * calls `loadPublicCaseView`; the status mail uses `describeEvent`. Internal events (notes, a unit's
 * objection) are never passed through, and fields are chosen one by one, never "the event".
 */
import type { Database, Dialect } from './platform/database';
import {
  computeDeadlines,
  REPLY_DELIVERY_LABELS,
  type ReplyDeliveryMethod,
  describeDaysLeft,
  nextDeadline,
  openReviewWindow,
  shanghaiDate,
  type Deadline,
  type DeadlineEvent,
} from '../lib/deadlines';
import { articleHref, articleLabel } from '../lib/law-links';
import { formatCode } from '../lib/tracking-code';
import { kindLabel } from '../lib/petition-schema';
import {
  NOT_ACCEPT_GROUND_INFO,
  NotAcceptGroundSchema,
  RATING_LABELS,
  REPLY_DECISION_LABELS,
  ROUTE_TARGET_INFO,
  RatingSchema,
  ReplyDecisionSchema,
  RouteTargetSchema,
  STAGE_LABELS,
  STATES,
  stateInfo,
  TRANSITIONS,
  CaseStageSchema,
  CaseStateSchema,
  type CaseStage,
} from '../lib/workflow';

export interface PublicNotice {
  seq: number;
  type: string;
  /** ISO instant. */
  at: string;
  /** Asia/Shanghai date, YYYY-MM-DD. */
  date: string;
  label: string;
  /** Plain-language meaning. */
  explanation: string;
  /** Article of 《信访工作条例》 the step rests on, or null. */
  article: number | null;
  /** e.g. 第三十四条 */
  articleLabel: string | null;
  /** Link into the regulation page, e.g. /law/xinfang-gongzuo-tiaoli/#article-34 */
  articleHref: string | null;
  /** Facts of the notice as label/value pairs (unit, reasons, the 处理意见书 fields…). */
  details: { label: string; value: string }[];
}

export interface PublicEventInput extends DeadlineEvent {
  seq: number;
  isPublic: boolean;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function detailList(pairs: [string, string | null][]): { label: string; value: string }[] {
  return pairs.filter((p): p is [string, string] => p[1] !== null).map(([label, value]) => ({ label, value }));
}

function withArticle(article: number | null): Pick<PublicNotice, 'article' | 'articleLabel' | 'articleHref'> {
  return article === null
    ? { article: null, articleLabel: null, articleHref: null }
    : { article, articleLabel: articleLabel(article), articleHref: articleHref(article) };
}

/** The notice a public event makes, in the citizen's words. */
export function describeEvent(e: PublicEventInput, stage: CaseStage, kind?: string): PublicNotice {
  const data = e.data ?? {};
  const base = { seq: e.seq, type: e.type, at: e.at, date: shanghaiDate(e.at) };
  if (e.type === 'submitted') {
    const label = stage === 'original' ? '网上提交' : `请求${STAGE_LABELS[stage]}`;
    const info = stateInfo('submitted', stage, kind);
    return {
      ...base,
      label,
      explanation: info.explanation,
      ...withArticle(info.basis?.article ?? null),
      details: [],
    };
  }
  if (e.type === 'rate') {
    const r = RatingSchema.safeParse(data['rating']);
    return {
      ...base,
      label: '评价',
      explanation: '您已对处理意见作出评价，谢谢！',
      ...withArticle(21),
      details: detailList([['评价', r.success ? RATING_LABELS[r.data] : null]]),
    };
  }
  if (e.type === 'reclassify') {
    const to = str(data['kind']);
    return {
      ...base,
      label: '更正事项类别',
      explanation:
        to === 'claim'
          ? '工作人员把您的事项更正为申诉求决类。按第三十一条第六项办理的，自受理之日起 60 日内办结。'
          : '工作人员更正了您的事项类别。建议意见类、检举控告类事项没有 60 日的办理期限。',
      ...withArticle(34),
      details: detailList([
        ['更正后的类别', to ? kindLabel(to) : null],
        ['更正理由', str(data['reason'])],
      ]),
    };
  }
  if (e.type === 'reply_delivered') {
    const on = str(data['receivedOn']) ?? shanghaiDate(e.at);
    const next = stage === 'review' ? '复核' : '复查';
    return {
      ...base,
      label: '书面答复已送达',
      explanation: `您于 ${on} 收到书面答复。对答复不服的，请求${next}的 30 日从这一天的次日起计算。`,
      ...withArticle(stage === 'review' ? 36 : 35),
      details: detailList([
        ['送达方式', REPLY_DELIVERY_LABELS[data['how'] as ReplyDeliveryMethod] ?? null],
        ['收到日期', on],
      ]),
    };
  }
  const t =
    TRANSITIONS.find((x) => x.action === e.type && x.stages.includes(stage)) ??
    TRANSITIONS.find((x) => x.action === e.type);
  const state = t ? stateInfo(t.to, stage, kind) : null;
  // The notice reads the state's explanation, so it cites what that explanation rests on.
  let article = state?.basis?.article ?? t?.basis?.article ?? null;
  let explanation = state?.explanation ?? '';
  let details: { label: string; value: string }[] = [];
  switch (e.type) {
    case 'route': {
      const target = RouteTargetSchema.safeParse(data['target']);
      if (target.success) article = ROUTE_TARGET_INFO[target.data].basis.article;
      details = detailList([
        ['应当通过的途径', target.success ? ROUTE_TARGET_INFO[target.data].label : null],
        ['说明', str(data['explanation']) ?? (target.success ? ROUTE_TARGET_INFO[target.data].explanation : null)],
      ]);
      break;
    }
    case 'transfer':
      details = detailList([['转送单位', str(data['unit'])]]);
      break;
    case 'assign':
      details = detailList([
        ['承办单位', str(data['unit'])],
        ['指定办理期限', str(data['dueDate'])],
      ]);
      break;
    case 'accept':
      details = detailList([['告知内容', str(data['notice'])]]);
      break;
    case 'not_accept': {
      const ground = NotAcceptGroundSchema.safeParse(data['ground']);
      if (ground.success) article = ground.data === 'art19-3' ? 19 : 36;
      details = detailList([
        ['不予受理的情形', ground.success ? NOT_ACCEPT_GROUND_INFO[ground.data].label : null],
        ['理由', str(data['reasons'])],
      ]);
      break;
    }
    case 'extend':
      details = detailList([
        ['延长天数', typeof data['days'] === 'number' ? `${data['days']} 日` : null],
        ['延期理由', str(data['reason'])],
      ]);
      break;
    case 'reply': {
      const decision = ReplyDecisionSchema.safeParse(data['decision']);
      details = detailList([
        ['投诉请求', str(data['request'])],
        ['事实和理由', str(data['factsAndReasons'])],
        ['处理意见', decision.success ? REPLY_DECISION_LABELS[decision.data] : null],
        ['意见说明', str(data['opinion'])],
        ['法律法规依据', str(data['legalBasis'])],
      ]);
      break;
    }
    case 'mediate':
      details = detailList([
        ['结果', data['outcome'] === 'settlement' ? '和解' : data['outcome'] === 'mediation' ? '调解' : null],
        ['协议要点', str(data['summary'])],
      ]);
      break;
    case 'request_review':
      explanation = `您已请求${str(data['childStage']) === 'recheck' ? '复核' : '复查'}，由上一级机关、单位办理，进度请查看关联的事项。`;
      details = detailList([['关联事项查询码', str(data['childCode']) && formatCode(str(data['childCode'])!)]]);
      break;
    default:
      break;
  }
  return { ...base, label: t?.label ?? e.type, explanation, ...withArticle(article), details };
}

export interface PublicDeadline {
  label: string;
  /** YYYY-MM-DD */
  due: string;
  daysLeft: number | null;
  /** e.g. 还剩 5 天 */
  daysLeftText: string | null;
  status: Deadline['status'];
  party: Deadline['party'];
  /** Whose deadline in plain words. */
  article: number;
  articleLabel: string;
  articleHref: string;
  /** Statutory wording. */
  statute: string;
  /** The day was moved off a rest day (from this date), or null. */
  rolledFrom: string | null;
  estimated: boolean;
}

function publicDeadline(d: Deadline): PublicDeadline {
  return {
    label: d.label,
    due: d.due,
    daysLeft: d.daysLeft,
    daysLeftText:
      d.daysLeft === null ? null : d.status === 'paused' ? '听证期间暂停计算' : describeDaysLeft(d.daysLeft),
    status: d.status,
    party: d.party,
    article: d.basis.article,
    articleLabel: articleLabel(d.basis.article),
    articleHref: articleHref(d.basis.article),
    statute: d.statute,
    rolledFrom: d.rolledFrom,
    estimated: d.estimated,
  };
}

export interface PublicTimeline {
  notices: PublicNotice[];
  /** The next public deadline (the office's or the citizen's), or null. */
  next: PublicDeadline | null;
  /** The citizen's window to ask for 复查/复核, when the case has had a written reply. */
  review: {
    stage: 'review' | 'recheck';
    open: boolean;
    due: string;
    daysLeft: number | null;
    reason: string | null;
    /** False while the day the citizen received the written reply is not recorded; `due` is then no last day. */
    startKnown: boolean;
    /** Which day the window counts from, in plain words. */
    countsFrom: string;
    /** The day the written reply was received, when known. */
    receivedOn: string | null;
  } | null;
}

/** The public part of a case's timeline at `now`. Deadlines use every event, notices only public ones. */
export function describePublicTimeline(
  input: { stage: CaseStage; kind: string; events: readonly PublicEventInput[] },
  now: Date | string,
): PublicTimeline {
  const deadlines = computeDeadlines(input, { now });
  const notices = input.events.filter((e) => e.isPublic).map((e) => describeEvent(e, input.stage, input.kind));
  const next = nextDeadline(deadlines.filter((d) => d.public));
  const windowDeadline = deadlines.find((d) => d.kind === 'review-request' || d.kind === 'recheck-request') ?? null;
  let review: PublicTimeline['review'] = null;
  if (windowDeadline) {
    const open = openReviewWindow(deadlines) !== null;
    const stage = windowDeadline.kind === 'review-request' ? 'review' : 'recheck';
    let reason: string | null = null;
    if (windowDeadline.status === 'done') reason = `您已于 ${windowDeadline.doneAt} 请求${STAGE_LABELS[stage]}。`;
    else if (!open) {
      reason = `请求${STAGE_LABELS[stage]}的期限是自您收到书面答复之日（${windowDeadline.start}）起 30 日，已于 ${windowDeadline.due} 届满，网上不能再提出请求。如有疑问，请拨打信访电话咨询。`;
    }
    review = {
      stage,
      open,
      due: windowDeadline.due,
      daysLeft: windowDeadline.daysLeft,
      reason,
      // While the day of receipt is unknown the window cannot close: the page must not show a last day.
      startKnown: windowDeadline.startKnown,
      countsFrom: windowDeadline.countsFrom,
      receivedOn: windowDeadline.startKnown ? windowDeadline.start : null,
    };
  }
  return { notices, next: next ? publicDeadline(next) : null, review };
}

interface PublicCaseRow {
  id: string;
  code: string;
  status: string;
  stage: string;
  kind: string;
  parent_id: string | null;
}

export interface PublicCaseView extends PublicTimeline {
  code: string;
  stage: CaseStage;
  stageLabel: string;
  status: string;
  statusLabel: string;
  statusExplanation: string;
  /** The citizen's rating, or whether one can still be given. */
  rating: { given: string | null; canRate: boolean };
  /** The case this one contests (复查 of an original, 复核 of a 复查). */
  parent: { code: string; stage: CaseStage } | null;
  /** 复查/复核 cases opened from this one, with their own timelines. */
  linked: PublicCaseView[];
}

/**
 * Everything the tracking page shows of one case and its linked 复查/复核 cases. Call only after
 * the code and the phone digits were verified.
 */
export async function loadPublicCaseView(
  db: Database,
  petitionId: string,
  now: Date,
  depth = 0,
): Promise<PublicCaseView | null> {
  const row = await db
    .prepare(publicCaseViewSql('p.id = ?1', [], db.dialect))
    .bind(petitionId)
    .first<PublicCaseViewRow>();
  return row ? buildPublicCaseView(db, row, now, depth) : null;
}

/** One row with everything a public case view is made of; the lists come as JSON text built by the database. */
export interface PublicCaseViewRow extends PublicCaseRow {
  /** JSON array of [seq, type, is_public, at, data] tuples, in no particular order. */
  events_json: string;
  rating: string | null;
  /** JSON object { code, stage }, or null. */
  parent_json: string | null;
  /** JSON array of [id, created_at] pairs. */
  children_json: string;
}

/**
 * The reads behind a public case view (the case, its events, its rating, its parent and its linked
 * cases) as one SELECT with `where` on `p` (petitions), returning one PublicCaseViewRow, plus any
 * `extraColumns` of `p`. One statement rather than five: tracking is the busiest lookup, and every
 * statement and round trip to D1 costs time on both sides.
 */
export function publicCaseViewSql(
  where: string,
  extraColumns: readonly string[] = [],
  dialect: Dialect = 'sqlite',
): string {
  // PostgreSQL's json_agg gives NULL over no rows where SQLite's json_group_array gives '[]', and
  // its JSON values are cast to text so that both databases hand back the same JSON strings.
  const [list, array, object, text] =
    dialect === 'postgres'
      ? [(v: string) => `COALESCE(json_agg(${v}), '[]')`, 'json_build_array', 'json_build_object', '::text']
      : [(v: string) => `json_group_array(${v})`, 'json_array', 'json_object', ''];
  // Almost every parent_id is NULL, and SQLite's statistics (ANALYZE, PRAGMA optimize) count NULLs
  // as one value: with them its planner would scan every petition for the children of each case
  // looked up (10 ms at 10,000 cases). The index is named so that it is used whatever the statistics.
  const children = dialect === 'postgres' ? 'petitions c' : 'petitions c INDEXED BY petitions_parent';
  return `SELECT p.id, p.code, p.status, p.stage, p.kind, p.parent_id${extraColumns.map((c) => `, p.${c}`).join('')},
  (SELECT ${list(`${array}(e.seq, e.type, e.is_public, e.at, e.data)`)}${text}
     FROM petition_events e WHERE e.petition_id = p.id) AS events_json,
  (SELECT r.rating FROM ratings r WHERE r.petition_id = p.id) AS rating,
  (SELECT ${object}('code', q.code, 'stage', q.stage)${text} FROM petitions q WHERE q.id = p.parent_id) AS parent_json,
  (SELECT ${list(`${array}(c.id, c.created_at)`)}${text} FROM ${children} WHERE c.parent_id = p.id) AS children_json
FROM petitions p WHERE ${where}`;
}

type EventTuple = [seq: number, type: string, isPublic: number, at: string, data: string];

/** The public view from a PublicCaseViewRow. */
export async function buildPublicCaseView(
  db: Database,
  row: PublicCaseViewRow,
  now: Date,
  depth = 0,
): Promise<PublicCaseView> {
  const stage = CaseStageSchema.parse(row.stage);
  const status = CaseStateSchema.parse(row.status);
  // Order is put right here rather than trusted to the aggregate.
  const events: PublicEventInput[] = (JSON.parse(row.events_json) as EventTuple[])
    .map(([seq, type, isPublic, at, data]) => ({
      seq,
      type,
      isPublic: isPublic === 1,
      at,
      data: JSON.parse(data) as Record<string, unknown>,
    }))
    .sort((a, b) => a.seq - b.seq);
  const timeline = describePublicTimeline({ stage, kind: row.kind, events }, now);
  const ratingLabel = row.rating !== null ? (RatingSchema.safeParse(row.rating).data ?? null) : null;
  const parentRow = row.parent_json ? (JSON.parse(row.parent_json) as { code: string; stage: string }) : null;
  const children = (JSON.parse(row.children_json) as [string, string][])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([id]) => ({ id }));
  const linked: PublicCaseView[] = [];
  if (depth < 2) {
    for (const child of children) {
      const view = await loadPublicCaseView(db, child.id, now, depth + 1);
      if (view) linked.push(view);
    }
  }
  return {
    ...timeline,
    code: row.code,
    stage,
    stageLabel: STAGE_LABELS[stage],
    status,
    statusLabel: STATES[status].label,
    statusExplanation: stateInfo(status, stage, row.kind).explanation,
    rating: {
      given: ratingLabel ? RATING_LABELS[ratingLabel] : null,
      canRate: row.rating === null && events.some((e) => e.type === 'reply'),
    },
    parent: parentRow ? { code: parentRow.code, stage: CaseStageSchema.parse(parentRow.stage) } : null,
    linked,
  };
}
