import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS, NO_DUE, nextDue, storedDueStatus, type DeadlineEvent } from '../../src/lib/deadlines';
import { HOLIDAY_DATA_YEARS } from '../../src/lib/holidays';
import { TERMINAL_STATES } from '../../src/lib/inbox';

// An event at 10:00 Beijing time on the given date.
const at = (date: string, type: string, data?: Record<string, unknown>): DeadlineEvent => ({
  type,
  at: `${date}T02:00:00Z`,
  data: data ?? null,
});
const rule = 'calendar-roll-forward' as const;
const original = (kind: string, events: DeadlineEvent[], terminal = false) =>
  nextDue({ stage: 'original', kind, events, terminal }, rule);

describe('the next due date a case stores (deadlines.nextDue)', () => {
  it('is the triage clock from receipt, before any registration (Art. 22)', () => {
    expect(original('claim', [at('2026-09-14', 'submitted')])).toEqual({
      at: '2026-09-29',
      kind: 'triage',
      paused: false,
    });
    expect(original('claim', [])).toEqual(NO_DUE);
  });

  it('is the 15-day triage clock from receipt, moved past National Day 2026', () => {
    const events = [at('2026-09-16', 'submitted'), at('2026-09-18', 'register')];
    expect(original('claim', events)).toEqual({ at: '2026-10-08', kind: 'triage', paused: false });
    // Counted without moving off rest days, the last day is 1 October itself.
    expect(nextDue({ stage: 'original', kind: 'claim', events }, 'calendar')).toEqual({
      at: '2026-10-01',
      kind: 'triage',
      paused: false,
    });
  });

  it('after a transfer is the earliest of the unit’s clocks: 5 working days across National Day', () => {
    const events = [at('2026-09-28', 'register'), at('2026-09-29', 'transfer', { unit: '示例县人社局' })];
    // 30 Sep (1); 1-7 Oct holiday; 8 (2), 9 (3), Sat 10 worked (4), Sun 11 rest, Mon 12 (5).
    // The 15-day notice would end on 14 October; the objection window ends first.
    expect(original('claim', events)).toEqual({ at: '2026-10-12', kind: 'objection', paused: false });
  });

  it('after acceptance of a 申诉求决 matter is the 60-day handling period; a suggestion then has none', () => {
    const events = [
      at('2026-09-28', 'register'),
      at('2026-09-29', 'transfer', { unit: '示例县人社局' }),
      at('2026-10-09', 'accept'),
    ];
    // 9 Oct + 60 = Tue 8 Dec 2026.
    expect(original('claim', events)).toEqual({ at: '2026-12-08', kind: 'handle', paused: false });
    expect(original('suggestion', events)).toEqual(NO_DUE);
  });

  it('moves a handling period that ends in the Spring Festival 2026 to the first working day after it', () => {
    const events = [at('2025-12-17', 'register'), at('2025-12-18', 'accept')];
    // 18 Dec 2025 + 60 = 16 Feb 2026 (春节, 15-23 Feb) -> Tue 24 Feb.
    expect(original('claim', events)).toEqual({ at: '2026-02-24', kind: 'handle', paused: false });
  });

  it('adds an extension to the handling period', () => {
    const events = [
      at('2026-03-01', 'register'),
      at('2026-03-02', 'accept'),
      at('2026-04-20', 'extend', { days: 20, reason: '需要现场勘查' }),
    ];
    expect(original('claim', events)).toEqual({ at: '2026-05-21', kind: 'handle', paused: false });
  });

  it('is a 指定办理期限 when it falls before the statutory clocks', () => {
    const events = [
      at('2026-03-02', 'register'),
      at('2026-03-03', 'assign', { unit: '示例县住建局', dueDate: '2026-03-05' }),
    ];
    expect(original('claim', events)).toEqual({ at: '2026-03-05', kind: 'assigned', paused: false });
  });

  it('has none for the office once the reply is out (the 复查 window is the citizen’s), nor in a terminal state', () => {
    const replied = [at('2026-03-01', 'register'), at('2026-03-02', 'accept'), at('2026-04-01', 'reply')];
    expect(original('claim', replied)).toEqual(NO_DUE);
    const assigned = [
      at('2026-03-02', 'register'),
      at('2026-03-03', 'assign', { unit: '示例县住建局', dueDate: '2026-03-20' }),
      at('2026-03-04', 'not_accept', { ground: 'art19-3' }),
    ];
    expect(original('claim', assigned)).toEqual({ at: '2026-03-20', kind: 'assigned', paused: false });
    expect(original('claim', [...assigned, at('2026-03-10', 'close')], true)).toEqual(NO_DUE);
  });

  it('gives a 复查 case 30 days from receipt, moved past the weekend', () => {
    const events = [at('2026-04-10', 'submitted')];
    // 10 Apr + 30 = Sun 10 May -> Mon 11 May.
    expect(nextDue({ stage: 'review', kind: 'claim', events }, rule)).toEqual({
      at: '2026-05-11',
      kind: 'review-decision',
      paused: false,
    });
  });

  it('stores no date while a 复核 hearing pauses the clock, and the longer period after it', () => {
    const base = [at('2026-06-01', 'submitted'), at('2026-06-01', 'register'), at('2026-06-02', 'accept')];
    expect(nextDue({ stage: 'recheck', kind: 'claim', events: base }, rule)).toEqual({
      at: '2026-07-01',
      kind: 'recheck-decision',
      paused: false,
    });
    const during = [...base, at('2026-06-10', 'hearing_start')];
    expect(nextDue({ stage: 'recheck', kind: 'claim', events: during }, rule)).toEqual({
      at: null,
      kind: 'recheck-decision',
      paused: true,
    });
    // 5 hearing days (10-14 June) are not counted: 1 June + 35 = Mon 6 July.
    const after = [...during, at('2026-06-14', 'hearing_end')];
    expect(nextDue({ stage: 'recheck', kind: 'claim', events: after }, rule)).toEqual({
      at: '2026-07-06',
      kind: 'recheck-decision',
      paused: false,
    });
  });

  it('does not depend on the order the events are given in', () => {
    const events = [at('2026-09-18', 'register'), at('2026-09-16', 'submitted')];
    expect(original('claim', events)).toEqual({ at: '2026-10-08', kind: 'triage', paused: false });
  });
});

