/**
 * What a receipt (回执) says, shared by the receipt page and the receipt mail: the code, when it was
 * received, the kind of matter, the title, where to track it, and the statutory time limits.
 * Nothing personal.
 */
import { formatChineseDate } from '../lib/chinese-date';
import { kindLabel } from '../lib/petition-schema';
import { formatCode } from '../lib/tracking-code';
import { periodEnd, shanghaiDate } from '../lib/deadlines';
import { articleLabel } from '../lib/law-links';
import { keyedHash, keyedHashes, matchesAny } from './crypto';
import type { PetitionRecord } from './petition-store';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 2026年11月22日 10:31 (Asia/Shanghai, which has had no daylight saving since 1991). */
export function formatShanghaiDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export { formatChineseDate };

export interface ReceiptDeadline {
  /** What happens by then. */
  label: string;
  /** The date, or the rule when no date can be computed yet. */
  when: string;
  /** e.g. 《信访工作条例》第二十二条 */
  basis: string;
}

/**
 * The time limits as they apply from the day of receipt, on the assumption that the office
 * registers the petition when it arrives; shown as 预计 because the regulation fixes no start day.
 */
export function receiptDeadlines(petition: Pick<PetitionRecord, 'createdAt' | 'kind'>): ReceiptDeadline[] {
  const start = shanghaiDate(petition.createdAt);
  const triage = periodEnd(start, 15);
  const notice = periodEnd(start, 30);
  const list: ReceiptDeadline[] = [
    {
      label: '信访部门登记，并决定转送、交办或直接受理',
      when: `预计 ${formatChineseDate(triage.due)} 前（收到后 15 日内）`,
      basis: `《信访工作条例》${articleLabel(22)}`,
    },
    {
      label: '有权处理的机关、单位书面告知您是否受理、怎样办理',
      when: `收到转送、交办后 15 日内；按上一项推算，预计 ${formatChineseDate(notice.due)} 前`,
      basis: `《信访工作条例》${articleLabel(23)}`,
    },
  ];
  if (petition.kind === 'claim') {
    list.push({
      label: '申诉求决类事项办结，并出具书面处理意见',
      when: '自受理之日起 60 日内；情况复杂的，经批准可延长，最多 30 日，并告知您延期理由',
      basis: `《信访工作条例》${articleLabel(34)}`,
    });
  }
  return list;
}

/** Short tag that makes a receipt URL unguessable from its code alone. */
export async function receiptTag(env: { HASH_KEY: string }, code: string): Promise<string> {
  return (await keyedHash(env, 'receipt', code)).slice(0, 16);
}

/** Any configured hash key: links handed out before a hash-key rotation keep working. */
export async function isValidReceiptTag(env: { HASH_KEY: string }, code: string, tag: string): Promise<boolean> {
  return matchesAny((await keyedHashes(env, 'receipt', code)).map((h) => h.slice(0, 16)), tag);
}

export async function receiptPath(env: { HASH_KEY: string }, code: string): Promise<string> {
  return `/petition/receipt/?code=${code}&t=${await receiptTag(env, code)}`;
}

export function trackUrl(origin: string, code: string): string {
  return `${origin}/track/?code=${formatCode(code)}`;
}

export interface ReceiptFacts {
  code: string;
  codeFormatted: string;
  receivedAt: string;
  kind: string;
  title: string;
  trackUrl: string;
  deadlines: ReceiptDeadline[];
}

export function receiptFacts(petition: PetitionRecord, origin: string): ReceiptFacts {
  return {
    code: petition.code,
    codeFormatted: formatCode(petition.code),
    receivedAt: formatShanghaiDateTime(petition.createdAt),
    kind: kindLabel(petition.kind),
    title: petition.title,
    trackUrl: trackUrl(origin, petition.code),
    deadlines: receiptDeadlines(petition),
  };
}
