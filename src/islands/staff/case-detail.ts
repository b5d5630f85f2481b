/**
 * The case as GET /api/staff/cases/:id returns it (CaseDetail in src/lib/staff-api.ts), and the
 * few words the console needs to show an event's recorded fields.
 */
import {
  NOT_ACCEPT_GROUND_INFO,
  NotAcceptGroundSchema,
  REPLY_DECISION_LABELS,
  ROUTE_TARGET_INFO,
  RatingSchema,
  RATING_LABELS,
  ReplyDecisionSchema,
  RouteTargetSchema,
} from '../../lib/workflow';
import { stageLabel } from './staff-format';
import { channelLabel } from '../../lib/channels';
import { formatChineseDate } from '../../lib/chinese-date';
import { kindLabel } from '../../lib/petition-schema';
import type { Deadline } from '../../lib/deadlines';
import type { CaseDetail, StaffEvent } from '../../lib/staff-api';

/** The case page's answer and its parts: the server's own types (src/lib/staff-api.ts). */
export type { CaseAttachment, CaseDetail } from '../../lib/staff-api';
/** A deadline of the case as the deadlines module computes it. */
export type CaseDeadline = Deadline;
/** One event of the case as the staff API sends it. */
export type CaseEvent = StaffEvent;

export function readCaseDetail(body: unknown): CaseDetail | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const c = (typeof b['case'] === 'object' && b['case'] !== null ? b['case'] : b) as Record<string, unknown>;
  if (typeof c['id'] !== 'string' || !Array.isArray(c['events']) || !Array.isArray(c['actions'])) return null;
  return c as unknown as CaseDetail;
}

const FIELD_LABELS: Record<string, string> = {
  unit: '单位',
  dueDate: '指定办理期限',
  target: '应当通过的途径',
  explanation: '给信访人的说明',
  notice: '告知内容',
  ground: '不予受理的情形',
  reasons: '理由',
  reason: '理由',
  days: '延长天数',
  request: '投诉请求',
  factsAndReasons: '事实和理由',
  decision: '处理意见',
  opinion: '意见说明',
  legalBasis: '法律法规依据',
  outcome: '结果',
  summary: '协议要点',
  note: '说明',
  text: '备注',
  rating: '评价',
  childCode: '关联事项查询码',
  childStage: '关联事项阶段',
  parentCode: '原事项查询码',
  stage: '阶段',
  channel: '渠道',
  receivedOn: '收到日期',
  kind: '类别',
  attachments: '附件数',
  oralRecordConfirmed: '口头记录',
  groupSize: '来访人数',
  representatives: '代表人数',
  leader: '接访领导',
  secondFactor: '查询凭证',
};

// Recorded for the chain's sake, or shown elsewhere on the page.
const HIDDEN_FIELDS = new Set(['templateId', 'to', 'from', 'receptionId']);

function valueText(key: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  // Recorded values are strings and numbers; anything else is shown as data, never as [object Object].
  const raw =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  if (key === 'target') {
    const t = RouteTargetSchema.safeParse(value);
    return t.success ? ROUTE_TARGET_INFO[t.data].label : raw;
  }
  if (key === 'ground') {
    const g = NotAcceptGroundSchema.safeParse(value);
    return g.success ? NOT_ACCEPT_GROUND_INFO[g.data].label : raw;
  }
  if (key === 'decision') {
    const d = ReplyDecisionSchema.safeParse(value);
    return d.success ? REPLY_DECISION_LABELS[d.data] : raw;
  }
  if (key === 'rating') {
    const r = RatingSchema.safeParse(value);
    return r.success ? RATING_LABELS[r.data] : raw;
  }
  if (key === 'outcome') return value === 'mediation' ? '调解' : value === 'settlement' ? '和解' : raw;
  if (key === 'days') return `${raw} 日`;
  if (key === 'childStage' || key === 'stage') return stageLabel(raw);
  if (key === 'channel') return value === 'online' ? '网上信访' : channelLabel(raw);
  if (key === 'kind') return kindLabel(raw);
  if (key === 'receivedOn') return formatChineseDate(raw);
  if (key === 'oralRecordConfirmed') return value === true ? '已向信访人宣读，信访人确认属实' : raw;
  if (key === 'groupSize') return `${raw} 人`;
  if (key === 'representatives') return `${raw} 人`;
  if (key === 'secondFactor') return value === 'pin' ? '没有手机号码，回执上印有查询密码' : raw;
  return raw;
}

/** An event's recorded fields as label/value pairs, in the order they were recorded. */
export function eventDetails(data: Record<string, unknown>): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (HIDDEN_FIELDS.has(k)) continue;
    const text = valueText(k, v);
    if (text !== null) out.push({ label: FIELD_LABELS[k] ?? k, value: text });
  }
  return out;
}

/** The latest written reply (信访处理意见书), for the print view. */
export function latestReply(events: readonly CaseEvent[]): CaseEvent | null {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === 'reply') return events[i]!;
  return null;
}
