/**
 * Reception days (领导接访日): times, wording and the rule that decides what a visitor sees as
 * upcoming. Runtime-neutral: used by the Astro build (pages, .ics) and by the Pages Function that
 * re-applies the rule with the visitor's clock (src/server/schedule-filter.ts).
 */

/** Every reception is held in China; China has kept UTC+8 with no daylight saving since 1991. */
export const RECEPTION_TZID = 'Asia/Shanghai';
const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;

export interface ReceptionTimes {
  /** YYYY-MM-DD, Asia/Shanghai. */
  date: string;
  /** HH:MM, Asia/Shanghai. */
  start: string;
  /** HH:MM, Asia/Shanghai. */
  end: string;
}

/** The instant of a wall-clock time in Asia/Shanghai. */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00${OFFSET}`);
}

export function receptionStart(r: ReceptionTimes): Date {
  return shanghaiInstant(r.date, r.start);
}

export function receptionEnd(r: ReceptionTimes): Date {
  return shanghaiInstant(r.date, r.end);
}

/** A reception counts as upcoming until its end time has passed, so it stays listed while it runs. */
export function hasEnded(r: ReceptionTimes, now: Date): boolean {
  return now.getTime() >= receptionEnd(r).getTime();
}

/** Wall-clock fields of an instant in Asia/Shanghai, without relying on the host's time zone. */
export function shanghaiParts(instant: Date): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const t = new Date(instant.getTime() + OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
    ss: t.getUTCSeconds(),
  };
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** 星期四 for 2026-11-26. */
export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** 2026年11月26日（星期四） */
export function formatReceptionDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（${weekdayName(date)}）`;
}

function period(hour: number): string {
  if (hour < 12) return '上午';
  if (hour < 13) return '中午';
  if (hour < 19) return '下午';
  return '晚上';
}

/** 上午 9:00—11:30, the way notices in Chinese offices write it. */
export function formatTimeRange(r: Pick<ReceptionTimes, 'start' | 'end'>): string {
  const short = (t: string) => t.replace(/^0(\d)/, '$1');
  return `${period(Number(r.start.slice(0, 2)))} ${short(r.start)}—${short(r.end)}`;
}

/** Soonest first: the order of the upcoming list. */
export function byStartAscending<T extends { data: ReceptionTimes }>(a: T, b: T): number {
  return receptionStart(a.data).getTime() - receptionStart(b.data).getTime();
}

/** Latest first: the order of the archive. */
export function byStartDescending<T extends { data: ReceptionTimes }>(a: T, b: T): number {
  return -byStartAscending(a, b);
}

/**
 * The markup contract between the pages that list receptions and the function that filters them
 * with the visitor's clock. Kept in one place so that a renamed attribute cannot silently break it.
 *
 * - An element with ENDS and WHEN is an entry (or a status line): shown while WHEN still holds at the
 *   visitor's time ("upcoming": the end has not passed; "past": it has).
 * - LIST names the list an entry belongs to; a list's container carries LIST and, optionally, LIMIT
 *   (show at most that many entries).
 * - EMPTY marks the message shown when the named list has nothing to show.
 */
export const RECEPTION_ATTR = {
  ends: 'data-reception-ends',
  when: 'data-reception-when',
  list: 'data-reception-list',
  limit: 'data-reception-limit',
  empty: 'data-reception-empty',
} as const;

export type ReceptionWhen = 'upcoming' | 'past';

export interface ReceptionMark {
  /** List the entry belongs to; undefined for a free-standing status line. */
  list: string | undefined;
  when: ReceptionWhen;
  /** End instant in ms since the epoch. */
  ends: number;
}

export interface ReceptionPlan {
  /** Per mark, in document order: keep it (and un-hide it) or remove it. */
  show: boolean[];
  /** Entries shown per list. */
  shown: Map<string, number>;
  /** Earliest end still ahead of `now`, when what the page shows will next change; null if none. */
  nextChange: number | null;
}

/**
 * Which entries a visitor sees at `now`. Pure, so that the build (for the static fallback) and the
 * function (at request time) apply exactly the same rule.
 */
export function planReceptions(
  marks: readonly ReceptionMark[],
  limits: ReadonlyMap<string, number>,
  now: number,
): ReceptionPlan {
  const shown = new Map<string, number>();
  let nextChange: number | null = null;
  const show = marks.map((m) => {
    const ended = now >= m.ends;
    if (!ended && (nextChange === null || m.ends < nextChange)) nextChange = m.ends;
    const holds = m.when === 'upcoming' ? !ended : ended;
    if (!holds) return false;
    if (m.list === undefined) return true;
    const count = shown.get(m.list) ?? 0;
    const limit = limits.get(m.list);
    if (limit !== undefined && count >= limit) return false;
    shown.set(m.list, count + 1);
    return true;
  });
  return { show, shown, nextChange };
}
