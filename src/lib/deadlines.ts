/**
 * Every statutory deadline of a case, computed from its events. The only module that counts days.
 *
 * Day counting. 《信访工作条例》 never defines 日 and has no rule for computing periods or for
 * holidays; only Art. 23 ¶3 says 工作日. We therefore borrow, by analogy only, the rules of the
 * Civil Code on periods: 第二百零一条 「按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算」
 * and 第二百零三条 「期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日」.
 * See docs/adr/0002-day-counting.md. The rule is a setting (settings.days.rule):
 *
 * - 'calendar': calendar days, from the day after the trigger; the last day stays where it falls.
 * - 'calendar-roll-forward' (default): the same, but when the last day is a rest day (a weekend
 *   that is not a make-up working day, or a statutory holiday) it moves to the next working day.
 *
 * Working days (Art. 23 ¶3 objection) skip weekends and statutory holidays and count make-up
 * working days (调休上班日). Dates are Asia/Shanghai calendar dates (UTC+8, no daylight saving).
 * Results in a year the holiday data does not cover are flagged `estimated`.
 */
import { z } from 'zod';
import { isHolidayDataCovered, isWorkingDay } from './holidays';
import { cite, type Citation } from './law-cite';
import { settings } from './settings';
import type { CaseStage } from './workflow';

export const DAY_RULES = ['calendar', 'calendar-roll-forward'] as const;
export const DayRuleSchema = z.enum(DAY_RULES);
export type DayRule = z.infer<typeof DayRuleSchema>;

