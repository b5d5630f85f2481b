/**
 * The 三率 and the 参评率: the one place they are computed, from the cases' events (the hash chain)
 * and the deadlines module, for staff and for the public page alike. Runtime-neutral.
 *
 * Each case contributes to a month once per measure, in the month its outcome became known (Asia/
 * Shanghai days): the day the step was taken, or, when it was not taken in time, the first day after
 * the last day allowed. So the figures of a past month do not move as later months are recorded,
 * except that a late step taken afterwards still counts as late in the month the deadline passed.
 *
 * - 及时受理率 = 及时受理 ÷ 应受理. 应受理: each first-instance case whose first step was due —
 *   the 信访部门's triage (登记 and 转送/交办/受理/导入, Art. 22 ¶1: 「在15日内分别按照下列方式处理」),
 *   or, for a petition filed directly with a competent body, its written notice (Art. 23 ¶2). 及时:
 *   taken on or before the last day (computeDeadlines: done and not late).
 * - 按期办结率 = 按期办结 ÷ 应办结. 应办结: each case with a handling deadline — the 60 days of
 *   Art. 34 (with any extension granted), a 复查 decision within 30 days (Art. 35), a 复核 decision
 *   within 30 days (Art. 36 ¶1). 按期: the reply (or mediation, or routing) on or before the last day.
 * - 群众满意率 = (满意 + 基本满意) ÷ 已评. 已评: the petitioner's rating of the reply on the tracking
 *   page (the `rate` event; one per case), counted in the month it was given.
 * - 参评率 = 已评 ÷ (已评 + 超期未评). 超期未评: a case whose written reply reached the petitioner
 *   (a `reply_delivered` event; its receivedOn day, else the event's day) and who gave no rating
 *   within the 30 days after that day, counted in the month after the 30th day passed. The regulation
 *   lets petitioners evaluate handling (RATING_BASIS) but sets no time for it; this office takes the
 *   30 days that Art. 35 gives to ask for 复查 (REVIEW_WINDOW_BASIS), after which the handling
 *   stands. A reply not yet known to have reached the petitioner is neither rated nor overdue.
 *
 * Figures for the public are suppressed below SUPPRESS_BELOW (publicCell): a count from 1 to 4 is
 * not shown, and a rate whose numerator, or whose denominator less the numerator, is from 1 to 4 is
 * not shown either, since it would give that count away.
 */
import { cite } from './law-cite';
import { computeDeadlines, periodEnd, shanghaiDate, addCalendarDays, type DeadlineEvent } from './deadlines';
import type { CaseStage } from './workflow';

export const RATING_BASIS = cite(21, '方便信访人查询、评价信访事项办理情况', { paragraph: 2 });
export const ACCEPT_BASIS = cite(22, '在15日内分别按照下列方式处理', { paragraph: 1 });
export const FINISH_BASIS = cite(34, '应当自受理之日起60日内办结');
export const REVIEW_WINDOW_BASIS = cite(35, '可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查');

/** Days after the reply reached the petitioner in which a rating is awaited (see above). */
export const RATING_WINDOW_DAYS = 30;
/** Public counts from 1 to SUPPRESS_BELOW − 1 are withheld. */
export const SUPPRESS_BELOW = 5;

export interface RateCase {
  region: string;
  issueArea: string;
  stage: CaseStage;
  kind: string;
  events: readonly DeadlineEvent[];
}

/** The raw counts behind the four rates. */
export interface RateCounts {
  /** 应受理 and 及时受理. */
  acceptDue: number;
  acceptTimely: number;
  /** 应办结 and 按期办结. */
  finishDue: number;
  finishOnTime: number;
  /** Ratings given: 满意, 基本满意, 不满意. */
  satisfied: number;
  basically: number;
  unsatisfied: number;
  /** 超期未评. */
  unratedOverdue: number;
}

export const emptyCounts = (): RateCounts => ({
  acceptDue: 0,
  acceptTimely: 0,
  finishDue: 0,
  finishOnTime: 0,
  satisfied: 0,
  basically: 0,
  unsatisfied: 0,
  unratedOverdue: 0,
});

/** One contribution of a case: which counts it adds to, and in which month. */
interface Contribution {
  month: string;
  add: Partial<RateCounts>;
}

const monthOf = (day: string) => day.slice(0, 7);

/** What one case adds to the counts, and when, as of `now`. */
export function contributions(c: RateCase, now: Date | string, rule?: Parameters<typeof periodEnd>[2]): Contribution[] {
  const out: Contribution[] = [];
  const deadlines = computeDeadlines(
    { stage: c.stage, kind: c.kind, events: c.events },
    rule ? { now, rule } : { now },
  );
  const settled = (d: (typeof deadlines)[number]): string | null =>
    d.status === 'done' ? d.doneAt : d.status === 'overdue' ? addCalendarDays(d.due, 1) : null;

  if (c.stage === 'original') {
    const accept = deadlines.find((d) => d.kind === 'triage') ?? deadlines.find((d) => d.kind === 'notice');
    const day = accept ? settled(accept) : null;
    if (accept && day)
      out.push({
        month: monthOf(day),
        add: { acceptDue: 1, acceptTimely: accept.status === 'done' && !accept.late ? 1 : 0 },
      });
  }
  const finishKind = c.stage === 'original' ? 'handle' : c.stage === 'review' ? 'review-decision' : 'recheck-decision';
  const finish = deadlines.find((d) => d.kind === finishKind);
  const finishDay = finish ? settled(finish) : null;
  if (finish && finishDay)
    out.push({
      month: monthOf(finishDay),
      add: { finishDue: 1, finishOnTime: finish.status === 'done' && !finish.late ? 1 : 0 },
    });

  const rating = c.events.find((e) => e.type === 'rate');
  const r = rating?.data?.['rating'];
  if (rating && (r === 'satisfied' || r === 'basically' || r === 'unsatisfied')) {
    out.push({ month: monthOf(shanghaiDate(rating.at)), add: { [r]: 1 } });
  } else {
    const delivered = [...c.events].reverse().find((e) => e.type === 'reply_delivered');
    if (delivered) {
      const on = delivered.data?.['receivedOn'];
      const start = typeof on === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : shanghaiDate(delivered.at);
      const end = periodEnd(start, RATING_WINDOW_DAYS, rule).due;
      if (shanghaiDate(now) > end) out.push({ month: monthOf(addCalendarDays(end, 1)), add: { unratedOverdue: 1 } });
    }
  }
  return out;
}

