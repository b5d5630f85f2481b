/**
 * The backlog ledger (积案台账, issue 14): the lists, the labels and the request bodies, once. The
 * server (src/server/backlog.ts) parses with these schemas, the console (src/islands/staff) builds
 * its forms and filters from them, and the SQL CHECKs of 0017_backlog.sql copy the const arrays
 * (tests/functions/backlog-schema-matches-code.test.ts tries every value and one that is not).
 *
 * The campaign plans for clearing petition backlogs ask for one leader per case (领导包案), one plan
 * per case (一案一策), a risk grade, 督办, 回访, the 六有 closing standard before 销号, and a quality
 * review that sends back what the petitioner does not accept (回炉). None of it is in 《信访工作条例》
 * itself: these are the office's own working rules, shown as such.
 */
import { z } from 'zod';
import { fieldErrors } from './field-errors';
import { issueAreaIds, regionIds, RISK_SCALES, settings } from './settings';
import { RATINGS } from './workflow';

/** Where a backlog case came from. */
export const BACKLOG_SOURCES = ['assigned', 'screening', 'repeat'] as const;
export type BacklogSource = (typeof BACKLOG_SOURCES)[number];
export const BACKLOG_SOURCE_LABELS: Record<BacklogSource, string> = {
  assigned: '上级交办',
  screening: '排查',
  repeat: '重复信访',
};

/** The ledger's three classes; the issue area (settings.issueAreas) is kept beside it. */
export const BACKLOG_CLASSES = ['personnel', 'livelihood', 'legacy'] as const;
export type BacklogClass = (typeof BACKLOG_CLASSES)[number];
export const BACKLOG_CLASS_LABELS: Record<BacklogClass, string> = {
  personnel: '组织人事',
  livelihood: '民生',
  legacy: '其他遗留',
};

/**
 * Risk grades, most serious first. Offices use either four colours (红橙黄蓝) or three (红黄蓝);
 * settings.backlog.riskScale chooses, and the three-colour scale is the four without orange. The SQL
 * CHECK allows all four, so switching the setting never makes a stored grade invalid.
 */
export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
export { RISK_SCALES };
export type RiskScale = (typeof RISK_SCALES)[number];
export const RISK_GRADE_LABELS: Record<RiskGrade, string> = {
  red: '红色（高风险）',
  orange: '橙色（较高风险）',
  yellow: '黄色（中风险）',
  blue: '蓝色（低风险）',
};
export const RISK_GRADE_SHORT: Record<RiskGrade, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

/** The grades the office's scale offers. */
export function riskGrades(scale: RiskScale = settings.backlog.riskScale): readonly RiskGrade[] {
  return scale === 'three' ? RISK_GRADES.filter((g) => g !== 'orange') : RISK_GRADES;
}

/** How a 督办 was made. */
export const SUPERVISION_METHODS = ['letter', 'phone', 'message'] as const;
export type SupervisionMethod = (typeof SUPERVISION_METHODS)[number];
export const SUPERVISION_METHOD_LABELS: Record<SupervisionMethod, string> = {
  letter: '督办函',
  phone: '电话督办',
  message: '短信、微信等信息督办',
};

/** How a 回访 was made. */
export const VISIT_METHODS = ['in-person', 'phone'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];
export const VISIT_METHOD_LABELS: Record<VisitMethod, string> = { 'in-person': '上门回访', phone: '电话回访' };

/** The 六有 closing standard: every item must be on file before a case is struck off (销号). */
export const LIUYOU_ITEMS = [
  'materials',
  'transfer',
  'leader-doc',
  'leader-report',
  'reply-visit',
  'measures',
] as const;
export type LiuyouItem = (typeof LIUYOU_ITEMS)[number];
export const LIUYOU_LABELS: Record<LiuyouItem, string> = {
  materials: '有案件材料',
  transfer: '有交办函',
  'leader-doc': '有明确包案领导的文件',
  'leader-report': '有包案领导签字的报告',
  'reply-visit': '有书面答复和回访记录',
  measures: '有落实的措施',
};

/** Where a ledger case stands. 'open': being resolved (also after 回炉); 'struck': 销号. */
export const BACKLOG_STATUSES = ['open', 'struck'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];
export const BACKLOG_STATUS_LABELS: Record<BacklogStatus, string> = { open: '化解中', struck: '已销号' };

/** The ledger's actions; each is one event `backlog_<action>` in the case's hash chain. */
export const BACKLOG_ACTIONS = [
  'mark',
  'plan',
  'grade',
  'supervise',
  'visit',
  'checklist',
  'sign_off',
  'strike',
  'send_back',
] as const;
export type BacklogAction = (typeof BACKLOG_ACTIONS)[number];
export const BACKLOG_ACTION_LABELS: Record<BacklogAction, string> = {
  mark: '列为积案',
  plan: '修改化解方案',
  grade: '调整风险等级',
  supervise: '记录督办',
  visit: '记录回访',
  checklist: '更新“六有”材料',
  sign_off: '包案领导签字确认',
  strike: '销号',
  send_back: '回炉重办',
};
export const backlogEventType = (action: BacklogAction): string => `backlog_${action}`;
export const isBacklogAction = (s: string): s is BacklogAction => (BACKLOG_ACTIONS as readonly string[]).includes(s);