/** Longest extension of the handling period (Art. 34). */
export const EXTENSION_MAX_DAYS = 30;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: string | Date): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`shanghaiDate: not a date: ${String(instant)}`);
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** `isoDate` plus `n` calendar days. */
export function addCalendarDays(isoDate: string, n: number): string {
  return new Date((dayNumber(isoDate) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

export interface PeriodEnd {
  /** Last day of the period. */
  due: string;
  /** The last day before it was moved off a rest day; null when it was not moved. */
  rolledFrom: string | null;
  /** True when the holiday data does not cover a year the period touches. */
  estimated: boolean;
}

/**
 * Last day of a period of `days` calendar days triggered on `start`: the start day is not counted
 * (民法典 201), and under 'calendar-roll-forward' a last day on a rest day moves to the next
 * working day (民法典 203, by analogy).
 */
export function periodEnd(start: string, days: number, rule: DayRule = settings.days.rule): PeriodEnd {
  const raw = addCalendarDays(start, days);
  if (rule === 'calendar') return { due: raw, rolledFrom: null, estimated: false };
  let due = raw;
  while (!isWorkingDay(due)) due = addCalendarDays(due, 1);
  const estimated = yearsBetween(start, due).some((y) => !isHolidayDataCovered(y));
  return { due, rolledFrom: due === raw ? null : raw, estimated };
}

/** Last day of a period of `n` working days triggered on `start` (the start day is not counted). */
export function workingDaysEnd(start: string, n: number): PeriodEnd {
  let due = start;
  let left = n;
  while (left > 0) {
    due = addCalendarDays(due, 1);
    if (isWorkingDay(due)) left--;
  }
  const estimated = yearsBetween(start, due).some((y) => !isHolidayDataCovered(y));
  return { due, rolledFrom: null, estimated };
}

/** Whole days from `today` to `due`: 0 means due today, negative means overdue. */
export function daysLeft(due: string, today: string): number {
  return daysBetween(today, due);
}

/** Days left in plain Chinese, for the console and the tracking page. */
export function describeDaysLeft(n: number): string {
  if (n > 0) return `还剩 ${n} 天`;
  if (n === 0) return '今天到期';
  return `已超期 ${-n} 天`;
}

export const DEADLINE_KINDS = [
  'triage',
  'notice',
  'objection',
  'assigned',
  'handle',
  'review-request',
  'review-decision',
  'recheck-request',
  'recheck-decision',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

interface DeadlineRule {
  /** What must or may happen by the date, for staff and citizens. */
  label: string;
  /** The article and its words; `statute` repeats the words, shown next to the computed date. */
  basis: Citation;
  /** The statutory wording, verbatim (basis.quote). */
  statute: string;
  /** From which day the period counts, in plain words: the reader must know which date it is. */
  countsFrom: string;
  /** Whose step it is: the office's duty, or the citizen's window. */
  party: 'office' | 'citizen';
  /** Whether the citizen sees this deadline on the tracking page. */
  public: boolean;
}

function rule(
  label: string,
  basis: Citation,
  countsFrom: string,
  party: DeadlineRule['party'],
  pub = true,
): DeadlineRule {
  return { label, basis, statute: basis.quote, countsFrom, party, public: pub };
}

export const DEADLINE_RULES: Record<DeadlineKind, DeadlineRule> = {
  // Art. 22 says 「收到信访事项」…「在15日内」 without 「自…之日起」; the clock runs from receipt, not
  // from registration, because registering is itself part of the duty (Art. 44(一) makes not
  // registering a fault): an unregistered petition must turn overdue.
  triage: rule(
    '登记，并转送或者交办有权处理的机关、单位',
    cite(22, '各级党委和政府信访部门收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理', {
      paragraph: 1,
    }),
    '从信访部门收到信访事项的日期算起（条例未写明起算日，本站按收到之日的次日起算）',
    'office',
  ),
  notice: rule(
    '收到转送、交办后书面告知信访人',
    cite(23, '有关机关、单位应当自收到之日起15日内书面告知信访人接收情况以及处理途径和程序', { paragraph: 3 }),
    '从有关机关、单位收到转送、交办的信访事项之日算起',
    'office',
  ),
  objection: rule(
    '不属于职权范围的，提出异议',
    cite(
      23,
      '不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议，并详细说明理由',
      { paragraph: 3 },
    ),
    '从有关机关、单位收到转送、交办的信访事项之日算起，按工作日计',
    'office',
    false,
  ),
  assigned: rule(
    '在指定办理期限内反馈结果',
    cite(22, '要求其在指定办理期限内反馈结果，提交办结报告', { paragraph: 1, item: 3 }),
    '信访部门交办时指定的日期',
    'office',
  ),
  handle: rule(
    '办结（出具信访处理意见书）',
    cite(
      34,
      '对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由',
    ),
    '从受理之日算起',
    'office',
  ),
  'review-request': rule(
    '对信访处理意见不服的，可以请求复查',
    cite(35, '信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查'),
    '从您收到书面答复之日算起，不是从出具答复之日算起',
    'citizen',
  ),
  'review-decision': rule(
    '提出复查意见并书面答复',
    cite(35, '收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复'),
    '从复查机关收到复查请求之日算起',
    'office',
  ),
  'recheck-request': rule(
    '对复查意见不服的，可以请求复核',
    cite(36, '信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核', {
      paragraph: 1,
    }),
    '从您收到复查意见书面答复之日算起，不是从作出复查意见之日算起',
    'citizen',
  ),
  'recheck-decision': rule(
    '提出复核意见',
    cite(36, '收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见', { paragraph: 1 }),
    '从复核机关收到复核请求之日算起；听证所需时间不计算在内',
    'office',
  ),
};

/** Art. 36 ¶2: hearing time is not counted in the 复核 period (and only there). */
export const HEARING_PAUSE_BASIS = cite(36, '听证所需时间不计算在前款规定的期限内', { paragraph: 2 });

/**
 * Art. 23 ¶2: a body other than a 信访部门 that receives a petition directly tells the petitioner
 * in writing on the spot, or else within 15 days of receipt. Stored under the `notice` kind (the
 * inbox's list of kinds is a SQL CHECK), with its own wording.
 */
export const DIRECT_NOTICE_RULE: DeadlineRule = rule(
  '直接收到信访事项的，书面告知信访人',
  cite(
    23,
    '有关机关、单位能够当场告知的，应当当场书面告知；不能当场告知的，应当自收到信访事项之日起15日内书面告知信访人',
    { paragraph: 2 },
  ),
  '从本机关、单位收到信访事项之日算起；能当场告知的，应当当场书面告知',
  'office',
);

/**
 * How a written reply reached the citizen, recorded as a `reply_delivered` event (data.how, and
 * data.receivedOn when the day differs from the event's own). The 复查/复核 window runs from that
 * day (Art. 35, 36 ¶1: 「自收到书面答复之日起」); until one is recorded it cannot close.
 */
export const REPLY_DELIVERY_METHODS = ['tracking-page', 'mail', 'post', 'in-person'] as const;
export type ReplyDeliveryMethod = (typeof REPLY_DELIVERY_METHODS)[number];
export const REPLY_DELIVERY_LABELS: Record<ReplyDeliveryMethod, string> = {
  'tracking-page': '信访人在查询页面打开了书面答复',
  mail: '电子邮件已送达',
  post: '邮寄的书面答复已签收（签收日期由工作人员登记）',
  'in-person': '当面送达',
};

/** The kinds of matter (Art. 29–31) as events may correct them: only 申诉求决 (claim) has the Art. 34 and 35–36 track. */
export const CLAIM_KIND = 'claim';

/** One event of a case as the deadline rules read it. `type` is an action of workflow.ts or 'submitted'. */
export interface DeadlineEvent {
  type: string;
  /** ISO instant. */
  at: string;
  data?: Record<string, unknown> | null;
}

export interface DeadlineInput {
  stage: CaseStage;
  /**
   * Kind of matter the citizen ticked (suggestion | accusation | claim). Staff may correct it with a
   * `reclassify` event (data.kind); the latest one wins. Only claims have the 60-day clock (Art. 34)
   * and the 复查/复核 windows (Art. 35, 36: they follow a 信访处理意见, Art. 31(6)).
   */
  kind: string;
  events: readonly DeadlineEvent[];
}

/**
 * - running: the period is open; paused: stopped for a hearing (Art. 36 ¶2);
 * - done: the step was taken (see `late`); overdue: the office's step is late and not yet taken;
 * - expired: the citizen's window closed without being used.
 */
export type DeadlineStatus = 'running' | 'paused' | 'done' | 'overdue' | 'expired';

export interface Deadline extends DeadlineRule, PeriodEnd {
  kind: DeadlineKind;
  /** Trigger date (Asia/Shanghai). The period counts from the next day. */
  start: string;
  status: DeadlineStatus;
  /** Date the step was taken, when done. */
  doneAt: string | null;
  /** True when the step was taken after the last day. */
  late: boolean;
  /** Days from today to the last day, while running, paused or overdue; null otherwise. */
  daysLeft: number | null;
  /** Days not counted because of hearings (Art. 36 ¶2). */
  pausedDays: number;
  /** Extension granted, in days (Art. 34). */
  extensionDays: number;
  /**
   * False while the day the period counts from is not yet known (a reply not yet recorded as
   * received): `due` is then only the earliest day it could end, the status stays running and
   * `daysLeft` is null. The law keeps such a window open.
   */
  startKnown: boolean;
}

export interface DeadlineOptions {
  now: Date | string;
  rule?: DayRule;
}

const TRIAGE_OUTCOMES = new Set(['route', 'transfer', 'assign', 'accept', 'not_accept']);
const NOTICE_OUTCOMES = new Set(['accept', 'not_accept', 'route', 'transfer', 'assign']);
const HANDLING_OUTCOMES = new Set(['reply', 'mediate', 'route']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const dateField = (e: DeadlineEvent | null | undefined, key: string): string | null => {
  const v = e?.data?.[key];
  return typeof v === 'string' && ISO_DATE.test(v) ? v : null;
};

/** The kind of matter after staff corrections (`reclassify` events, latest wins). */
export function effectiveKind(kind: string, events: readonly DeadlineEvent[]): string {
  let k = kind;
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const e of sorted) if (e.type === 'reclassify' && typeof e.data?.['kind'] === 'string') k = e.data['kind'];
  return k;
}

/** Day the citizen received the written reply at `replyIdx`: the reply's own receivedOn, or the first delivery recorded after it. */
function replyReceivedOn(events: readonly DeadlineEvent[], replyIdx: number): string | null {
  const own = dateField(events[replyIdx], 'receivedOn');
  if (own) return own;
  for (let i = replyIdx + 1; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'reply') return null;
    if (e.type === 'reply_delivered') return dateField(e, 'receivedOn') ?? shanghaiDate(e.at);
  }
  return null;
}

/**
 * Every deadline that applies to the case now, oldest trigger first. A deadline appears once its
 * trigger event exists: no registration, no triage clock.
 */
export function computeDeadlines(input: DeadlineInput, options: DeadlineOptions): Deadline[] {
  const rule = options.rule ?? settings.days.rule;
  const today = shanghaiDate(options.now);
  const events = [...input.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const out: Deadline[] = [];

  const lastOf = (types: ReadonlySet<string> | string[]) => {
    const set = types instanceof Set ? types : new Set(types);
    for (let i = events.length - 1; i >= 0; i--) if (set.has(events[i]!.type)) return i;
    return -1;
  };
  const firstAfter = (index: number, types: ReadonlySet<string>) => {
    for (let i = index + 1; i < events.length; i++) if (types.has(events[i]!.type)) return events[i]!;
    return null;
  };

  const make = (
    kind: DeadlineKind,
    start: string,
    end: PeriodEnd,
    doneEvent: DeadlineEvent | null,
    extra: {
      paused?: boolean;
      pausedDays?: number;
      extensionDays?: number;
      rule?: DeadlineRule;
      startKnown?: boolean;
    } = {},
  ) => {
    const r = extra.rule ?? DEADLINE_RULES[kind];
    const startKnown = extra.startKnown ?? true;
    const doneAt = doneEvent ? shanghaiDate(doneEvent.at) : null;
    let status: DeadlineStatus;
    if (doneAt) status = 'done';
    else if (extra.paused) status = 'paused';
    else if (!startKnown) status = 'running';
    else if (today > end.due) status = r.party === 'citizen' ? 'expired' : 'overdue';
    else status = 'running';
    out.push({
      kind,
      ...r,
      ...end,
      start,
      status,
      doneAt,
      late: doneAt !== null && doneAt > end.due,
      daysLeft:
        startKnown && (status === 'running' || status === 'paused' || status === 'overdue')
          ? daysLeft(end.due, today)
          : null,
      pausedDays: extra.pausedDays ?? 0,
      extensionDays: extra.extensionDays ?? 0,
      startKnown,
    });
  };

  const kind = effectiveKind(input.kind, events);

  if (input.stage === 'original') {
    const submittedIdx = events.findIndex((e) => e.type === 'submitted');
    const registerIdx = events.findIndex((e) => e.type === 'register');
    const intake = events[submittedIdx >= 0 ? submittedIdx : registerIdx];
    // The day the office received the petition: a letter or visit registered later carries its own
    // date (receivedOn); an online petition is received when it is submitted.
    const receivedOn =
      dateField(events[registerIdx], 'receivedOn') ??
      dateField(intake, 'receivedOn') ??
      (intake ? shanghaiDate(intake.at) : null);
    const intakeIdx = Math.max(0, Math.min(...[submittedIdx, registerIdx].filter((i) => i >= 0)));
    const direct = events.some(
      (e) => (e.type === 'submitted' || e.type === 'register') && e.data?.['intake'] === 'direct',
    );
    const returnIdx = lastOf(['return']);
    if (direct && receivedOn) {
      // Art. 23 ¶2: filed directly with this body; its duty is the written notice, not Art. 22 triage.
      make('notice', receivedOn, periodEnd(receivedOn, 15, rule), firstAfter(intakeIdx - 1, NOTICE_OUTCOMES), {
        rule: DIRECT_NOTICE_RULE,
      });
    } else if (returnIdx >= 0) {
      // A unit's objection sends the matter back: the 信访部门 triages again from the day it is returned.
      const start = shanghaiDate(events[returnIdx]!.at);
      make('triage', start, periodEnd(start, 15, rule), firstAfter(returnIdx, TRIAGE_OUTCOMES));
    } else if (receivedOn) {
      make('triage', receivedOn, periodEnd(receivedOn, 15, rule), firstAfter(intakeIdx - 1, TRIAGE_OUTCOMES));
    }

    const handoverIdx = lastOf(['transfer', 'assign', 'return']);
    const handover = handoverIdx >= 0 ? events[handoverIdx]! : null;
    if (handover && handover.type !== 'return') {
      const start = shanghaiDate(handover.at);
      const decided = firstAfter(handoverIdx, new Set(['accept', 'not_accept', 'route']));
      make('notice', start, periodEnd(start, 15, rule), decided);
      // The objection window closes once the unit has decided to take the matter on (or not).
      const objection = workingDaysEnd(start, 5);
      const returned = firstAfter(handoverIdx, new Set(['return']));
      if (!decided || returned) make('objection', start, objection, returned);
      if (handover.type === 'assign') {
        const dueDate = dateField(handover, 'dueDate');
        if (dueDate) {
          make(
            'assigned',
            start,
            { due: dueDate, rolledFrom: null, estimated: false },
            firstAfter(handoverIdx, HANDLING_OUTCOMES),
          );
        }
      }
    }

    // Art. 34: 60 days only for matters handled under Art. 31(6), i.e. 申诉求决 in the petition channel.
    const acceptIdx = lastOf(['accept']);
    if (acceptIdx >= 0 && kind === CLAIM_KIND) {
      const start = shanghaiDate(events[acceptIdx]!.at);
      const ext = events.slice(acceptIdx + 1).find((e) => e.type === 'extend');
      const extensionDays = Math.min(EXTENSION_MAX_DAYS, Math.max(0, Number(ext?.data?.['days'] ?? 0) || 0));
      make('handle', start, periodEnd(start, 60 + extensionDays, rule), firstAfter(acceptIdx, HANDLING_OUTCOMES), {
        extensionDays,
      });
    }
  }

  if (input.stage === 'review' || input.stage === 'recheck') {
    const received = events.find((e) => e.type === 'submitted') ?? events[0];
    if (received) {
      const start = dateField(received, 'receivedOn') ?? shanghaiDate(received.at);
      // Only 复核 excludes hearing time (Art. 36 ¶2); a 复查 hearing does not stop its clock.
      const { pausedDays, paused } =
        input.stage === 'recheck' ? hearingPause(events, today) : { pausedDays: 0, paused: false };
      const end = periodEnd(start, 30 + pausedDays, rule);
      const k: DeadlineKind = input.stage === 'review' ? 'review-decision' : 'recheck-decision';
      make(k, start, end, firstAfter(events.indexOf(received), new Set(['reply'])), { paused, pausedDays });
    }
  }

  // The citizen's window to ask the next body up: 30 days from the day the written reply was
  // received (Art. 35, 36 ¶1). Only a 信访处理意见 (Art. 31(6), claims) opens 复查, only a 复查意见
  // opens 复核, and nothing follows a 复核意见 (Art. 36 ¶3).
  const windowKind: DeadlineKind | null =
    input.stage === 'original' && kind === CLAIM_KIND
      ? 'review-request'
      : input.stage === 'review'
        ? 'recheck-request'
        : null;
  if (windowKind) {
    const replyIdx = lastOf(['reply']);
    if (replyIdx >= 0) {
      const receivedOn = replyReceivedOn(events, replyIdx);
      const done = firstAfter(replyIdx, new Set(['request_review']));
      if (receivedOn) make(windowKind, receivedOn, periodEnd(receivedOn, 30, rule), done);
      else {
        // Not yet known when the reply reached the citizen: the earliest possible end, never closing.
        const start = shanghaiDate(events[replyIdx]!.at);
        make(windowKind, start, periodEnd(start, 30, rule), done, { startKnown: false });
      }
    }
  }

  return out;
}

/**
 * Days not counted because of hearings (Art. 36 ¶2): each hearing counts from the day it starts
 * to the day it ends, both included; a hearing still running counts up to today.
 */
function hearingPause(events: readonly DeadlineEvent[], today: string): { pausedDays: number; paused: boolean } {
  let pausedDays = 0;
  let openedOn: string | null = null;
  for (const e of events) {
    if (e.type === 'hearing_start' && openedOn === null) openedOn = shanghaiDate(e.at);
    if (e.type === 'hearing_end' && openedOn !== null) {
      pausedDays += daysBetween(openedOn, shanghaiDate(e.at)) + 1;
      openedOn = null;
    }
  }
  if (openedOn !== null) pausedDays += daysBetween(openedOn, today) + 1;
  return { pausedDays, paused: openedOn !== null };
}

/** The deadline that matters next: overdue first, then the earliest running or paused one. */
export function nextDeadline(deadlines: readonly Deadline[], party?: Deadline['party']): Deadline | null {
  const open = deadlines.filter(
    (d) =>
      (d.status === 'running' || d.status === 'paused' || d.status === 'overdue') &&
      (party === undefined || d.party === party),
  );
  open.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return open[0] ?? null;
}

/** The citizen's window to request 复查/复核, if it exists and is still open. */
export function openReviewWindow(deadlines: readonly Deadline[]): Deadline | null {
  return (
    deadlines.find((d) => (d.kind === 'review-request' || d.kind === 'recheck-request') && d.status === 'running') ??
    null
  );
}

/**
 * The office's next deadline as the case stores it (petitions.next_due_at / next_due_kind), so the
 * inbox can filter and sort in SQL instead of running computeDeadlines for every open case.
 *
 * Which office deadlines are still open depends only on the events, never on today's date (time
 * turns a running deadline overdue, it never closes one), so this value changes only when an event
 * is appended and is written in the same batch as that event. The one exception is a hearing
 * (Art. 36 ¶2): while it runs, the last day moves one day later every day, so a paused clock is
 * stored as `at: null` with its kind and `paused: true`; the inbox computes that rare case on read.
 * A case in a terminal state has no next deadline.
 */
export interface CaseDue {
  /** Last day (YYYY-MM-DD, Asia/Shanghai) of the office's next deadline; null when none runs. */
  at: string | null;
  kind: DeadlineKind | null;
  paused: boolean;
}

export const NO_DUE: CaseDue = { at: null, kind: null, paused: false };

export function nextDue(input: DeadlineInput & { terminal?: boolean }, rule: DayRule = settings.days.rule): CaseDue {
  if (input.terminal || input.events.length === 0) return NO_DUE;
  // Any clock reading gives the same open set (see above); the last event's time keeps a hearing's
  // paused days at their count on that day, which is never stored anyway.
  const latest = input.events.reduce((a, e) => (Date.parse(e.at) > Date.parse(a) ? e.at : a), input.events[0]!.at);
  const next = nextDeadline(computeDeadlines(input, { now: latest, rule }), 'office');
  if (!next) return NO_DUE;
  if (next.status === 'paused') return { at: null, kind: next.kind, paused: true };
  return { at: next.due, kind: next.kind, paused: false };
}

/**
 * The inbox's view of a stored due date on `today`: days left and whether it is overdue. `estimated`
 * is read from the due date's year (a statutory period whose last day falls in a year without the
 * State Council's arrangement); a 指定办理期限 is a date staff chose, never an estimate.
 */
export function storedDueStatus(
  at: string,
  kind: DeadlineKind,
  today: string,
): { daysLeft: number; status: 'running' | 'overdue'; estimated: boolean } {
  const left = daysLeft(at, today);
  return {
    daysLeft: left,
    status: left < 0 ? 'overdue' : 'running',
    estimated: kind !== 'assigned' && !isHolidayDataCovered(Number(at.slice(0, 4))),
  };
}
