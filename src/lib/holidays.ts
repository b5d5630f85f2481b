/**
 * Mainland China public holidays (法定节假日) and make-up working days (调休上班日).
 *
 * Source: the `chinese-days` npm package (https://github.com/vsme/chinese-days, MIT), which
 * transcribes the State Council General Office notice (国务院办公厅关于某年部分节假日安排的通知)
 * published each year, usually in November or December for the next year. Updating is
 * `npm install chinese-days@latest`; tests/unit/deadlines.test.ts fails when the data does not
 * cover the current and the next year, so a stale package cannot go unnoticed.
 *
 * Only the JSON data file is imported (not the library code) so that the worker bundle stays small
 * and the rule for weekends is ours and visible here.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDays from 'chinese-days';

type DayTable = Record<string, string>;

const HOLIDAYS: DayTable = (data as { holidays: DayTable }).holidays;
const MAKEUP_WORKDAYS: DayTable = (data as { workdays: DayTable }).workdays;

/** Years for which the package holds the State Council's holiday arrangement. */
export const HOLIDAY_DATA_YEARS: readonly number[] = [
  ...new Set([...Object.keys(HOLIDAYS), ...Object.keys(MAKEUP_WORKDAYS)].map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);

export const HOLIDAY_DATA_SOURCE = 'chinese-days（国务院办公厅部分节假日安排通知）';

export function isHolidayDataCovered(year: number): boolean {
  return HOLIDAY_DATA_YEARS.includes(year);
}

/**
 * For a year whose arrangement is not yet published, the statutory holidays themselves are still
 * certain: 《全国年节及纪念日放假办法》(2024 revision, in force 2025-01-01) art. 2 fixes 元旦 (1 Jan),
 * 春节 (除夕 to 正月初三), 清明节 (the 清明 solar term), 劳动节 (1–2 May), 端午节 (五月初五),
 * 中秋节 (八月十五) and 国庆节 (1–3 Oct). What the annual notice adds (bridging days and make-up
 * working days, 调休) cannot be known in advance, so deadlines computed from this baseline are
 * flagged as estimates.
 */
export function statutoryHolidays(year: number): Record<string, string> {
  const { getSolarDateFromLunar, getSolarTerms } = chineseDays;
  const out: Record<string, string> = {};
  const add = (iso: string, name: string) => (out[iso] = name);
  const shift = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  add(`${year}-01-01`, '元旦');
  // 正月初一 of the lunar year that starts in this solar year; 除夕 is the day before.
  const newYear = getSolarDateFromLunar(`${year}-01-01`).date;
  for (let d = -1; d <= 2; d++) add(shift(newYear, d), '春节');
  const qingming = getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
  if (qingming) add(qingming.date, '清明节');
  add(`${year}-05-01`, '劳动节');
  add(`${year}-05-02`, '劳动节');
  add(getSolarDateFromLunar(`${year}-05-05`).date, '端午节');
  add(getSolarDateFromLunar(`${year}-08-15`).date, '中秋节');
  for (const d of ['01', '02', '03']) add(`${year}-10-${d}`, '国庆节');
  return out;
}

const baselineCache = new Map<number, Record<string, string>>();
function baselineHoliday(isoDate: string): string | null {
  const year = Number(isoDate.slice(0, 4));
  if (isHolidayDataCovered(year)) return null;
  let table = baselineCache.get(year);
  if (!table) {
    table = statutoryHolidays(year);
    baselineCache.set(year, table);
  }
  return table[isoDate] ?? null;
}

/** Day of week of an ISO date (YYYY-MM-DD): 0 Sunday … 6 Saturday. */
function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/** The holiday's Chinese name (e.g. 国庆节) when `isoDate` is a statutory holiday, else null. */
export function holidayName(isoDate: string): string | null {
  const entry = HOLIDAYS[isoDate];
  return entry === undefined ? baselineHoliday(isoDate) : (entry.split(',')[1] ?? null);
}

/** True when `isoDate` is a make-up working day (a weekend day on which people work). */
export function isMakeupWorkday(isoDate: string): boolean {
  return MAKEUP_WORKDAYS[isoDate] !== undefined;
}

/**
 * A working day is a Monday–Friday that is not a statutory holiday, or a make-up working day.
 * For a year without published data the statutory holidays (see statutoryHolidays) and weekends are
 * rest days; callers flag such results as estimates.
 */
export function isWorkingDay(isoDate: string): boolean {
  if (isMakeupWorkday(isoDate)) return true;
  if (HOLIDAYS[isoDate] !== undefined || baselineHoliday(isoDate) !== null) return false;
  const d = weekday(isoDate);
  return d !== 0 && d !== 6;
}

/** A rest day (休息日): a weekend day that is not a make-up working day, or a statutory holiday. */
export function isRestDay(isoDate: string): boolean {
  return !isWorkingDay(isoDate);
}
