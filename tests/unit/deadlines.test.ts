import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  daysLeft,
  describeDaysLeft,
  nextDeadline,
  openReviewWindow,
  periodEnd,
  shanghaiDate,
  workingDaysEnd,
  type DeadlineEvent,
} from '../../src/lib/deadlines';
import {
  HOLIDAY_DATA_YEARS,
  holidayName,
  isMakeupWorkday,
  isWorkingDay,
  statutoryHolidays,
} from '../../src/lib/holidays';

// An event at 10:00 Beijing time on the given date.
const at = (date: string, type: string, data?: Record<string, unknown>): DeadlineEvent => ({
  type,
  at: `${date}T02:00:00Z`,
  data: data ?? null,
});
const noon = (date: string) => `${date}T04:00:00Z`;

describe('holiday data', () => {
  // Deliberately uses the real clock. The State Council publishes next year's arrangement each
  // November or December (the latest in the past twenty years was 16 December). The current year's
  // arrangement must always be there; next year's must be there from 20 December on. Before then
  // next year's deadlines rest on the statutory holidays alone and are labelled estimates.
  it('has the published arrangement for the current year, and for the next year from 20 December (update chinese-days when this fails)', () => {
    const today = shanghaiDate(new Date());
    const year = Number(today.slice(0, 4));
    const required = today >= `${year}-12-20` ? [year, year + 1] : [year];
    const missing = required.filter((y) => !HOLIDAY_DATA_YEARS.includes(y));
    expect(
      missing,
      `节假日数据缺少 ${missing.join('、')} 年的国务院安排：请运行 npm install chinese-days@latest`,
    ).toEqual([]);
  });

  it('falls back to the statutory holidays for a year without a published arrangement, as estimates', () => {
    const next = Number(shanghaiDate(new Date()).slice(0, 4)) + 1;
    const baseline = statutoryHolidays(next);
    // 元旦 1 + 春节 4 + 清明 1 + 劳动节 2 + 端午 1 + 中秋 1 + 国庆 3 (they may overlap in a rare year).
    expect(Object.keys(baseline).length).toBeGreaterThanOrEqual(12);
    expect(new Set(Object.values(baseline))).toEqual(
      new Set(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']),
    );
    if (!HOLIDAY_DATA_YEARS.includes(next)) {
      expect(holidayName(`${next}-10-02`)).toBe('国庆节');
      expect(isWorkingDay(`${next}-10-02`)).toBe(false);
    }
  });

  it('computes statutory holidays that the published arrangements of 2025 and 2026 all contain', () => {
    for (const year of [2025, 2026]) {
      for (const [day, name] of Object.entries(statutoryHolidays(year))) {
        expect(holidayName(day), `${day} ${name}`).not.toBeNull();
      }
    }
    // 2027: 除夕 is 5 February and 中秋 15 September (lunar calendar).
    expect(statutoryHolidays(2027)['2027-02-05']).toBe('春节');
    expect(statutoryHolidays(2027)['2027-09-15']).toBe('中秋节');
  });

  it('knows the 2026 National Day holiday and its make-up working days', () => {
    expect(holidayName('2026-10-01')).toBe('国庆节');
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    // 2026-09-20 is a Sunday and 2026-10-10 a Saturday, both worked (调休上班).
    expect(isMakeupWorkday('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('knows the 2026 Spring Festival holiday and its make-up working days', () => {
    expect(holidayName('2026-02-17')).toBe('春节');
    expect(isWorkingDay('2026-02-23')).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
  });
});

describe('day counting', () => {
  it('does not count the trigger day (民法典 201 by analogy)', () => {
    expect(periodEnd('2026-03-02', 15, 'calendar').due).toBe('2026-03-17');
    expect(periodEnd('2026-03-02', 15, 'calendar-roll-forward').due).toBe('2026-03-17');
  });

  it('moves a last day on a weekend to the Monday', () => {
    // 2026-11-22 is a Sunday.
    expect(periodEnd('2026-11-07', 15, 'calendar-roll-forward')).toEqual({
      due: '2026-11-23',
      rolledFrom: '2026-11-22',
      estimated: false,
    });
    expect(periodEnd('2026-11-07', 15, 'calendar')).toEqual({ due: '2026-11-22', rolledFrom: null, estimated: false });
  });

  it('moves a last day inside National Day to the first working day after it', () => {
    expect(periodEnd('2026-09-16', 15, 'calendar-roll-forward')).toEqual({
      due: '2026-10-08',
      rolledFrom: '2026-10-01',
      estimated: false,
    });
    expect(periodEnd('2026-09-16', 15, 'calendar').due).toBe('2026-10-01');
  });

  it('keeps a last day that falls on a make-up working day', () => {
    expect(periodEnd('2026-09-25', 15, 'calendar-roll-forward')).toEqual({
      due: '2026-10-10',
      rolledFrom: null,
      estimated: false,
    });
    expect(periodEnd('2026-01-30', 15, 'calendar-roll-forward').due).toBe('2026-02-14');
    expect(periodEnd('2026-02-13', 15, 'calendar-roll-forward').due).toBe('2026-02-28');
  });

  it('moves a 60-day period ending in the Spring Festival past the holiday', () => {
    expect(periodEnd('2025-12-18', 60, 'calendar-roll-forward')).toEqual({
      due: '2026-02-24',
      rolledFrom: '2026-02-16',
      estimated: false,
    });
  });

  it('counts working days across a make-up Sunday before National Day', () => {
    // Fri 18 Sep; Sat 19 rest; Sun 20 worked (1); 21, 22, 23, 24 -> fifth working day on Thu 24.
    expect(workingDaysEnd('2026-09-18', 5).due).toBe('2026-09-24');
  });

  it('counts working days across the National Day holiday and the make-up Saturday', () => {
    // 30 Sep (1); 1-7 Oct holiday; 8 (2), 9 (3), Sat 10 worked (4), Sun 11 rest, Mon 12 (5).
    expect(workingDaysEnd('2026-09-29', 5).due).toBe('2026-10-12');
  });

  it('counts working days across the Spring Festival', () => {
    // Thu 12 Feb (1), Fri 13 (2), Sat 14 worked (3), 15-23 holiday, Tue 24 (4), Wed 25 (5).
    expect(workingDaysEnd('2026-02-11', 5).due).toBe('2026-02-25');
  });

  it('flags a date in a year without holiday data as an estimate', () => {
    const end = periodEnd('2026-12-20', 30, 'calendar-roll-forward');
    expect(end.estimated).toBe(HOLIDAY_DATA_YEARS.includes(2027) ? false : true);
    expect(periodEnd('2026-03-02', 15, 'calendar-roll-forward').estimated).toBe(false);
  });

  it('uses the Beijing date of an instant', () => {
    expect(shanghaiDate('2026-09-30T15:59:59Z')).toBe('2026-09-30');
    expect(shanghaiDate('2026-09-30T16:00:00Z')).toBe('2026-10-01');
  });

  it('tells the days left in plain words', () => {
    expect(daysLeft('2026-10-08', '2026-10-01')).toBe(7);
    expect(describeDaysLeft(7)).toBe('还剩 7 天');
    expect(describeDaysLeft(0)).toBe('今天到期');
    expect(describeDaysLeft(-3)).toBe('已超期 3 天');
  });
});

describe('deadlines of a case', () => {
  const rule = 'calendar-roll-forward' as const;

  it('runs the triage clock from receipt, so an unregistered petition turns overdue (Art. 22, 44(一))', () => {
    const events = [at('2026-09-14', 'submitted')];
    const [triage] = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-09-15'), rule });
    // 14 Sep + 15 = Tuesday 29 September.
    expect(triage).toMatchObject({ kind: 'triage', start: '2026-09-14', due: '2026-09-29', status: 'running' });
    const late = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-09-30'), rule });
    expect(late[0]).toMatchObject({ kind: 'triage', status: 'overdue', daysLeft: -1 });
  });

  it('does not stop the triage clock at registration, only at a transfer, assignment or other outcome', () => {
    const events = [at('2026-09-16', 'submitted'), at('2026-09-18', 'register')];
    const [triage] = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-09-30'), rule });
    // Counted from receipt (16 Sep), not registration: 1 October, National Day, rolls to 8 October.
    expect(triage).toMatchObject({
      start: '2026-09-16',
      due: '2026-10-08',
      rolledFrom: '2026-10-01',
      status: 'running',
      daysLeft: 8,
    });
    const later = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-10-09'), rule });
    expect(later[0]).toMatchObject({ status: 'overdue', daysLeft: -1 });
    expect(nextDeadline(later)?.kind).toBe('triage');
  });

  it('counts a letter from the day it was received, which staff enter when registering it', () => {
    const events = [at('2026-10-09', 'register', { receivedOn: '2026-09-30' })];
    const [triage] = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-10-09'), rule });
    // 30 Sep + 15 = 15 October (a Thursday).
    expect(triage).toMatchObject({ start: '2026-09-30', due: '2026-10-15' });
  });

  it('gives a petition filed directly with a body the written notice of Art. 23 ¶2 instead of triage', () => {
    const events = [at('2026-01-31', 'submitted', { intake: 'direct' })];
    const ds = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-02-01'), rule });
    expect(ds.map((d) => d.kind)).toEqual(['notice']);
    // Month end: 31 Jan + 15 = 15 February 2026, a Sunday inside the Spring Festival (15–23 Feb) -> 24 Feb.
    expect(ds[0]).toMatchObject({ start: '2026-01-31', due: '2026-02-24', rolledFrom: '2026-02-15' });
    expect(ds[0]!.basis).toMatchObject({ article: 23, paragraph: 2 });
    expect(ds[0]!.statute).toContain('能够当场告知的，应当当场书面告知');
    const told = computeDeadlines(
      { stage: 'original', kind: 'claim', events: [...events, at('2026-01-31', 'accept')] },
      { now: noon('2026-02-01'), rule },
    );
    expect(told[0]).toMatchObject({ status: 'done', doneAt: '2026-01-31', late: false });
  });

  it('marks triage done, late when taken after the last day', () => {
    const events = [at('2026-09-16', 'register'), at('2026-10-09', 'transfer', { unit: '示例县人社局' })];
    const ds = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-10-09'), rule });
    expect(ds.find((d) => d.kind === 'triage')).toMatchObject({
      status: 'done',
      doneAt: '2026-10-09',
      late: true,
      daysLeft: null,
    });
    expect(ds.find((d) => d.kind === 'notice')).toMatchObject({
      start: '2026-10-09',
      due: '2026-10-26',
      status: 'running',
    });
    // Fri 9 Oct; Sat 10 worked (1); Sun 11 rest; 12-15 Oct (2-5).
    expect(ds.find((d) => d.kind === 'objection')).toMatchObject({ due: '2026-10-15', public: false });
  });

  it('starts the assigned unit’s notice and the 指定办理期限 from the assignment', () => {
    const events = [
      at('2026-03-02', 'register'),
      at('2026-03-03', 'assign', { unit: '示例县住建局', dueDate: '2026-04-10' }),
    ];
    const ds = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-03-04'), rule });
    expect(ds.map((d) => d.kind)).toEqual(['triage', 'notice', 'objection', 'assigned']);
    expect(ds.find((d) => d.kind === 'assigned')).toMatchObject({ due: '2026-04-10', daysLeft: 37 });
  });

  it('closes the objection window once the unit accepts, and restarts triage after a return', () => {
    const accepted = [at('2026-03-02', 'register'), at('2026-03-03', 'transfer'), at('2026-03-05', 'accept')];
    expect(
      computeDeadlines({ stage: 'original', kind: 'claim', events: accepted }, { now: noon('2026-03-06'), rule }).map(
        (d) => d.kind,
      ),
    ).toEqual(['triage', 'notice', 'handle']);
    const returned = [at('2026-03-02', 'register'), at('2026-03-03', 'transfer'), at('2026-03-06', 'return')];
    const ds = computeDeadlines(
      { stage: 'original', kind: 'claim', events: returned },
      { now: noon('2026-03-06'), rule },
    );
    expect(ds.map((d) => d.kind)).toEqual(['triage']);
    expect(ds[0]).toMatchObject({ start: '2026-03-06', status: 'running' });
  });

  it('gives a 申诉求决 matter 60 days from acceptance, and a suggestion none (Art. 34)', () => {
    const events = [at('2025-12-17', 'register'), at('2025-12-18', 'accept')];
    const claim = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-01-10'), rule });
    expect(claim.find((d) => d.kind === 'handle')).toMatchObject({
      due: '2026-02-24',
      rolledFrom: '2026-02-16',
      status: 'running',
    });
    const suggestion = computeDeadlines(
      { stage: 'original', kind: 'suggestion', events },
      { now: noon('2026-01-10'), rule },
    );
    expect(suggestion.find((d) => d.kind === 'handle')).toBeUndefined();
  });

  it('adds the extension to the handling period, never more than 30 days', () => {
    const events = [
      at('2026-03-01', 'register'),
      at('2026-03-02', 'accept'),
      at('2026-04-20', 'extend', { days: 20, reason: '需要现场勘查' }),
    ];
    const handle = computeDeadlines(
      { stage: 'original', kind: 'claim', events },
      { now: noon('2026-04-21'), rule },
    ).find((d) => d.kind === 'handle');
    // 2 Mar + 80 days = 21 May 2026 (a Thursday).
    expect(handle).toMatchObject({ due: '2026-05-21', extensionDays: 20 });
    const tooLong = [...events.slice(0, 2), at('2026-04-20', 'extend', { days: 45 })];
    expect(
      computeDeadlines({ stage: 'original', kind: 'claim', events: tooLong }, { now: noon('2026-04-21'), rule }).find(
        (d) => d.kind === 'handle',
      )?.extensionDays,
    ).toBe(30);
  });

  it('keeps the 复查 window open until the day the citizen received the written reply is known (Art. 35)', () => {
    const events = [at('2026-03-01', 'register'), at('2026-03-02', 'accept'), at('2026-04-01', 'reply')];
    // Months after the reply, with no record of its receipt, the window is still open.
    const unknown = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-09-01'), rule });
    expect(openReviewWindow(unknown)).toMatchObject({
      kind: 'review-request',
      status: 'running',
      startKnown: false,
      daysLeft: null,
    });
    expect(openReviewWindow(unknown)?.countsFrom).toContain('收到书面答复之日');
  });

  it('runs the 复查 window from the day the reply was received, not the day it was written (Art. 35)', () => {
    const events = [
      at('2026-03-01', 'register'),
      at('2026-03-02', 'accept'),
      at('2026-03-31', 'reply'),
      // Posted on 31 March, signed for on 3 April: staff enter the date of delivery.
      at('2026-04-07', 'reply_delivered', { how: 'post', receivedOn: '2026-04-03' }),
    ];
    const open = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-04-20'), rule });
    // 3 Apr + 30 = 3 May, inside the Labour Day holiday (1-5 May 2026) -> 6 May.
    expect(openReviewWindow(open)).toMatchObject({
      kind: 'review-request',
      start: '2026-04-03',
      due: '2026-05-06',
      rolledFrom: '2026-05-03',
      startKnown: true,
      party: 'citizen',
    });
    // Counted from the reply (31 Mar) the window would have closed on 30 April; it has not.
    expect(
      openReviewWindow(
        computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-05-05'), rule }),
      ),
    ).not.toBeNull();
    const closed = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-05-07'), rule });
    expect(closed.find((d) => d.kind === 'review-request')?.status).toBe('expired');
    expect(openReviewWindow(closed)).toBeNull();
    const used = computeDeadlines(
      { stage: 'original', kind: 'claim', events: [...events, at('2026-04-10', 'request_review')] },
      { now: noon('2026-05-07'), rule },
    );
    expect(used.find((d) => d.kind === 'review-request')).toMatchObject({ status: 'done', doneAt: '2026-04-10' });
  });

  it('counts the window from the day the reply was opened on the tracking page, across a month end', () => {
    const events = [at('2026-01-05', 'register'), at('2026-01-06', 'accept'), at('2026-01-29', 'reply')];
    const opened = [...events, at('2026-01-31', 'reply_delivered', { how: 'tracking-page' })];
    const w = openReviewWindow(
      computeDeadlines({ stage: 'original', kind: 'claim', events: opened }, { now: noon('2026-02-01'), rule }),
    );
    // 31 Jan + 30 = 2 March 2026 (February has 28 days), a Monday.
    expect(w).toMatchObject({ start: '2026-01-31', due: '2026-03-02', rolledFrom: null });
  });

  it('gives no 复查 window to a suggestion or an accusation, and none after a 复核 (Art. 35, 36 ¶3)', () => {
    const events = [
      at('2026-03-01', 'register'),
      at('2026-03-02', 'accept'),
      at('2026-04-01', 'reply', { receivedOn: '2026-04-01' }),
    ];
    for (const kind of ['suggestion', 'accusation']) {
      const ds = computeDeadlines({ stage: 'original', kind, events }, { now: noon('2026-04-02'), rule });
      expect(ds.map((d) => d.kind)).not.toContain('review-request');
    }
    const recheck = [
      at('2026-03-01', 'submitted'),
      at('2026-03-02', 'accept'),
      at('2026-03-20', 'reply', { receivedOn: '2026-03-20' }),
    ];
    const ds = computeDeadlines(
      { stage: 'recheck', kind: 'claim', events: recheck },
      { now: noon('2026-03-21'), rule },
    );
    expect(ds.map((d) => d.kind)).toEqual(['recheck-decision']);
  });

  it('follows the kind staff set: the 60 days of Art. 34 only for a 申诉求决 matter', () => {
    const events = [at('2026-03-01', 'submitted'), at('2026-03-02', 'register'), at('2026-03-03', 'accept')];
    const asSuggestion = computeDeadlines(
      { stage: 'original', kind: 'suggestion', events },
      { now: noon('2026-03-04'), rule },
    );
    expect(asSuggestion.map((d) => d.kind)).not.toContain('handle');
    const corrected = [...events, at('2026-03-04', 'reclassify', { kind: 'claim', reason: '实为请求解决拖欠工资' })];
    const handle = computeDeadlines(
      { stage: 'original', kind: 'suggestion', events: corrected },
      { now: noon('2026-03-05'), rule },
    ).find((d) => d.kind === 'handle');
    // 3 Mar + 60 = 2 May, inside the Labour Day holiday -> 6 May.
    expect(handle).toMatchObject({ start: '2026-03-03', due: '2026-05-06' });
    const back = [...corrected, at('2026-03-06', 'reclassify', { kind: 'suggestion' })];
    expect(
      computeDeadlines({ stage: 'original', kind: 'suggestion', events: back }, { now: noon('2026-03-07'), rule }).map(
        (d) => d.kind,
      ),
    ).not.toContain('handle');
  });

  it('gives a 复查 case 30 days and no 60-day clock, and a 复查 hearing does not stop it', () => {
    const events = [at('2026-04-10', 'submitted'), at('2026-04-11', 'accept'), at('2026-04-12', 'hearing_start')];
    const ds = computeDeadlines({ stage: 'review', kind: 'claim', events }, { now: noon('2026-04-20'), rule });
    expect(ds.map((d) => d.kind)).toEqual(['review-decision']);
    expect(ds[0]).toMatchObject({ status: 'running', pausedDays: 0 });
  });

  it('gives a 复查 case 30 days from receipt of the request and then a 复核 window', () => {
    const events = [at('2026-04-10', 'submitted'), at('2026-04-11', 'register'), at('2026-04-12', 'accept')];
    const ds = computeDeadlines({ stage: 'review', kind: 'claim', events }, { now: noon('2026-04-12'), rule });
    expect(ds.map((d) => d.kind)).toEqual(['review-decision']);
    expect(ds[0]).toMatchObject({ start: '2026-04-10', due: '2026-05-11', rolledFrom: '2026-05-10' });
    const replied = computeDeadlines(
      { stage: 'review', kind: 'claim', events: [...events, at('2026-05-08', 'reply')] },
      { now: noon('2026-05-08'), rule },
    );
    expect(replied.map((d) => [d.kind, d.status])).toEqual([
      ['review-decision', 'done'],
      ['recheck-request', 'running'],
    ]);
  });

  it('does not count hearing days in the 复核 period (Art. 36 ¶2)', () => {
    const base = [at('2026-06-01', 'submitted'), at('2026-06-01', 'register'), at('2026-06-02', 'accept')];
    const plain = computeDeadlines(
      { stage: 'recheck', kind: 'claim', events: base },
      { now: noon('2026-06-03'), rule },
    )[0];
    expect(plain).toMatchObject({ due: '2026-07-01', pausedDays: 0 });
    const during = computeDeadlines(
      { stage: 'recheck', kind: 'claim', events: [...base, at('2026-06-10', 'hearing_start')] },
      { now: noon('2026-06-12'), rule },
    )[0];
    expect(during).toMatchObject({ status: 'paused', pausedDays: 3 });
    const after = computeDeadlines(
      {
        stage: 'recheck',
        kind: 'claim',
        events: [...base, at('2026-06-10', 'hearing_start'), at('2026-06-14', 'hearing_end')],
      },
      { now: noon('2026-06-20'), rule },
    )[0];
    // 5 hearing days (10-14 June) are added: 1 June + 35 = 6 July (a Monday).
    expect(after).toMatchObject({ status: 'running', pausedDays: 5, due: '2026-07-06' });
    // A 复核 case opens no further window: the complaint becomes final.
    const replied = computeDeadlines(
      { stage: 'recheck', kind: 'claim', events: [...base, at('2026-06-25', 'reply')] },
      { now: noon('2026-06-26'), rule },
    );
    expect(replied.map((d) => d.kind)).toEqual(['recheck-decision']);
  });

  it('orders the next deadline overdue first', () => {
    const events = [
      at('2026-03-02', 'register'),
      at('2026-03-03', 'assign', { unit: '示例县住建局', dueDate: '2026-03-05' }),
    ];
    const ds = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-03-09'), rule });
    expect(nextDeadline(ds)).toMatchObject({ kind: 'assigned', status: 'overdue', daysLeft: -4 });
    expect(nextDeadline(ds, 'citizen')).toBeNull();
  });
});
