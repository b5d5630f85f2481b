/**
 * What a receipt (回执) says, shared by the receipt page and the receipt mail: the code, when it was
 * received, the kind of matter, the title, where to track it, and the statutory time limits.
 * Nothing personal.
 */
import { formatChineseDate } from '../lib/chinese-date';
import { kindLabel } from '../lib/petition-schema';
import { formatCode } from '../lib/tracking-code';
import { periodEnd, shanghaiDate } from '../lib/deadlines';
import { cite, citationText } from '../lib/law-cite';
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
  /** e.g. 《信访工作条例》第二十二条第一款 */
  basis: string;
  /** The words of that article the line rests on (always set by receiptDeadlines). */
  quote?: string;
}

const TRIAGE = cite(22, '各级党委和政府信访部门收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理', {
  paragraph: 1,
});
const NOTICE = cite(23, '有关机关、单位应当自收到之日起15日内书面告知信访人接收情况以及处理途径和程序', {
  paragraph: 3,
});
const HANDLE = cite(
  34,
  '对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由',
);
const line = (label: string, when: string, c: typeof TRIAGE): ReceiptDeadline => ({
  label,
  when,
  basis: citationText(c),
  quote: c.quote,
});

/**
 * The time limits as they apply from the day of receipt (Art. 22 runs from receipt, not from
 * registration); shown as 预计 because the regulation fixes no start day and the second step waits
 * on the first.
 */
export function receiptDeadlines(petition: Pick<PetitionRecord, 'createdAt' | 'kind'>): ReceiptDeadline[] {
  const start = shanghaiDate(petition.createdAt);
  const triage = periodEnd(start, 15);
  const notice = periodEnd(start, 30);
  const list: ReceiptDeadline[] = [
    line(
      '信访部门登记，并转送或者交办有权处理的机关、单位',
      `预计 ${formatChineseDate(triage.due)} 前（收到后 15 日内）`,
      TRIAGE,
    ),
    line(
      '收到转送、交办的机关、单位书面告知您接收情况以及处理途径和程序',
      `收到转送、交办后 15 日内；按上一项推算，预计 ${formatChineseDate(notice.due)} 前`,
      NOTICE,
    ),
  ];
  // Art. 34's 60 days are for 申诉求决 matters handled under Art. 31(6); staff may still reclassify.
  if (petition.kind === 'claim') {
    list.push(
      line(
        '申诉求决类事项办结，并出具信访处理意见书',
        '自受理之日起 60 日内；情况复杂的，经批准可延长，最多 30 日，并告知您延期理由',
        HANDLE,
      ),
    );
  }
  return list;
}

const REVIEW_DECISION = {
  review: cite(35, '收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见'),
  recheck: cite(36, '收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见', { paragraph: 1 }),
} as const;

/**
 * A 复查 or 复核 request's one time limit: the decision within 30 days of receiving the request
 * (Art. 35 ¶1, Art. 36 ¶1); the 15-day triage of a first petition does not apply to it.
 */
export function reviewReceiptDeadlines(stage: 'review' | 'recheck', createdAt: string): ReceiptDeadline[] {
  const due = periodEnd(shanghaiDate(createdAt), 30);
  const word = stage === 'review' ? '复查' : '复核';
  return [
    line(
      `上一级机关、单位作出${word}意见`,
      `预计 ${formatChineseDate(due.due)} 前（收到请求之日起 30 日内）`,
      REVIEW_DECISION[stage],
    ),
  ];
}

/** Short tag that makes a receipt URL unguessable from its code alone. */
export async function receiptTag(env: { HASH_KEY: string }, code: string): Promise<string> {
  return (await keyedHash(env, 'receipt', code)).slice(0, 16);
}

/** The shape of a receipt tag (16 hex digits): a value that cannot be one is no tag. */
export function isWellFormedReceiptTag(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{16}$/.test(v);
}

/** Any configured hash key: links handed out before a hash-key rotation keep working. */
export async function isValidReceiptTag(env: { HASH_KEY: string }, code: string, tag: string): Promise<boolean> {
  return matchesAny(
    (await keyedHashes(env, 'receipt', code)).map((h) => h.slice(0, 16)),
    tag,
  );
}

export async function receiptPath(env: { HASH_KEY: string }, code: string): Promise<string> {
  return `/petition/receipt/?code=${code}&t=${await receiptTag(env, code)}`;
}

/**
 * The tracking link handed to the owner (receipt, its QR code, mails, the intake slip). It carries
 * the receipt tag, so the owner's lookups count in the code's tagged budget (track.ts): a stranger
 * who knows only the code cannot use it up.
 */
export function trackUrl(origin: string, code: string, tag: string): string {
  return `${origin}/track/?code=${formatCode(code)}&t=${tag}`;
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

/** `tag`: receiptTag(env, petition.code), for the tracking link. */
export function receiptFacts(petition: PetitionRecord, origin: string, tag: string): ReceiptFacts {
  return {
    code: petition.code,
    codeFormatted: formatCode(petition.code),
    receivedAt: formatShanghaiDateTime(petition.createdAt),
    kind: kindLabel(petition.kind),
    title: petition.title,
    trackUrl: trackUrl(origin, petition.code, tag),
    deadlines: receiptDeadlines(petition),
  };
}
