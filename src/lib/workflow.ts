/**
 * The statutory workflow of a petition case under 《信访工作条例》(2022), as data.
 *
 * One table of states and one table of actions. The server enforces `canTransition` before it
 * records an event; the console offers only the actions `availableActions` returns; the SQL CHECK
 * on the status column and the zod enums are derived from the same const arrays. Articles are the
 * numbers of the 2022 regulation (see ../shared/data/law/deadlines.md for the exact wording).
 */
import { z } from 'zod';
import { cite, type Citation } from './law-cite';

/**
 * A case runs in one of three stages. 复查 (review, Art. 35) and 复核 (re-examination, Art. 36)
 * are separate cases linked to their parent, because they are decided by another body with its
 * own clock.
 */
export const CASE_STAGES = ['original', 'review', 'recheck'] as const;
export const CaseStageSchema = z.enum(CASE_STAGES);
export type CaseStage = z.infer<typeof CaseStageSchema>;

export const STAGE_LABELS: Record<CaseStage, string> = {
  original: '信访事项',
  review: '复查',
  recheck: '复核',
};

export const CASE_STATES = [
  'submitted',
  'registered',
  'routed',
  'transferred',
  'assigned',
  'accepted',
  'not_accepted',
  'extended',
  'hearing',
  'replied',
  'mediated',
  'escalated',
  'closed',
  'closed_final',
] as const;
export const CaseStateSchema = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseStateSchema>;

/**
 * A reference to the regulation: article, where it matters the paragraph (款) or item (项), and the
 * words it rests on (made with cite(), checked against content/law by the tests).
 */
export type ArticleRef = Citation;

export interface StateInfo {
  /** Short label shown to staff and citizens. */
  label: string;
  /** What the state means, in plain words a citizen understands. */
  explanation: string;
  /** The provision the state rests on; null when the regulation says nothing specific. */
  basis: ArticleRef | null;
  /** Whether the state may be shown to the citizen at all (every state is; kept explicit). */
  public: boolean;
  /** True when nothing more happens in this case. */
  terminal: boolean;
}

