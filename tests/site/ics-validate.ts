// Strict RFC 5545 checks for the reception calendars, plus an independent parse with ical.js
// (Mozilla's parser, used by Thunderbird) so that our own reading of the RFC is not the only judge.
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  summary: string;
  location: string;
  description: string;
  /** Start and end as instants, resolved through the calendar's own VTIMEZONE. */
  start: Date;
  end: Date;
  /** Start as written (wall clock in its zone), e.g. 2026-11-26T09:00:00. */
  startLocal: string;
  startZone: string;
}

const octets = (s: string) => new TextEncoder().encode(s).length;

/** Returns every rule the text breaks; an empty list means valid. */
export function icsProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('file does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) problems.push('bare CR or LF: every line must end with CRLF');
  const physical = text.split('\r\n').slice(0, -1);
  physical.forEach((line, i) => {
    if (octets(line) > 75) problems.push(`line ${i + 1} is ${octets(line)} octets (max 75): ${line.slice(0, 30)}…`);
    if (line === '') problems.push(`line ${i + 1} is empty`);
    if (line.includes('\uFFFD')) problems.push(`line ${i + 1} holds a broken character`);
  });
  // The fold must not cut a UTF-8 sequence: re-decoding the folded bytes must give back the text.
  const bytes = new TextEncoder().encode(text);
  if (new TextDecoder('utf-8', { fatal: true }).decode(bytes) !== text) problems.push('not valid UTF-8');

  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
  if (lines[0] !== 'BEGIN:VCALENDAR') problems.push('first line must be BEGIN:VCALENDAR');
  if (lines.at(-1) !== 'END:VCALENDAR') problems.push('last line must be END:VCALENDAR');
  const stack: string[] = [];
  for (const l of lines) {
    if (l.startsWith('BEGIN:')) stack.push(l.slice(6));
    else if (l.startsWith('END:') && stack.pop() !== l.slice(4)) problems.push(`unbalanced ${l}`);
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  const once = (block: string[], name: string, where: string) => {
    const n = block.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)).length;
    if (n !== 1) problems.push(`${where}: ${name} appears ${n} times (must be once)`);
  };
  const calendarProps = lines.filter((l) => !l.startsWith(' '));
  once(calendarProps, 'VERSION', 'VCALENDAR');
  once(calendarProps, 'PRODID', 'VCALENDAR');
  if (!lines.includes('VERSION:2.0')) problems.push('VERSION must be 2.0');

  const zones = blocks(lines, 'VTIMEZONE');
  if (zones.length !== 1 || !zones[0]!.includes('TZID:Asia/Shanghai'))
    problems.push('needs exactly one VTIMEZONE with TZID:Asia/Shanghai');
  const events = blocks(lines, 'VEVENT');
  events.forEach((ev, i) => {
    const where = `VEVENT ${i + 1}`;
    for (const p of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'LOCATION', 'DESCRIPTION']) once(ev, p, where);
    const stamp = ev.find((l) => l.startsWith('DTSTAMP'));
    if (stamp && !/^DTSTAMP:\d{8}T\d{6}Z$/.test(stamp)) problems.push(`${where}: DTSTAMP must be a UTC date-time`);
    for (const p of ['DTSTART', 'DTEND']) {
      const l = ev.find((x) => x.startsWith(p));
      if (l && !new RegExp(`^${p};TZID=Asia/Shanghai:\\d{8}T\\d{6}$`).test(l))
        problems.push(`${where}: ${p} must be ${p};TZID=Asia/Shanghai:YYYYMMDDTHHMMSS, got ${l}`);
    }
    for (const p of ['SUMMARY', 'LOCATION', 'DESCRIPTION']) {
      const l = ev.find((x) => x.startsWith(`${p}:`));
      const value = l?.slice(p.length + 1) ?? '';
      // TEXT values escape , ; and \ (RFC 5545 §3.3.11).
      if (/(?<!\\)[,;]/.test(value.replace(/\\\\/g, ''))) problems.push(`${where}: ${p} has an unescaped , or ;`);
    }
  });
  return problems;
}

function blocks(lines: string[], name: string): string[][] {
  const out: string[][] = [];
  let current: string[] | null = null;
  for (const l of lines) {
    if (l === `BEGIN:${name}`) current = [];
    else if (l === `END:${name}`) {
      if (current) out.push(current);
      current = null;
    } else current?.push(l);
  }
  return out;
}

/** Parses with ical.js, resolving times through the calendar's VTIMEZONE. Throws on syntax errors. */
export function parseEvents(text: string): ParsedEvent[] {
  const cal = ICAL.Component.fromString(text);
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  return cal.getAllSubcomponents('vevent').map((c) => {
    const ev = new ICAL.Event(c);
    return {
      uid: ev.uid,
      summary: ev.summary,
      location: ev.location,
      description: ev.description,
      start: ev.startDate.toJSDate(),
      end: ev.endDate.toJSDate(),
      startLocal: ev.startDate.toString(),
      startZone: ev.startDate.zone?.tzid ?? '',
    };
  });
}
