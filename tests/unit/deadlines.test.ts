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

  it('starts no clock before registration', () => {
    expect(
      computeDeadlines(
        { stage: 'original', kind: 'claim', events: [at('2026-09-14', 'submitted')] },
        { now: noon('2026-09-15'), rule },
      ),
    ).toEqual([]);
  });

  it('runs the 15-day triage clock from registration across National Day (Art. 22)', () => {
    const events = [at('2026-09-15', 'submitted'), at('2026-09-16', 'register')];
    const [triage] = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-09-30'), rule });
    expect(triage).toMatchObject({
      kind: 'triage',
      start: '2026-09-16',
      due: '2026-10-08',
      status: 'running',
      daysLeft: 8,
    });
    const later = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-10-09'), rule });
    expect(later[0]).toMatchObject({ status: 'overdue', daysLeft: -1 });
    expect(nextDeadline(later)?.kind).toBe('triage');
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

  it('opens the citizen’s 30-day 复查 window at the written reply and closes it after (Art. 35)', () => {
    const events = [at('2026-03-01', 'register'), at('2026-03-02', 'accept'), at('2026-04-01', 'reply')];
    const open = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-04-20'), rule });
    expect(openReviewWindow(open)).toMatchObject({ kind: 'review-request', due: '2026-05-06', party: 'citizen' });
    // 1 Apr + 30 = 1 May, Labour Day holiday (1-5 May 2026) -> 6 May.
    expect(openReviewWindow(open)?.rolledFrom).toBe('2026-05-01');
    const closed = computeDeadlines({ stage: 'original', kind: 'claim', events }, { now: noon('2026-05-07'), rule });
    expect(closed.find((d) => d.kind === 'review-request')?.status).toBe('expired');
    expect(openReviewWindow(closed)).toBeNull();
    const used = computeDeadlines(
      { stage: 'original', kind: 'claim', events: [...events, at('2026-04-10', 'request_review')] },
      { now: noon('2026-05-07'), rule },
    );
    expect(used.find((d) => d.kind === 'review-request')).toMatchObject({ status: 'done', doneAt: '2026-04-10' });
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