export interface RateRow {
  /** YYYY-MM, a region id or an issue-area id. */
  key: string;
  counts: RateCounts;
}

export interface RateTables {
  /** Months from `from` to `to`, each with its counts (empty months included). */
  months: RateRow[];
  /** The whole range, per town and per issue area. */
  regions: RateRow[];
  areas: RateRow[];
  total: RateCounts;
}

function addInto(into: RateCounts, add: Partial<RateCounts>): void {
  for (const [k, v] of Object.entries(add) as [keyof RateCounts, number][]) into[k] += v;
}

/** Every month from `from` to `to` (YYYY-MM), inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 240; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > to) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The counts per month, per town and per issue area for months `from`..`to`, as of `now`. */
export function rateTables(
  cases: readonly RateCase[],
  range: { from: string; to: string },
  now: Date | string,
  keys: { regions: readonly string[]; areas: readonly string[] },
): RateTables {
  const months = new Map(monthRange(range.from, range.to).map((m) => [m, emptyCounts()]));
  const regions = new Map(keys.regions.map((k) => [k, emptyCounts()]));
  const areas = new Map(keys.areas.map((k) => [k, emptyCounts()]));
  const total = emptyCounts();
  for (const c of cases)
    for (const { month, add } of contributions(c, now)) {
      const row = months.get(month);
      if (!row) continue;
      addInto(row, add);
      addInto(total, add);
      addInto(regions.get(c.region) ?? regions.set(c.region, emptyCounts()).get(c.region)!, add);
      addInto(areas.get(c.issueArea) ?? areas.set(c.issueArea, emptyCounts()).get(c.issueArea)!, add);
    }
  const rows = (m: Map<string, RateCounts>) => [...m].map(([key, counts]) => ({ key, counts }));
  return { months: rows(months), regions: rows(regions), areas: rows(areas), total };
}

// ---------------------------------------------------------------- the four rates

export const RATE_KEYS = ['accept', 'finish', 'satisfaction', 'participation'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const RATE_LABELS: Record<RateKey, string> = {
  accept: '及时受理率',
  finish: '按期办结率',
  satisfaction: '群众满意率',
  participation: '参评率',
};
export const RATE_FORMULAS: Record<RateKey, string> = {
  accept: '及时受理件数 ÷ 应受理件数',
  finish: '按期办结件数 ÷ 应办结件数',
  satisfaction: '（满意 + 基本满意）÷ 已评价件数',
  participation: '已评价件数 ÷（已评价件数 + 超期未评价件数）',
};

/** Numerator and denominator of each rate from the counts. */
export function fractions(c: RateCounts): Record<RateKey, { num: number; den: number }> {
  const rated = c.satisfied + c.basically + c.unsatisfied;
  return {
    accept: { num: c.acceptTimely, den: c.acceptDue },
    finish: { num: c.finishOnTime, den: c.finishDue },
    satisfaction: { num: c.satisfied + c.basically, den: rated },
    participation: { num: rated, den: rated + c.unratedOverdue },
  };
}

/** A percentage with one decimal, or null when there is nothing to divide. */
export const percent = (num: number, den: number): number | null =>
  den === 0 ? null : Math.round((1000 * num) / den) / 10;

/** A count as the public sees it: the number, or null when it is from 1 to SUPPRESS_BELOW − 1. */
export const publicCount = (n: number): number | null => (n > 0 && n < SUPPRESS_BELOW ? null : n);

export interface PublicCell {
  /** The rate in %, or null (nothing to divide, or withheld). */
  rate: number | null;
  /** The denominator, or null when withheld. */
  den: number | null;
  /** True when a small count was withheld. */
  suppressed: boolean;
}

/** One rate for the public: withheld whenever it would show or give away a count from 1 to 4. */
export function publicCell(num: number, den: number): PublicCell {
  const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
  if (small(den)) return { rate: null, den: null, suppressed: true };
  if (small(num) || small(den - num)) return { rate: null, den, suppressed: true };
  return { rate: percent(num, den), den, suppressed: false };
}

export type PublicRates = Record<RateKey, PublicCell>;

export function publicRates(c: RateCounts): PublicRates {
  const f = fractions(c);
  return Object.fromEntries(RATE_KEYS.map((k) => [k, publicCell(f[k].num, f[k].den)])) as PublicRates;
}