export const STATES: Record<CaseState, StateInfo> = {
  submitted: {
    label: '已提交',
    explanation: '您的信访事项已在网上提交，信访部门收到后应当予以登记，并在 15 日内转送或者交办。',
    basis: cite(22, '各级党委和政府信访部门收到信访事项，应当予以登记', { paragraph: 1 }),
    public: true,
    terminal: false,
  },
  registered: {
    label: '已登记',
    explanation: '信访部门已登记您的信访事项，应当在收到之日起 15 日内区分情况，转送或者交办有权处理的机关、单位。',
    basis: cite(22, '应当予以登记，并区分情况，在15日内分别按照下列方式处理', { paragraph: 1 }),
    public: true,
    terminal: false,
  },
  routed: {
    label: '已导入法定途径',
    explanation: '您反映的事项应当通过诉讼、仲裁、复议等法定途径解决。请按告知的途径办理，具体说明见下方。',
    basis: cite(31, '对信访人提出的申诉求决类事项，有权处理的机关、单位应当区分情况，分别按照下列方式办理'),
    public: true,
    terminal: false,
  },
  transferred: {
    label: '已转送',
    explanation:
      '您的信访事项已转送有权处理的单位。该单位应当自收到之日起 15 日内书面告知您接收情况以及处理途径和程序。',
    basis: cite(23, '有关机关、单位应当自收到之日起15日内书面告知信访人接收情况以及处理途径和程序', { paragraph: 3 }),
    public: true,
    terminal: false,
  },
  assigned: {
    label: '已交办',
    explanation: '您的信访事项已交由有权处理的单位办理，并要求其在指定期限内反馈结果。',
    basis: cite(22, '可以交由有权处理的机关、单位办理，要求其在指定办理期限内反馈结果', { paragraph: 1, item: 3 }),
    public: true,
    terminal: false,
  },
  accepted: {
    label: '已受理',
    explanation: '您的信访事项已受理，正在办理。有办理期限的，期限见下方。',
    basis: cite(23, '告知信访人接收情况以及处理途径和程序', { paragraph: 3 }),
    public: true,
    terminal: false,
  },
  not_accepted: {
    label: '不予受理',
    explanation: '您的信访事项依照规定不予受理，理由见下方说明。',
    basis: cite(19, '上级机关、单位不予受理', { paragraph: 3 }),
    public: true,
    terminal: false,
  },
  extended: {
    label: '已延期',
    explanation: '因情况复杂，经负责人批准，办理期限已延长（最多 30 日），延期理由见下方。',
    basis: cite(
      34,
      '情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由',
    ),
    public: true,
    terminal: false,
  },
  hearing: {
    label: '听证中',
    explanation: '正在为复核举行听证。听证所需时间不计入 30 日的复核期限。',
    basis: cite(36, '听证所需时间不计算在前款规定的期限内', { paragraph: 2 }),
    public: true,
    terminal: false,
  },
  replied: {
    label: '已答复',
    explanation:
      '已出具信访处理意见书。如对处理意见不服，可以自收到书面答复之日起 30 日内请求原办理机关的上一级机关复查。',
    basis: cite(
      35,
      '信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查',
    ),
    public: true,
    terminal: false,
  },
  mediated: {
    label: '已调解',
    explanation: '经调解或和解，双方已达成一致意见，并制作了协议书。',
    basis: cite(33, '经调解、和解达成一致意见的，应当制作调解协议书或者和解协议书'),
    public: true,
    terminal: false,
  },
  escalated: {
    label: '已申请复查/复核',
    explanation: '您已对处理意见请求复查或复核，由上一级机关、单位办理，进度见关联的事项。',
    basis: cite(35, '请求原办理机关、单位的上一级机关、单位复查'),
    public: true,
    terminal: true,
  },
  closed: {
    label: '已办结',
    explanation: '本事项已办结。',
    basis: null,
    public: true,
    terminal: true,
  },
  closed_final: {
    label: '已终结',
    explanation:
      '复核意见已作出。对复核意见不服、仍以同一事实和理由提出投诉请求的，各级信访部门和其他机关、单位不再受理。',
    basis: cite(
      36,
      '信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理',
      {
        paragraph: 3,
      },
    ),
    public: true,
    terminal: true,
  },
};

/** Art. 31(1)-(5): the other legal procedures a 申诉求决 matter is guided into. */
export const ROUTE_TARGETS = [
  'litigation',
  'reconsideration',
  'arbitration',
  'party-appeal',
  'admin-procedure',
  'duty-performance',
] as const;
export const RouteTargetSchema = z.enum(ROUTE_TARGETS);
export type RouteTarget = z.infer<typeof RouteTargetSchema>;

export const ROUTE_TARGET_INFO: Record<RouteTarget, { label: string; explanation: string; basis: ArticleRef }> = {
  litigation: {
    label: '诉讼、复议或检察、公安法律程序',
    explanation:
      '应当通过审判机关诉讼程序或者复议程序、检察机关刑事立案程序或者法律监督程序、公安机关法律程序处理，请向有关政法部门提出。',
    basis: cite(
      31,
      '应当通过审判机关诉讼程序或者复议程序、检察机关刑事立案程序或者法律监督程序、公安机关法律程序处理的',
      {
        item: 1,
      },
    ),
  },
  reconsideration: {
    label: '行政复议',
    explanation: '可以通过行政复议解决，请在法定期限内向有权的复议机关申请行政复议。',
    basis: cite(31, '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理', {
      item: 4,
    }),
  },
  arbitration: {
    label: '仲裁',
    explanation: '应当通过仲裁解决，请向有管辖权的仲裁机构申请仲裁。',
    basis: cite(31, '应当通过仲裁解决的，导入相应程序处理', { item: 2 }),
  },
  'party-appeal': {
    label: '党员申诉、申请复审',
    explanation: '可以通过党员申诉、申请复审等方式解决，请按相应程序提出。',
    basis: cite(31, '可以通过党员申诉、申请复审等解决的，导入相应程序处理', { item: 3 }),
  },
  'admin-procedure': {
    label: '行政复议、裁决、确认、许可、处罚等行政程序',
    explanation: '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决，请向有关行政机关提出。',
    basis: cite(31, '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理', {
      item: 4,
    }),
  },
  'duty-performance': {
    label: '依法履行职责或者答复',
    explanation: '属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的事项，有关机关将依法履行职责或者答复。',
    basis: cite(31, '属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的，依法履行或者答复', { item: 5 }),
  },
};

