/**
 * The inbox as a CSV file for the office's own spreadsheets: every case the filter matches, in the
 * inbox's order, with formulas neutralised and a UTF-8 BOM (csv-safe.ts) so that Excel reads it.
 */
import { toCsv } from '../lib/csv-safe';
import { shanghaiDate } from '../lib/deadlines';
import type { InboxFilter, InboxItem } from '../lib/inbox';
import { kindLabel } from '../lib/petition-schema';
import { settings } from '../lib/settings';
import { INBOX_COLUMNS, inboxItems, inboxOrder, inboxWhere, type InboxRow } from './case-inbox';
import type { Database } from './platform/database';

/** Most rows one CSV export holds; a larger office filters first. */
export const EXPORT_MAX_ROWS = 50_000;

/** Every matching case for the CSV export (same filter and order as the inbox, no paging). */
export async function exportCases(db: Database, filter: InboxFilter, now: Date): Promise<InboxItem[]> {
  const where = inboxWhere(db, filter, shanghaiDate(now));
  const { results } = await db
    .prepare(`SELECT ${INBOX_COLUMNS} FROM petitions p ${where.sql} ${inboxOrder(filter).sql} LIMIT ?`)
    .bind(...where.binds, EXPORT_MAX_ROWS)
    .all<InboxRow>();
  return inboxItems(db, results, now);
}

/** Rows of the CSV export; toCsv neutralises formulas and adds the BOM (csv-safe.ts). */
export function exportRows(cases: readonly InboxItem[]): (string | number | null)[][] {
  const header = [
    '查询码',
    '标题',
    '阶段',
    '状态',
    '类别',
    '问题类别',
    '属地',
    '承办单位',
    '提交时间',
    '下一期限',
    '到期日',
    '剩余天数',
    '是否超期',
  ];
  return [
    header,
    ...cases.map((c) => [
      c.code,
      c.title,
      c.stageLabel,
      c.statusLabel,
      kindLabel(c.kind),
      c.issueAreaName,
      c.regionName,
      c.unit,
      c.createdAt,
      c.next?.label ?? null,
      c.next?.due ?? null,
      c.next?.daysLeft ?? null,
      c.overdue ? '是' : '否',
    ]),
  ];
}

export const EXPORT_FILENAME = () => `${settings.office.name}-信访事项-${shanghaiDate(new Date())}.csv`;

/** The export as the file to download: its Chinese name and its text. */
export async function exportCsv(
  db: Database,
  filter: InboxFilter,
  now: Date,
): Promise<{ filename: string; csv: string }> {
  const cases = await exportCases(db, filter, now);
  return { filename: EXPORT_FILENAME(), csv: toCsv(exportRows(cases)) };
}
