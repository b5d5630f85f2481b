/**
 * Loads what src/lib/rates.ts and src/lib/backlog-report.ts compute from: the cases' events, with
 * the town and issue area of each case and nothing else of the petition. Staff get the raw counts;
 * the public gets them through publicRates (counts from 1 to 4 withheld), as JSON and as a page the
 * server fills (no JavaScript needed to read it).
 */
import { monthlyReport, type LedgerCase, type LedgerEvent, type MonthlyReport } from '../lib/backlog-report';
import { shanghaiDate } from '../lib/deadlines';
import {
  fractions,
  percent,
  publicCount,
  publicRates,
  RATE_FORMULAS,
  RATE_KEYS,
  RATE_LABELS,
  rateTables,
  SUPPRESS_BELOW,
  type PublicRates,
  type RateCase,
  type RateCounts,
  type RateKey,
  type RateTables,
} from '../lib/rates';
import { issueAreaIds, issueAreaName, regionIds, regionName, settings } from '../lib/settings';
import { CaseStageSchema } from '../lib/workflow';
import { CaseError } from './errors';
import type { Database } from './platform/database';

/** Months the public page and JSON cover, ending with the current month. */
export const PUBLIC_MONTHS = 12;
/** Longest range one request may ask for. */
export const MAX_MONTHS = 36;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) - n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** The range of months a query asks for (from, to as YYYY-MM), defaulting to the last 12 months. */
export function parseRange(params: URLSearchParams, now: Date): { from: string; to: string } {
  const current = shanghaiDate(now).slice(0, 7);
  const to = params.get('to') || current;
  const fields: Record<string, string> = {};
  if (!MONTH.test(to)) fields['to'] = '截止月份格式应为 YYYY-MM，例如 2026-11';
  const from = params.get('from') || (MONTH.test(to) ? monthsBack(to, PUBLIC_MONTHS - 1) : '');
  if (!MONTH.test(from)) fields['from'] = '起始月份格式应为 YYYY-MM，例如 2026-01';
  if (Object.keys(fields).length === 0) {
    if (from > to) fields['from'] = '起始月份不能晚于截止月份';
    else if (from < monthsBack(to, MAX_MONTHS - 1)) fields['from'] = `一次最多查询 ${MAX_MONTHS} 个月`;
    else if (to > current) fields['to'] = '截止月份不能晚于本月';
  }
  if (Object.keys(fields).length > 0) throw new CaseError(400, '查询的月份有误，请按提示修改', fields);
  return { from, to };
}

interface EventRow {
  petition_id: string;
  type: string;
  at: string;
  data: string;
}

/**
 * Every case that can have an outcome in the range: received before its end and at most two years
 * before its start (an outcome settles within about five months of receipt, or of the reply).
 */
export async function loadRateCases(db: Database, range: { from: string; to: string }): Promise<RateCase[]> {
  const end = new Date(Date.parse(`${monthsBack(range.to, -1)}-01T00:00:00+08:00`)).toISOString();
  const start = new Date(Date.parse(`${monthsBack(range.from, 24)}-01T00:00:00+08:00`)).toISOString();
  const [cases, events] = await db.batch<Record<string, unknown>>([
    db
      .prepare('SELECT id, stage, kind, region, issue_area FROM petitions WHERE created_at < ? AND created_at >= ?')
      .bind(end, start),
    db
      .prepare(
        `SELECT e.petition_id, e.type, e.at, e.data FROM petition_events e JOIN petitions p ON p.id = e.petition_id
         WHERE p.created_at < ? AND p.created_at >= ? ORDER BY e.petition_id, e.seq`,
      )
      .bind(end, start),
  ]);
  const byCase = new Map<string, { type: string; at: string; data: Record<string, unknown> }[]>();
  for (const e of (events?.results ?? []) as unknown as EventRow[])
    (byCase.get(e.petition_id) ?? byCase.set(e.petition_id, []).get(e.petition_id)!).push({
      type: e.type,
      at: e.at,
      data: JSON.parse(e.data) as Record<string, unknown>,
    });
  return (
    (cases?.results ?? []) as { id: string; stage: string; kind: string; region: string; issue_area: string }[]
  ).map((c) => ({
    region: c.region,
    issueArea: c.issue_area,
    stage: CaseStageSchema.parse(c.stage),
    kind: c.kind,
    events: byCase.get(c.id) ?? [],
  }));
}

/** The counts for staff: every figure, unsuppressed. */
export async function staffRates(db: Database, range: { from: string; to: string }, now: Date): Promise<RateTables> {
  return rateTables(await loadRateCases(db, range), range, now, { regions: regionIds, areas: issueAreaIds });
}

export interface PublicRow {
  key: string;
  label: string;
  /** Cases behind the row, or null when from 1 to 4. */
  rates: PublicRates;
}