/** Art. 32: the three decisions a 信访处理意见书 can carry. */
export const REPLY_DECISIONS = ['support', 'explain', 'reject'] as const;
export const ReplyDecisionSchema = z.enum(REPLY_DECISIONS);
export type ReplyDecision = z.infer<typeof ReplyDecisionSchema>;
export const REPLY_DECISION_LABELS: Record<ReplyDecision, string> = {
  support: '予以支持',
  explain: '解释说明',
  reject: '不予支持',
};

/** The only two grounds on which the regulation lets a body refuse to accept a matter. */
export const NOT_ACCEPT_GROUNDS = ['art19-3', 'art36-3'] as const;
export const NotAcceptGroundSchema = z.enum(NOT_ACCEPT_GROUNDS);
export type NotAcceptGround = z.infer<typeof NotAcceptGroundSchema>;
export const NOT_ACCEPT_GROUND_INFO: Record<
  NotAcceptGround,
  { label: string; explanation: string; basis: ArticleRef }
> = {
  'art19-3': {
    label: '同一事项已在办理期间向上级重复提出',
    explanation:
      '该信访事项已经受理或者正在办理，在规定期限内又向上级机关、单位提出同一信访事项，上级机关、单位不予受理。',
    basis: cite(
      19,
      '信访事项已经受理或者正在办理的，信访人在规定期限内向受理、办理机关、单位的上级机关、单位又提出同一信访事项的，上级机关、单位不予受理',
      { paragraph: 3 },
    ),
  },
  'art36-3': {
    label: '复核后以同一事实和理由再次提出',
    explanation: '对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。',
    basis: cite(36, '仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理', {
      paragraph: 3,
    }),
  },
};

/** Satisfaction rating after a reply (Art. 21 ¶2 lets petitioners evaluate handling online). */
export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const;
export const RatingSchema = z.enum(RATINGS);
export type Rating = z.infer<typeof RatingSchema>;
export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basically: '基本满意',
  unsatisfied: '不满意',
};

/** Who may perform an action: staff in the console, the citizen on the tracking page, or the system. */
export const ACTORS = ['staff', 'citizen', 'system'] as const;
export type Actor = (typeof ACTORS)[number];

export const ACTIONS = [
  'register',
  'route',
  'transfer',
  'assign',
  'accept',
  'not_accept',
  'return',
  'extend',
  'hearing_start',
  'hearing_end',
  'reply',
  'mediate',
  'request_review',
  'close',
] as const;
export const ActionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;

/**
 * Events that never change the state. Notes are internal; a rating is the citizen's. They are
 * recorded in the same hash-chained log as the actions.
 */
export const STATELESS_EVENTS = ['note', 'rate'] as const;

export interface Transition {
  action: Action;
  /** States the action may be taken from. */
  from: readonly CaseState[];
  /** State after the action. */
  to: CaseState;
  /** Stages in which the action exists. */
  stages: readonly CaseStage[];
  /** Who takes the action. */
  actor: Actor;
  /** Whether the citizen sees the event (and gets an email for it). */
  public: boolean;
  /** Label of the action in the console and of the notice on the tracking page. */
  label: string;
  basis: ArticleRef | null;
}

const CLAIM_HANDLING = ['accepted', 'extended'] as const satisfies readonly CaseState[];

