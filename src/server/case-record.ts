/**
 * A case as the staff side reads it: the petitions row (without personal data, which stays sealed
 * in petition-store.ts), loading it by id, and the office's next deadline as the console shows it.
 * Shared by the inbox, the case page and the actions.
 */
import { ACTION_INVALID_MESSAGE } from '../lib/case-actions';
import { describeDaysLeft, type Deadline } from '../lib/deadlines';
import { channelLabel } from '../lib/channels';
import type { InboxDeadline, InboxItem } from '../lib/inbox';
import { issueAreaName, regionName } from '../lib/settings';
import { CaseStageSchema, CaseStateSchema, STAGE_LABELS, STATES } from '../lib/workflow';
import { CaseError } from './errors';
import type { Database } from './platform/database';

export const CASE_MESSAGES = {
  notFound: '找不到这个信访事项，请返回列表重新选择',
  raced: '该事项刚刚被其他工作人员处理过，请刷新页面，看清最新状态后再操作',
  invalid: ACTION_INVALID_MESSAGE,
  extendLate: '办理期限已经届满，不能再延期。请尽快出具处理意见',
  extendNotClaim: '只有申诉求决类事项有 60 日办理期限，其他类别不需要延期',
  closeTooEarly: (due: string) => `信访人可以在 ${due} 前请求复查，期限届满后才能办结`,
  assignPast: '指定办理期限应晚于今天',
  closeUndelivered: '还没有登记信访人收到书面答复的日期，请求复查、复核的 30 日期限尚未开始计算。请先登记送达情况',
  reclassifyStage: '复查、复核案件沿用原信访事项的类别，不能更正',
  reclassifyLate: '已出具处理意见或已办结的事项不能再更正类别',
  reclassifySame: '更正后的类别与现在的类别相同',
  hearingNotClaim: '条例第三十一条第六项规定的听证只适用于申诉求决类事项',
  deliveryNoReply: '只有已出具处理意见（或复查意见）的事项才需要登记送达情况',
  deliveryTwice: '这份书面答复的送达情况已经登记过了',
  deliveryBeforeReply: '收到日期不能早于出具处理意见的日期',
  deliveryFuture: '收到日期不能晚于今天',
  recused: '您已对本事项申请回避（与信访事项或者信访人有直接利害关系），不能再办理。请由其他工作人员办理',
  recuseOthers: '只有管理员可以为其他工作人员登记回避',
  feedbackWithoutRecommendation: '本事项还没有登记信访部门提出的建议，不能登记反馈',
  closedCase: '该事项已办结，不能再登记',
} as const;

export interface CaseRow {
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

export async function loadCaseRow(db: Database, id: string): Promise<CaseRow> {
  const row = await db.prepare(`SELECT ${CASE_COLUMNS} FROM petitions WHERE id = ?`).bind(id).first<CaseRow>();
  if (!row) throw new CaseError(404, CASE_MESSAGES.notFound);
  return row;
}

/** A computed deadline as the inbox and case page show it; none once it is done or has lapsed. */
export function officeDeadline(d: Deadline | null): InboxDeadline | null {
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

/** The public fields of a case row as every list and detail view shows them, labelled, with its next deadline. */
export function caseSummary(
  row: Pick<
    CaseRow,
    | 'id'
    | 'code'
    | 'title'
    | 'status'
    | 'stage'
    | 'kind'
    | 'issue_area'
    | 'region'
    | 'unit'
    | 'channel'
    | 'created_at'
    | 'updated_at'
  >,
  next: InboxDeadline | null,
): InboxItem {
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
    channel: row.channel,
    channelLabel: channelLabel(row.channel),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    next,
    overdue: next?.status === 'overdue',
  };
}