describe('a stored due date read on a given day (deadlines.storedDueStatus)', () => {
  it('counts days left and turns overdue the day after the last day', () => {
    expect(storedDueStatus('2026-10-08', 'triage', '2026-09-30')).toEqual({
      daysLeft: 8,
      status: 'running',
      estimated: false,
    });
    expect(storedDueStatus('2026-10-08', 'triage', '2026-10-08')).toMatchObject({ daysLeft: 0, status: 'running' });
    expect(storedDueStatus('2026-10-08', 'triage', '2026-10-09')).toMatchObject({ daysLeft: -1, status: 'overdue' });
  });

  it('flags a statutory last day in a year without holiday data as an estimate, never a chosen date', () => {
    const year = Math.max(...HOLIDAY_DATA_YEARS) + 1;
    expect(storedDueStatus(`${year}-01-05`, 'handle', '2026-01-01').estimated).toBe(true);
    expect(storedDueStatus(`${year}-01-05`, 'assigned', '2026-01-01').estimated).toBe(false);
  });
});

describe('migration 0011 follows the lists in the code', () => {
  for (const dialect of ['sqlite', 'postgres']) {
    const sql = readFileSync(new URL(`../../migrations/${dialect}/0011_case_due.sql`, import.meta.url), 'utf8');
    it(`${dialect}: next_due_kind is one of DEADLINE_KINDS`, () => {
      const list = /next_due_kind IN \(([^)]*)\)/.exec(sql)?.[1];
      expect(list?.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...DEADLINE_KINDS]);
    });
    it(`${dialect}: the partial indexes name exactly the terminal states, in their order`, () => {
      const lists = [...sql.matchAll(/status NOT IN \(([^)]*)\)/g)].map((m) =>
        m[1]!.split(',').map((s) => s.trim().replace(/'/g, '')),
      );
      expect(lists.length).toBeGreaterThanOrEqual(8);
      for (const l of lists) expect(l).toEqual([...TERMINAL_STATES]);
    });
  }
});