// The words each row rests on, once: several rows share them.
const REGISTER = cite(22, '各级党委和政府信访部门收到信访事项，应当予以登记', { paragraph: 1 });
const REVIEW_RECEIVED = cite(35, '收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复');
const RECHECK_RECEIVED = cite(36, '收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见', {
  paragraph: 1,
});
const ROUTE = cite(31, '对信访人提出的申诉求决类事项，有权处理的机关、单位应当区分情况，分别按照下列方式办理');
const TRANSFER = cite(22, '应当转送有权处理的机关、单位', { paragraph: 1, item: 1 });
const ASSIGN = cite(22, '可以交由有权处理的机关、单位办理，要求其在指定办理期限内反馈结果', { paragraph: 1, item: 3 });
const ACCEPT_NOTICE = cite(23, '书面告知信访人接收情况以及处理途径和程序', { paragraph: 3 });
const NOT_ACCEPT = cite(19, '上级机关、单位不予受理', { paragraph: 3 });
const OBJECTION = cite(23, '应当自收到之日起5个工作日内提出异议，并详细说明理由', { paragraph: 3 });
const EXTEND = cite(34, '经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由');
const HEARING_FIRST = cite(31, '对重大、复杂、疑难的信访事项，可以举行听证', { item: 6 });
const HEARING_RECHECK = cite(36, '复核机关、单位可以按照本条例第三十一条第六项的规定举行听证', { paragraph: 2 });
const OPINION = cite(32, '信访处理意见书应当载明信访人投诉请求、事实和理由、处理意见及其法律法规依据');
const MEDIATE = cite(33, '经调解、和解达成一致意见的，应当制作调解协议书或者和解协议书');
const ASK_REVIEW = cite(35, '可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查');
const ASK_RECHECK = cite(36, '可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核', {
  paragraph: 1,
});
const FINAL = cite(36, '各级党委和政府信访部门和其他机关、单位不再受理', { paragraph: 3 });

/**
 * Allowed transitions. An action may appear in more than one row when its target or its basis
 * differs by stage (a 复查 rests on Art. 35, a 复核 on Art. 36). Rows are matched on (action, stage).
 */