// A field left empty in a form arrives as '': it is "not filled in", not "too short".
const text = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string({ error: `请填写${label}` })
      .trim()
      .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
      .max(max, `${label}不能超过 ${max} 个字`),
  );
const optionalText = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(label, 1, max).optional());
const isoDay = (label: string) =>
  z.string({ error: `请填写${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD，例如 2026-12-01`);

const gradeSchema = () =>
  z.enum(riskGrades() as [RiskGrade, ...RiskGrade[]], {
    error: `请选择风险等级：${riskGrades()
      .map((g) => RISK_GRADE_SHORT[g])
      .join('、')}`,
  });

/** The "1+3+N" team: the leader, three advisers, and the departments involved. */
export const TeamSchema = z.object({
  /** 法律顾问 (name and unit, as the office publishes them). */
  legalAdviser: optionalText('法律顾问', 100),
  /** 心理咨询师. */
  psychologist: optionalText('心理咨询师', 100),
  /** 乡贤代表. */
  gentry: optionalText('乡贤代表', 100),
  /** The departments involved (the N), one per line or separated by 、 or commas. */
  departments: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[\n,，、]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z
      .array(text('责任单位', 2, 60))
      .max(20, '责任单位最多 20 个')
      .default([]),
  ),
});
export type Team = z.infer<typeof TeamSchema>;

/** A milestone of the plan: by when, what. */
export const MilestoneSchema = z.object({ due: isoDay('节点日期'), what: text('节点内容', 2, 200) });

const planFields = {
  /** 化解措施 of the 一案一策 plan. */
  measures: text('化解措施', 4, 2000),
  /** Milestones, in any order (the server sorts them). */
  milestones: z.array(MilestoneSchema).max(12, '时间节点最多 12 个').default([]),
  /** The plan's time limit (化解时限), a date. */
  timeLimit: isoDay('化解时限'),
};

/** The body of each ledger action. */
export const BACKLOG_BODY_SCHEMAS = {
  mark: z.object({
    source: z.enum(BACKLOG_SOURCES, { error: '请选择积案来源：上级交办、排查或重复信访' }),
    class: z.enum(BACKLOG_CLASSES, { error: '请选择积案类别：组织人事、民生或其他遗留' }),
    /** The staff account of the responsible leader (包案领导), who signs the case off. */
    leaderId: text('包案领导', 1, 100),
    /** The leader's post, e.g. 副县长. */
    leaderTitle: text('包案领导职务', 2, 60),
    team: TeamSchema.default({ departments: [] }),
    ...planFields,
    riskGrade: gradeSchema(),
    riskReason: text('风险等级的理由', 4, 1000),
  }),
  plan: z.object(planFields),
  grade: z.object({ riskGrade: gradeSchema(), riskReason: text('风险等级的理由', 4, 1000) }),
  supervise: z.object({
    method: z.enum(SUPERVISION_METHODS, { error: '请选择督办方式：督办函、电话或信息' }),
    on: isoDay('督办日期'),
    /** Who supervised (a unit or a post; not a petitioner). */
    by: text('督办人或督办单位', 2, 100),
    content: text('督办内容', 4, 2000),
  }),
  visit: z.object({
    method: z.enum(VISIT_METHODS, { error: '请选择回访方式：上门或电话' }),
    on: isoDay('回访日期'),
    by: text('回访人', 2, 100),
    /** The petitioner's view as heard at the visit. */
    opinion: z.enum(RATINGS, { error: '请选择信访人的评价：满意、基本满意或不满意' }),
    content: text('回访情况', 4, 2000),
  }),
  checklist: z.object({
    /** The 六有 items now on file (the whole set, not a change). */
    items: z.array(z.enum(LIUYOU_ITEMS, { error: '“六有”材料项目不正确' })).max(LIUYOU_ITEMS.length),
  }),
  sign_off: z.object({ note: optionalText('签字意见', 1000) }),
  strike: z.object({ note: optionalText('销号说明', 1000) }),
  send_back: z.object({ reason: text('回炉理由', 4, 1000) }),
} as const;
export type BacklogBody<A extends BacklogAction> = z.infer<(typeof BACKLOG_BODY_SCHEMAS)[A]>;

/** Only the leader named on the case signs it off; everything else any staff member may record. */
export const LEADER_ONLY_ACTIONS: readonly BacklogAction[] = ['sign_off'];

// ---------------------------------------------------------------- the ledger's query

