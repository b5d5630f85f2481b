/**
 * Labels and dates for the console, taken from the same lists the server and the forms use
 * (settings, petition kinds, workflow states), so the console never spells a status its own way.
 */
import { settings } from '../../lib/settings';
import { PETITION_KINDS } from '../../lib/petition-schema';
import { CASE_STAGES, CASE_STATES, STATES, STAGE_LABELS, CaseStageSchema, CaseStateSchema } from '../../lib/workflow';

export { articleLink } from '../../lib/law-links';
export { formatChineseDate as formatDate } from '../../lib/chinese-date';
export { kindLabel } from '../../lib/petition-schema';
export { regionName as regionLabel, issueAreaName as issueAreaLabel } from '../../lib/settings';

export const KIND_OPTIONS = PETITION_KINDS.map((k) => ({ id: k.id, label: k.label }));
export const STATUS_OPTIONS = CASE_STATES.map((s) => ({ id: s, label: STATES[s].label }));
export const STAGE_OPTIONS = CASE_STAGES.map((s) => ({ id: s, label: STAGE_LABELS[s] }));
export const REGION_OPTIONS = settings.regions;
export const ISSUE_AREA_OPTIONS = settings.issueAreas;

export function statusLabel(id: string): string {
  const s = CaseStateSchema.safeParse(id);
  return s.success ? STATES[s.data].label : id;
}
export function stageLabel(id: string): string {
  const s = CaseStageSchema.safeParse(id);
  return s.success ? STAGE_LABELS[s.data] : id;
}

/**
 * Days left in the words the console uses everywhere: 已超期 2 天 / 今天到期 / 剩 3 天. The tone is the
 * same as the tracking page's; staff read it in a table column, so it is one word shorter.
 */
export function daysLeftText(n: number): string {
  if (n < 0) return `已超期 ${-n} 天`;
  if (n === 0) return '今天到期';
  return `剩 ${n} 天`;
}

export function daysLeftClass(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'days-left';
  if (n < 0) return 'days-left overdue';
  if (n <= 3) return 'days-left soon';
  return 'days-left';
}

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant in Beijing time, e.g. 2026/11/22 10:31. */
export function formatAt(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : dateTime.format(d);
}