export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'register',
    from: ['submitted'],
    to: 'registered',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '登记',
    basis: REGISTER,
  },
  {
    action: 'register',
    from: ['submitted'],
    to: 'registered',
    stages: ['review'],
    actor: 'staff',
    public: true,
    label: '登记',
    basis: REVIEW_RECEIVED,
  },
  {
    action: 'register',
    from: ['submitted'],
    to: 'registered',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '登记',
    basis: RECHECK_RECEIVED,
  },
  // Art. 31(1)-(5): the body that has the matter decides whether it belongs to another procedure,
  // whether it got it first or by transfer, and may find so after accepting it.
  {
    action: 'route',
    from: ['registered', 'transferred', 'assigned', 'accepted', 'extended'],
    to: 'routed',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '导入法定途径',
    basis: ROUTE,
  },
  {
    action: 'transfer',
    from: ['registered'],
    to: 'transferred',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '转送',
    basis: TRANSFER,
  },
  {
    action: 'assign',
    from: ['registered'],
    to: 'assigned',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '交办',
    basis: ASSIGN,
  },
  // The receiving unit's own acceptance notice (Art. 23 ¶3) is recorded on the same case.
  {
    action: 'accept',
    from: ['registered', 'transferred', 'assigned'],
    to: 'accepted',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '受理',
    basis: ACCEPT_NOTICE,
  },
  {
    action: 'accept',
    from: ['registered'],
    to: 'accepted',
    stages: ['review'],
    actor: 'staff',
    public: true,
    label: '受理',
    basis: REVIEW_RECEIVED,
  },
  {
    action: 'accept',
    from: ['registered'],
    to: 'accepted',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '受理',
    basis: RECHECK_RECEIVED,
  },
  {
    action: 'not_accept',
    from: ['registered', 'transferred', 'assigned'],
    to: 'not_accepted',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '不予受理',
    basis: NOT_ACCEPT,
  },
  // Art. 23 ¶3: a receiving unit that is not competent objects within 5 working days and the
  // material goes back to the 信访部门, which triages again. Internal: the citizen sees the next decision.
  {
    action: 'return',
    from: ['transferred', 'assigned'],
    to: 'registered',
    stages: ['original'],
    actor: 'staff',
    public: false,
    label: '异议退回',
    basis: OBJECTION,
  },
  // Only from `accepted`: once `extended`, there is no second extension (Art. 34).
  {
    action: 'extend',
    from: ['accepted'],
    to: 'extended',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '延期',
    basis: EXTEND,
  },
  // Art. 31(6): a hearing in first-instance handling of a serious, complex or difficult matter. Only
  // from `accepted`, because hearing_end returns there and must not reopen a second extension.
  {
    action: 'hearing_start',
    from: ['accepted'],
    to: 'hearing',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '开始听证',
    basis: HEARING_FIRST,
  },
  {
    action: 'hearing_end',
    from: ['hearing'],
    to: 'accepted',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '听证结束',
    basis: HEARING_FIRST,
  },
  {
    action: 'hearing_start',
    from: ['accepted'],
    to: 'hearing',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '开始听证',
    basis: HEARING_RECHECK,
  },
  {
    action: 'hearing_end',
    from: ['hearing'],
    to: 'accepted',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '听证结束',
    basis: HEARING_RECHECK,
  },
  {
    action: 'reply',
    from: CLAIM_HANDLING,
    to: 'replied',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '出具处理意见',
    basis: OPINION,
  },
  {
    action: 'reply',
    from: ['accepted'],
    to: 'replied',
    stages: ['review'],
    actor: 'staff',
    public: true,
    label: '出具复查意见',
    basis: REVIEW_RECEIVED,
  },
  {
    action: 'reply',
    from: ['accepted'],
    to: 'replied',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '出具复核意见',
    basis: RECHECK_RECEIVED,
  },
  {
    action: 'mediate',
    from: CLAIM_HANDLING,
    to: 'mediated',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '调解/和解',
    basis: MEDIATE,
  },
  // 复查 after a 信访处理意见, 复核 after a 复查意见, nothing after a 复核意见 (Art. 36 ¶3).
  {
    action: 'request_review',
    from: ['replied'],
    to: 'escalated',
    stages: ['original'],
    actor: 'citizen',
    public: true,
    label: '请求复查',
    basis: ASK_REVIEW,
  },
  {
    action: 'request_review',
    from: ['replied'],
    to: 'escalated',
    stages: ['review'],
    actor: 'citizen',
    public: true,
    label: '请求复核',
    basis: ASK_RECHECK,
  },
  {
    action: 'close',
    from: ['replied', 'routed', 'not_accepted', 'mediated'],
    to: 'closed',
    stages: ['original'],
    actor: 'staff',
    public: true,
    label: '办结',
    basis: null,
  },
  {
    action: 'close',
    from: ['replied'],
    to: 'closed',
    stages: ['review'],
    actor: 'staff',
    public: true,
    label: '办结',
    basis: null,
  },
  {
    action: 'close',
    from: ['replied'],
    to: 'closed_final',
    stages: ['recheck'],
    actor: 'staff',
    public: true,
    label: '终结',
    basis: FINAL,
  },
];