/** GET /api/stats/rates: the four rates per month, per town and per issue area, small counts withheld. */
export interface PublicStats {
  office: string;
  from: string;
  to: string;
  /** When these figures were computed (ISO instant). */
  computedAt: string;
  suppressBelow: number;
  note: string;
  definitions: { key: RateKey; label: string; formula: string }[];
  total: PublicRow;
  months: PublicRow[];
  regions: PublicRow[];
  areas: PublicRow[];
}

export const SUPPRESSION_NOTE = `为保护信访人的个人信息，任何少于 ${SUPPRESS_BELOW} 件的数字都不公布；如果一个比率会让人推算出少于 ${SUPPRESS_BELOW} 件的数字，这个比率也不公布，表中显示为“不足 ${SUPPRESS_BELOW} 件，不公布”。`;

const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

export function publicStats(t: RateTables, range: { from: string; to: string }, now: Date): PublicStats {
  const row = (key: string, label: string, counts: RateCounts): PublicRow => ({
    key,
    label,
    rates: publicRates(counts),
  });
  return {
    office: settings.office.name,
    from: range.from,
    to: range.to,
    computedAt: now.toISOString(),
    suppressBelow: SUPPRESS_BELOW,
    note: SUPPRESSION_NOTE,
    definitions: RATE_KEYS.map((key) => ({ key, label: RATE_LABELS[key], formula: RATE_FORMULAS[key] })),
    total: row('total', '合计', t.total),
    months: t.months.map((r) => row(r.key, monthLabel(r.key), r.counts)),
    regions: t.regions.map((r) => row(r.key, regionName(r.key), r.counts)),
    areas: t.areas.map((r) => row(r.key, issueAreaName(r.key), r.counts)),
  };
}

/** The staff view: counts and rates, unsuppressed, in the same shape as the public rows plus counts. */
export function staffStats(t: RateTables, range: { from: string; to: string }, now: Date) {
  const row = (key: string, label: string, counts: RateCounts) => {
    const f = fractions(counts);
    return {
      key,
      label,
      counts,
      rates: Object.fromEntries(RATE_KEYS.map((k) => [k, { ...f[k], rate: percent(f[k].num, f[k].den) }])) as Record<
        RateKey,
        { num: number; den: number; rate: number | null }
      >,
    };
  };
  return {
    from: range.from,
    to: range.to,
    computedAt: now.toISOString(),
    definitions: RATE_KEYS.map((key) => ({ key, label: RATE_LABELS[key], formula: RATE_FORMULAS[key] })),
    total: row('total', '合计', t.total),
    months: t.months.map((r) => row(r.key, monthLabel(r.key), r.counts)),
    regions: t.regions.map((r) => row(r.key, regionName(r.key), r.counts)),
    areas: t.areas.map((r) => row(r.key, issueAreaName(r.key), r.counts)),
  };
}

// ---------------------------------------------------------------- the ledger's monthly report

/** Every ledger case with its `backlog_*` events up to the end of `month`. */
export async function loadLedgerCases(db: Database, month: string): Promise<LedgerCase[]> {
  const end = new Date(Date.parse(`${monthsBack(month, -1)}-01T00:00:00+08:00`)).toISOString();
  const { results } = await db
    .prepare(
      `SELECT e.petition_id, e.type, e.at, e.data, p.region, p.issue_area FROM petition_events e
       JOIN backlog_cases b ON b.petition_id = e.petition_id JOIN petitions p ON p.id = e.petition_id
       WHERE e.type LIKE 'backlog\\_%' ESCAPE '\\' AND e.at < ? ORDER BY e.petition_id, e.seq`,
    )
    .bind(end)
    .all<EventRow & { region: string; issue_area: string }>();
  const cases = new Map<string, LedgerCase & { events: LedgerEvent[] }>();
  for (const r of results) {
    const c =
      cases.get(r.petition_id) ??
      cases
        .set(r.petition_id, { petitionId: r.petition_id, region: r.region, issueArea: r.issue_area, events: [] })
        .get(r.petition_id)!;
    c.events.push({
      petitionId: r.petition_id,
      type: r.type,
      at: r.at,
      data: JSON.parse(r.data) as Record<string, unknown>,
    });
  }
  return [...cases.values()];
}

export async function ledgerReport(db: Database, month: string, now: Date): Promise<MonthlyReport> {
  if (!MONTH.test(month))
    throw new CaseError(400, '月份有误，请按提示修改', { month: '月份格式应为 YYYY-MM，例如 2026-11' });
  if (month > shanghaiDate(now).slice(0, 7))
    throw new CaseError(400, '月份有误，请按提示修改', { month: '不能生成尚未开始的月份的统计表' });
  return monthlyReport(await loadLedgerCases(db, month), month);
}

export { publicCount };
