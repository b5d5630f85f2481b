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

/** Day of week of an ISO date (YYYY-MM-DD): 0 Sunday … 6 Saturday. */
function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/** The holiday's Chinese name (e.g. 国庆节) when `isoDate` is a statutory holiday, else null. */
export function holidayName(isoDate: string): string | null {
  const entry = HOLIDAYS[isoDate];
  return entry === undefined ? null : (entry.split(',')[1] ?? null);
}

/** True when `isoDate` is a make-up working day (a weekend day on which people work). */
export function isMakeupWorkday(isoDate: string): boolean {
  return MAKEUP_WORKDAYS[isoDate] !== undefined;
}

/**
 * A working day is a Monday–Friday that is not a statutory holiday, or a make-up working day.
 * For a year without data only weekends count as rest days; callers flag such results as estimates.
 */
export function isWorkingDay(isoDate: string): boolean {
  if (isMakeupWorkday(isoDate)) return true;
  if (HOLIDAYS[isoDate] !== undefined) return false;
  const d = weekday(isoDate);
  return d !== 0 && d !== 6;
}

/** A rest day (休息日): a weekend day that is not a make-up working day, or a statutory holiday. */
export function isRestDay(isoDate: string): boolean {
  return !isWorkingDay(isoDate);
}