/** What a state means at a stage or for a kind of matter, where the general text would mislead. */
type StateText = Pick<StateInfo, 'explanation' | 'basis'>;
const STAGE_TEXTS: Partial<Record<CaseStage, Partial<Record<CaseState, StateText>>>> = {
  review: {
    submitted: { explanation: '您的复查请求已提交，由原办理机关的上一级机关、单位办理。', basis: ASK_REVIEW },
    registered: {
      explanation: '复查机关已登记您的复查请求，应当自收到复查请求之日起 30 日内提出复查意见，并予以书面答复。',
      basis: REVIEW_RECEIVED,
    },
    accepted: {
      explanation: '复查机关已受理您的复查请求，应当自收到复查请求之日起 30 日内提出复查意见，并予以书面答复。',
      basis: REVIEW_RECEIVED,
    },
    replied: {
      explanation: '复查意见已作出。如对复查意见不服，可以自收到书面答复之日起 30 日内向复查机关的上一级机关请求复核。',
      basis: ASK_RECHECK,
    },
    escalated: {
      explanation: '您已对复查意见请求复核，由复查机关的上一级机关、单位办理，进度见关联的事项。',
      basis: ASK_RECHECK,
    },
  },
  recheck: {
    submitted: { explanation: '您的复核请求已提交，由复查机关的上一级机关、单位办理。', basis: ASK_RECHECK },
    registered: {
      explanation: '复核机关已登记您的复核请求，应当自收到复核请求之日起 30 日内提出复核意见。',
      basis: RECHECK_RECEIVED,
    },
    accepted: {
      explanation: '复核机关已受理您的复核请求，应当自收到复核请求之日起 30 日内提出复核意见。',
      basis: RECHECK_RECEIVED,
    },
    replied: {
      explanation:
        '复核意见已作出。对复核意见不服、仍以同一事实和理由提出投诉请求的，各级信访部门和其他机关、单位不再受理。',
      basis: FINAL,
    },
  },
  original: {
    hearing: { explanation: '您的信访事项重大、复杂、疑难，办理机关正在举行听证。', basis: HEARING_FIRST },
  },
};
const KIND_TEXTS: Partial<Record<string, Partial<Record<CaseState, StateText>>>> = {
  suggestion: {
    replied: {
      explanation: '有权处理的机关已对您的建议意见作出回复。',
      basis: cite(29, '对科学合理、具有现实可行性的，应当采纳或者部分采纳，并予以回复'),
    },
  },
  accusation: {
    replied: {
      explanation: '有权处理的机关已对您的检举控告作出处理和反馈。',
      basis: cite(30, '纪检监察机关或者有权处理的机关、单位应当依规依纪依法接收、受理、办理和反馈'),
    },
  },
};

/** The state as the citizen should read it for this stage and kind of matter. */
export function stateInfo(state: CaseState, stage: CaseStage = 'original', kind?: string): StateInfo {
  const byStage = STAGE_TEXTS[stage]?.[state];
  const byKind = stage === 'original' && kind !== undefined ? KIND_TEXTS[kind]?.[state] : undefined;
  return { ...STATES[state], ...(byStage ?? {}), ...(byKind ?? {}) };
}

/** The transition row for taking `action` on a case in `state` at `stage`, or null when forbidden. */
export function findTransition(state: CaseState, action: Action, stage: CaseStage = 'original'): Transition | null {
  return TRANSITIONS.find((t) => t.action === action && t.stages.includes(stage) && t.from.includes(state)) ?? null;
}

export function canTransition(state: CaseState, action: Action, stage: CaseStage = 'original'): boolean {
  return findTransition(state, action, stage) !== null;
}

/** Actions offered for a case, optionally only those of one actor. */
export function availableActions(state: CaseState, stage: CaseStage = 'original', actor?: Actor): Action[] {
  const out: Action[] = [];
  for (const t of TRANSITIONS) {
    if (
      t.stages.includes(stage) &&
      t.from.includes(state) &&
      (actor === undefined || t.actor === actor) &&
      !out.includes(t.action)
    ) {
      out.push(t.action);
    }
  }
  return out;
}

/** Label for a state, e.g. 已受理. */
export function stateLabel(state: CaseState): string {
  return STATES[state].label;
}

/** The stage of a review case requested from a replied case of `stage`: original -> review -> recheck. */
export function nextReviewStage(stage: CaseStage): CaseStage | null {
  if (stage === 'original') return 'review';
  if (stage === 'review') return 'recheck';
  return null;
}

/** Message for a forbidden transition, in Chinese, telling the staff member what they can do instead. */
export function forbiddenMessage(state: CaseState, action: Action, stage: CaseStage = 'original'): string {
  const label = TRANSITIONS.find((t) => t.action === action)?.label ?? action;
  const allowed = availableActions(state, stage, 'staff').map(
    (a) => TRANSITIONS.find((t) => t.action === a)?.label ?? a,
  );
  const stageNote = stage === 'original' ? '' : `（${STAGE_LABELS[stage]}案件）`;
  const hint = allowed.length > 0 ? `现在可以进行的操作：${allowed.join('、')}。` : '该事项已没有可进行的操作。';
  return `该事项当前状态为“${STATES[state].label}”${stageNote}，不能进行“${label}”。${hint}`;
}

/** SQL for the CHECK constraint of a column holding one of `values`. Used to keep migrations honest in tests. */
export function sqlCheckList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
