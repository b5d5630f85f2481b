import { describe, expect, it } from 'vitest';
import { createEvents } from 'ics';
import { buildReceptionCalendar, foldLine, notesToPlainText, type IcsReception } from '../../src/lib/schedule-ics';
import { icsProblems, parseEvents } from '../site/ics-validate';

const opts = { siteUrl: 'https://xinfang.example.gov.cn', calName: '示例县领导接访日', officeName: '示例县信访局' };

const reception: IcsReception = {
  slug: '2026-11-26-xianzhang',
  date: '2026-11-26',
  start: '09:00',
  end: '11:30',
  leader: { name: '李示范', post: '县委副书记、县长' },
  place: '示例县人民来访接待中心二楼领导接待室（人民路 100 号）',
  topics: ['征地拆迁', '劳动社保'],
  booking: '请于接访日前 3 个工作日拨打 0000-1234567 预约登记, 或到窗口登记; 当天也可排队。',
  video: true,
  notes: '县自然资源局负责同志陪同接访。\n已经进入诉讼程序的事项，请按照相应程序办理。',
};

describe('a reception calendar', () => {
  const text = buildReceptionCalendar([reception], opts);

  it('is valid RFC 5545: CRLF, lines of at most 75 octets, required properties, TZID and VTIMEZONE', () => {
    expect(icsProblems(text)).toEqual([]);
  });

  it('holds the appointment at 09:00-11:30 Beijing time, whatever the time zone of the build machine', () => {
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20261126T090000\r\n');
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20261126T113000\r\n');
    const [ev] = parseEvents(text);
    expect(ev!.start.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(ev!.end.toISOString()).toBe('2026-11-26T03:30:00.000Z');
    expect(ev!.startZone).toBe('Asia/Shanghai');
  });

  it('reads back in Chinese with the leader, place, booking and a link to the page', () => {
    const [ev] = parseEvents(text);
    expect(ev!.summary).toBe('领导接访日：县委副书记、县长李示范接待来访群众');
    expect(ev!.location).toBe(reception.place);
    expect(ev!.description).toContain(
      '预约方式：请于接访日前 3 个工作日拨打 0000-1234567 预约登记, 或到窗口登记; 当天也可排队。',
    );
    expect(ev!.description).toContain('接访内容：征地拆迁、劳动社保');
    expect(ev!.description).toContain('视频接访：提供');
    expect(ev!.description).toContain('https://xinfang.example.gov.cn/schedules/2026-11-26-xianzhang/');
  });

  it('keeps the same UID from build to build, so calendar apps update the event instead of duplicating it', () => {
    const again = buildReceptionCalendar([reception], opts);
    expect(parseEvents(again)[0]!.uid).toBe(parseEvents(text)[0]!.uid);
    expect(parseEvents(text)[0]!.uid).toBe('schedule-2026-11-26-xianzhang@xinfang.example.gov.cn');
  });

  it('is still a valid calendar when nothing is scheduled', () => {
    const empty = buildReceptionCalendar([], opts);
    expect(icsProblems(empty)).toEqual([]);
    expect(parseEvents(empty)).toEqual([]);
  });
});

describe('why the ics package output is post-processed', () => {
  it('fails the same checks as it comes: times in UTC without TZID, lines folded by characters not octets', () => {
    const { value } = createEvents([
      {
        start: [2026, 11, 26, 1, 0],
        startInputType: 'utc',
        end: [2026, 11, 26, 3, 30],
        endInputType: 'utc',
        title: '领导接访日',
        location: reception.place,
        description: reception.booking.repeat(3),
      },
    ]);
    const problems = icsProblems(value!);
    expect(problems.some((p) => p.includes('octets (max 75)'))).toBe(true);
    expect(problems.some((p) => p.includes('TZID=Asia/Shanghai'))).toBe(true);
  });
});

describe('folding', () => {
  it('breaks at 75 octets, never inside a Chinese character, and unfolds to the same text', () => {
    const line = `DESCRIPTION:${'接访'.repeat(60)}a${'信'.repeat(30)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a short line alone', () => {
    expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
  });
});

describe('notes', () => {
  it('become plain text paragraphs without Markdown marks', () => {
    expect(notesToPlainText('请带**身份证**。\n\n详见[走访指南](/guide/visit/)。\n')).toBe(
      '请带身份证。\n详见走访指南。',
    );
  });
});