export const BACKLOG_SORTS = ['age', 'grade', 'limit'] as const;
export type BacklogSort = (typeof BACKLOG_SORTS)[number];
export const BACKLOG_SORT_LABELS: Record<BacklogSort, string> = {
  age: '按积案时长（最久的在前）',
  grade: '按风险等级（最高的在前）',
  limit: '按化解时限（最近的在前）',
};
export const BACKLOG_PAGE_SIZE = 50;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(values, { error: message }).optional());

export const BacklogQuerySchema = z.object({
  grade: optionalEnum(RISK_GRADES, '风险等级不正确'),
  /** A leader's staff id, or 'me' for the signed-in staff member. */
  leader: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
  area: optionalEnum(issueAreaIds, '问题类别不正确'),
  region: optionalEnum(regionIds, '属地不正确'),
  class: optionalEnum(BACKLOG_CLASSES, '积案类别不正确'),
  status: z.preprocess(
    (v) => (v === '' || v === undefined ? 'open' : v),
    z.enum([...BACKLOG_STATUSES, 'all'], { error: '状态不正确' }),
  ),
  /** Only cases in the ledger at least this many days. */
  minAgeDays: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int('天数应为整数').min(0, '天数不能为负').max(36_500, '天数太大').optional(),
  ),
  /** Only cases past their plan's time limit. */
  overdue: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()),
  sort: z.preprocess(
    (v) => (v === '' || v === undefined ? 'age' : v),
    z.enum(BACKLOG_SORTS, { error: '排序方式不正确' }),
  ),
  page: z.preprocess(
    (v) => (v === '' || v === undefined ? 1 : v),
    z.coerce.number().int('页码应为整数').min(1, '页码从 1 开始').max(100_000, '页码太大'),
  ),
});
export type BacklogQuery = z.infer<typeof BacklogQuerySchema>;

export function parseBacklogQuery(
  params: URLSearchParams,
): { ok: true; query: BacklogQuery } | { ok: false; message: string; fields: Record<string, string> } {
  const parsed = BacklogQuerySchema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, message: '筛选条件有误，请按提示修改', fields: fieldErrors(parsed.error) };
}

// ---------------------------------------------------------------- answers

/** One row of the ledger as the console shows it (no personal data of the petitioner). */
export interface BacklogItem {
  petitionId: string;
  code: string;
  title: string;
  status: BacklogStatus;
  statusLabel: string;
  source: BacklogSource;
  sourceLabel: string;
  class: BacklogClass;
  classLabel: string;
  issueArea: string;
  issueAreaName: string;
  region: string;
  regionName: string;
  leaderId: string;
  leaderName: string;
  leaderTitle: string;
  riskGrade: RiskGrade;
  riskGradeLabel: string;
  timeLimit: string;
  overdue: boolean;
  /** Days since the case was put in the ledger. */
  ageDays: number;
  markedAt: string;
  supervisionCount: number;
  visitCount: number;
  checklistDone: number;
  signedOff: boolean;
  returnedCount: number;
}

export interface BacklogPage {
  items: BacklogItem[];
  total: number;
  overdue: number;
  page: number;
  pages: number;
  pageSize: number;
}

export interface BacklogRecord {
  seq: number;
  type: BacklogAction;
  label: string;
  at: string;
  actorName: string;
  data: Record<string, unknown>;
}

/** GET /api/staff/backlog/:id: the ledger entry with its plan, team, checklist and records. */
export interface BacklogDetail extends BacklogItem {
  team: Team;
  measures: string;
  milestones: { due: string; what: string }[];
  riskReason: string;
  checklist: LiuyouItem[];
  signedOffAt: string | null;
  struckAt: string | null;
  /** The petitioner's own rating on the tracking page, when there is one (label only). */
  citizenRating: string | null;
  records: BacklogRecord[];
  /** What may be done now, each with why not when it may not. */
  actions: { action: BacklogAction; label: string; allowed: boolean; why?: string }[];
}

export const BACKLOG_MESSAGES = {
  notPetition: '没有找到这件信访事项，请返回台账重新打开',
  notInLedger: '这件事项还没有列为积案，请先“列为积案”',
  already: '这件事项已经列为积案，不能重复列入；如需修改，请修改方案或风险等级',
  leaderUnknown: '包案领导须是在册、在岗的工作人员，请从列表中选择',
  struck: '这件积案已经销号。如信访人不满意需要回炉，请使用“回炉重办”',
  leaderOnly: '只有本案的包案领导本人可以签字确认',
  checklistIncomplete: (missing: string[]) => `“六有”材料不齐，不能签字或销号。还缺：${missing.join('、')}`,
  notSigned: '包案领导尚未签字确认，不能销号',
  sendBackNotUnsatisfied: '只有信访人评价为“不满意”（在查询页面或回访时）的积案才能回炉',
  limitPast: '化解时限不能早于今天',
  invalid: '填写的内容有误，请按提示修改后再提交',
} as const;
