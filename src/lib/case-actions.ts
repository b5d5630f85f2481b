/**
 * The staff actions' request bodies and the reply-template form: one zod schema each, parsed by the
 * server (src/server/case-actions.ts, reply-templates.ts) and used by the console's forms
 * (src/islands/staff/staff-actions.tsx) for their field names and their messages.
 */
import { z } from 'zod';
import { ADOPTION_OPTIONS, optionIds, RECOMMENDATION_OPTIONS, STAFF_DELIVERY_OPTIONS } from './action-options';
import { EXTENSION_MAX_DAYS } from './deadlines';
import { PETITION_KIND_IDS } from './petition-schema';
import { issueAreaIds } from './settings';
import { ACTIONS, NOT_ACCEPT_GROUNDS, REPLY_DECISIONS, ROUTE_TARGETS } from './workflow';

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);

const DECISION = z.enum(REPLY_DECISIONS, { error: '请选择处理意见：予以支持、解释说明或不予支持' });

/** What staff may record; 'tracking-page' is recorded only by the system when the citizen opens the reply. */
const STAFF_DELIVERY_METHODS = optionIds(STAFF_DELIVERY_OPTIONS);

const isoDay = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，例如 2026-12-01');

/** Art. 40 ¶1–3: the three kinds of recommendation a 信访部门 makes. */
export const RECOMMENDATION_TYPES = optionIds(RECOMMENDATION_OPTIONS);

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
  // The kind the citizen ticked decides the clock (Art. 34: 60 days only for 申诉求决); staff
  // correct it with a reason, recorded in the case's log and shown to the citizen.
  reclassify: z.object({
    kind: z.enum(PETITION_KIND_IDS, { error: '请选择更正后的类别：建议意见、检举控告或申诉求决' }),
    reason: text('更正理由', 4, 1000),
  }),
  // How and when the written reply reached the citizen: the 复查/复核 window runs from that day
  // (Art. 35, 36 ¶1). Opening it on the tracking page is recorded by the system itself.
  reply_delivered: z.object({
    how: z.enum(STAFF_DELIVERY_METHODS, { error: '请选择送达方式：电子邮件、邮寄或当面送达' }),
    receivedOn: isoDay,
  }),
  // B19, Art. 28 ¶3: a staff member with a direct interest in the matter or the petitioner recuses
  // themself (or an admin records it for them); from then on they cannot act on the case.
  recuse: z.object({
    staffId: z.string().trim().min(1).max(100).optional(),
    reason: text('回避理由', 4, 1000),
  }),
  // B20, Art. 25 ¶1: a serious or urgent matter is reported to the 本级党委和政府 at once; the case
  // records that it was, to whom and when.
  report_urgent: z.object({
    toldWhom: text('报告或通报的对象', 2, 200),
    summary: text('报告内容摘要', 4, 2000),
  }),
  // B23, Art. 40: the 信访部门's recommendation to a body, and that body's written feedback on it.
  recommend: z.object({
    type: z.enum(RECOMMENDATION_TYPES, { error: '请选择建议的类型：改进工作、完善政策或追究责任' }),
    unit: text('提出建议的对象', 2, 100),
    text: text('建议内容', 4, 2000),
  }),
  recommend_feedback: z.object({
    adopted: z.enum(optionIds(ADOPTION_OPTIONS), { error: '请选择采纳情况：采纳、部分采纳或未采纳' }),
    text: text('书面反馈内容', 4, 2000),
  }),
} as const;

/** Staff actions that record a fact without changing the case's state. */
export const STATELESS_STAFF_ACTIONS = [
  'note',
  'reclassify',
  'reply_delivered',
  'recuse',
  'report_urgent',
  'recommend',
  'recommend_feedback',
] as const;

export const STAFF_ACTIONS = [...ACTIONS.filter((a) => a !== 'request_review'), ...STATELESS_STAFF_ACTIONS] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export function isStaffAction(s: string): s is StaffAction {
  return (STAFF_ACTIONS as readonly string[]).includes(s);
}

/** What the console sends for an action (before the server's coercion and trimming). */
export type ActionBody<A extends StaffAction> = z.input<(typeof ACTION_BODY_SCHEMAS)[A]>;
/** A field of an action's body, as the forms name their inputs (for a union of actions, any of theirs). */
export type ActionField<A extends StaffAction> = A extends StaffAction ? keyof ActionBody<A> & string : never;

/** The message the server answers a refused action body with, above the per-field messages. */
export const ACTION_INVALID_MESSAGE = '填写的内容有误，请按提示修改后再提交';

/** POST /api/staff/templates: a reply template an admin writes for one issue area. */
export const ReplyTemplateInputSchema = z.object({
  issueArea: z.enum(issueAreaIds, { error: '请选择适用的问题类别' }),
  title: text('模板名称', 2, 100),
  decision: DECISION,
  factsAndReasons: text('事实和理由', 4, 5000),
  opinion: text('处理意见', 4, 5000),
  legalBasis: text('法律法规依据', 2, 1000),
});
export type ReplyTemplateInput = z.infer<typeof ReplyTemplateInputSchema>;
