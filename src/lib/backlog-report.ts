/**
 * The monthly 《信访积案排查化解情况统计表》 (月报制), computed from the ledger's events alone: each
 * case's `backlog_*` events are replayed up to the month's first and last instant, so the report of
 * a past month is the same whenever it is drawn, and a test can recount it from the events.
 *
 * Months and days are Asia/Shanghai (deadlines.shanghaiDate). One row per town (settings.regions)
 * and a 合计 row. No row carries a petitioner's name, code or words.
 */
import { RISK_GRADES, type RiskGrade } from './backlog';
import { shanghaiDate } from './deadlines';
import { regionName, settings } from './settings';

export interface LedgerEvent {
  petitionId: string;
  type: string;
  /** ISO instant. */
  at: string;
  data: Record<string, unknown>;
}

export interface LedgerCase {
  petitionId: string;
  region: string;
  issueArea: string;
  /** Its `backlog_*` events, in chain order. */
  events: readonly LedgerEvent[];
}

/** The columns of the 统计表, in the order it prints them. */
export const REPORT_COLUMNS = [
  ['openAtStart', '上月末在册'],
  ['marked', '本月新列入'],
  ['struck', '本月化解销号'],
  ['sentBack', '本月回炉'],
  ['openAtEnd', '本月末在册'],
  ['red', '其中红色'],
  ['orange', '其中橙色'],
  ['yellow', '其中黄色'],
  ['blue', '其中蓝色'],
  ['overdueAtEnd', '其中超过化解时限'],
  ['supervisions', '本月督办次数'],
  ['visits', '本月回访次数'],
  ['visitsSatisfied', '回访满意或基本满意'],
  ['markedTotal', '累计列入'],
  ['struckTotal', '累计销号'],
] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number][0];
export type ReportCounts = Record<ReportColumn, number>;

export interface ReportRow {
  region: string;
  regionName: string;
  counts: ReportCounts;
  /** 累计化解率: cases struck off and still struck at month end ÷ cases ever listed, in %, one decimal; null when none. */
  resolvedRate: number | null;
}

export interface MonthlyReport {
  month: string;
  title: string;
  office: string;
  rows: ReportRow[];
  total: ReportRow;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string): boolean => MONTH.test(s);

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The last day of `month` (YYYY-MM-DD). */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

interface CaseState {
  listed: boolean;
  open: boolean;
  grade: RiskGrade | null;
  timeLimit: string | null;
}

/** A case's ledger state after the events whose Shanghai day is on or before `lastDay`. */
export function stateAt(events: readonly LedgerEvent[], lastDay: string): CaseState {
  const s: CaseState = { listed: false, open: false, grade: null, timeLimit: null };
  for (const e of events) {
    if (shanghaiDate(e.at) > lastDay) break;
    const grade = e.data['riskGrade'];
    const limit = e.data['timeLimit'];
    if (typeof grade === 'string' && (RISK_GRADES as readonly string[]).includes(grade)) s.grade = grade as RiskGrade;
    if (typeof limit === 'string') s.timeLimit = limit;
    if (e.type === 'backlog_mark') s.listed = s.open = true;
    else if (e.type === 'backlog_strike') s.open = false;
    else if (e.type === 'backlog_send_back') s.open = true;
  }
  return s;
}

const zero = (): ReportCounts => Object.fromEntries(REPORT_COLUMNS.map(([k]) => [k, 0])) as ReportCounts;

const rateOf = (c: ReportCounts): number | null =>
  c.markedTotal === 0 ? null : Math.round((1000 * (c.markedTotal - c.openAtEnd)) / c.markedTotal) / 10;

/** The counts of one case for `month`, added into `into`. */
function countCase(into: ReportCounts, events: readonly LedgerEvent[], month: string): void {
  const before = stateAt(events, lastDayOf(previousMonth(month)));
  const end = stateAt(events, lastDayOf(month));
  if (before.open) into.openAtStart++;
  if (end.open) {
    into.openAtEnd++;
    if (end.grade) into[end.grade]++;
    if (end.timeLimit !== null && end.timeLimit < lastDayOf(month)) into.overdueAtEnd++;
  }
  if (end.listed) into.markedTotal++;
  if (end.listed && !end.open) into.struckTotal++;
  for (const e of events) {
    const day = shanghaiDate(e.at);
    if (day.slice(0, 7) !== month) continue;
    if (e.type === 'backlog_mark') into.marked++;
    else if (e.type === 'backlog_strike') into.struck++;
    else if (e.type === 'backlog_send_back') into.sentBack++;
    else if (e.type === 'backlog_supervise') into.supervisions++;
    else if (e.type === 'backlog_visit') {
      into.visits++;
      if (e.data['opinion'] === 'satisfied' || e.data['opinion'] === 'basically') into.visitsSatisfied++;
    }
  }
}

/** The 统计表 of `month` over every case in the ledger. */
export function monthlyReport(cases: readonly LedgerCase[], month: string): MonthlyReport {
  if (!isMonth(month)) throw new RangeError(`monthlyReport: ${month} is not YYYY-MM`);
  const byRegion = new Map<string, ReportCounts>(settings.regions.map((r) => [r.id, zero()]));
  const total = zero();
  for (const c of cases) {
    const counts = byRegion.get(c.region) ?? byRegion.set(c.region, zero()).get(c.region)!;
    countCase(counts, c.events, month);
    countCase(total, c.events, month);
  }
  const [y, m] = month.split('-');
  return {
    month,
    title: `信访积案排查化解情况统计表（${y}年${Number(m)}月）`,
    office: settings.office.name,
    rows: [...byRegion].map(([region, counts]) => ({
      region,
      regionName: regionName(region),
      counts,
      resolvedRate: rateOf(counts),
    })),
    total: { region: 'total', regionName: '合计', counts: total, resolvedRate: rateOf(total) },
  };
}

/** The report as rows for toCsv (csv-safe.ts neutralises formulas). */
export function reportCsvRows(report: MonthlyReport): (string | number | null)[][] {
  const header = ['乡镇（街道）', ...REPORT_COLUMNS.map(([, label]) => label), '累计化解率（%）'];
  const line = (r: ReportRow) => [r.regionName, ...REPORT_COLUMNS.map(([k]) => r.counts[k]), r.resolvedRate];
  return [[report.title], [`填报单位：${report.office}`], header, ...report.rows.map(line), line(report.total)];
}
