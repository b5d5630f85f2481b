/**
 * iCalendar (RFC 5545) files for reception days: the whole feed (/schedules.ics) and one file per
 * reception (/schedules/<slug>.ics).
 *
 * The events are built by the `ics` package (escaping, required properties, validation), whose output
 * is then corrected in two ways it cannot be configured for:
 * - it writes times either in UTC ("Z") or floating (no zone at all); a reception is an appointment at
 *   a place in China, so we write DTSTART/DTEND;TZID=Asia/Shanghai with a matching VTIMEZONE, which
 *   calendar apps show correctly wherever the reader is and whatever the host's time zone at build time;
 * - it folds lines after 75 characters, but RFC 5545 §3.1 counts octets, and a Chinese character is
 *   three octets in UTF-8: we unfold and fold again at 75 octets, never inside a character.
 * See docs/staff.md (日历文件) for the reasoning in brief.
 */
import { createEvents, type EventAttributes } from 'ics';
import { RECEPTION_TZID, receptionEnd, receptionStart, shanghaiParts, type ReceptionTimes } from './schedule';

export interface IcsReception extends ReceptionTimes {
  /** Stable id of the entry (its file name without extension); the UID derives from it. */
  slug: string;
  leader: { name: string; post: string };
  place: string;
  topics: readonly string[];
  booking: string;
  video: boolean;
  /** Notes as plain text. */
  notes: string;
}

export interface CalendarOptions {
  /** Public origin, e.g. https://xinfang.example.gov.cn; used for URL and UID. */
  siteUrl: string;
  /** Calendar name shown by calendar apps (X-WR-CALNAME). */
  calName: string;
  /** Office name, for PRODID. */
  officeName: string;
}

/** Asia/Shanghai has had no daylight saving since 1991, so one STANDARD block describes it fully. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${RECEPTION_TZID}`,
  `X-LIC-LOCATION:${RECEPTION_TZID}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Path of the per-entry calendar file. */
export function receptionIcsPath(slug: string): string {
  return `/schedules/${slug}.ics`;
}

export function receptionSummary(r: Pick<IcsReception, 'leader'>): string {
  return `领导接访日：${r.leader.post}${r.leader.name}接待来访群众`;
}

function utcArray(d: Date): [number, number, number, number, number] {
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
}

function toEvent(r: IcsReception, opts: CalendarOptions): EventAttributes {
  const url = new URL(`/schedules/${r.slug}/`, opts.siteUrl).href;
  const description = [
    `接访领导：${r.leader.post} ${r.leader.name}`,
    `接访内容：${r.topics.length > 0 ? r.topics.join('、') : '不限'}`,
    `预约方式：${r.booking}`,
    `视频接访：${r.video ? '提供，可预约' : '不提供'}`,
    r.notes ? `说明：${r.notes}` : '',
    `详情：${url}`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    uid: `schedule-${r.slug}@${new URL(opts.siteUrl).hostname}`,
    // Built as UTC instants; rewritten to TZID=Asia/Shanghai below.
    start: utcArray(receptionStart(r)),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utcArray(receptionEnd(r)),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: receptionSummary(r),
    location: r.place,
    description,
    url,
    status: 'CONFIRMED',
    busyStatus: 'FREE',
    transp: 'TRANSPARENT',
    categories: ['领导接访日'],
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function toShanghaiLocal(utc: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(utc);
  if (!m) throw new Error(`unexpected UTC date-time from ics: ${utc}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const p = shanghaiParts(new Date(Date.UTC(y, mo - 1, d, h, mi, s)));
  return `${pad(p.y, 4)}${pad(p.m)}${pad(p.d)}T${pad(p.hh)}${pad(p.mm)}${pad(p.ss)}`;
}

const encoder = new TextEncoder();

/** Folds one content line at 75 octets (RFC 5545 §3.1), breaking only between characters. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    // Continuation lines begin with one space, which counts towards their 75 octets.
    if (octets + n > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** Rewrites the `ics` package's output: zone-aware times, a VTIMEZONE, folding by octets, CRLF. */
export function localiseCalendar(raw: string): string {
  const lines = raw
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const out: string[] = [];
  let zoneAdded = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT' && !zoneAdded) {
      out.push(...VTIMEZONE);
      zoneAdded = true;
    }
    // A calendar must hold at least one component (RFC 5545 §3.6), even when nothing is scheduled.
    if (line === 'END:VCALENDAR' && !zoneAdded) {
      out.push(...VTIMEZONE);
      zoneAdded = true;
    }
    const time = /^(DTSTART|DTEND):(\d{8}T\d{6}Z)$/.exec(line);
    out.push(time ? `${time[1]};TZID=${RECEPTION_TZID}:${toShanghaiLocal(time[2]!)}` : line);
  }
  return out.map(foldLine).join('\r\n') + '\r\n';
}

/** One VCALENDAR holding the given receptions (cancelled ones are left out by the caller). */
export function buildReceptionCalendar(receptions: readonly IcsReception[], opts: CalendarOptions): string {
  const { error, value } = createEvents(
    receptions.map((r) => toEvent(r, opts)),
    { productId: `-//${opts.officeName}//领导接访日//ZH`, method: 'PUBLISH', calName: opts.calName },
  );
  if (error || value === null) throw new Error('生成日历文件失败', { cause: error });
  return localiseCalendar(value);
}

/** Markdown notes as the plain text a calendar app shows. */
export function notesToPlainText(markdown: string | undefined): string {
  return (markdown ?? '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]/g, '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
