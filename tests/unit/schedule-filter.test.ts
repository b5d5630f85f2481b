import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatReceptionDate,
  formatTimeRange,
  hasEnded,
  planReceptions,
  receptionEnd,
  type ReceptionMark,
} from '../../src/lib/schedule';

const at = (iso: string) => Date.parse(iso);
const nov26 = { date: '2026-11-26', start: '09:00', end: '11:30' };

describe('reception times are Beijing time', () => {
  it('ends at 11:30 in Asia/Shanghai, which is 03:30 UTC', () => {
    expect(receptionEnd(nov26).toISOString()).toBe('2026-11-26T03:30:00.000Z');
  });

  it('stays upcoming while it runs and counts as ended from its end time on', () => {
    expect(hasEnded(nov26, new Date('2026-11-26T03:29:59Z'))).toBe(false);
    expect(hasEnded(nov26, new Date('2026-11-26T03:30:00Z'))).toBe(true);
  });

  it('is written the way a notice in Chinese writes it', () => {
    expect(formatReceptionDate('2026-11-26')).toBe('2026年11月26日（星期四）');
    expect(formatReceptionDate('2027-02-18')).toBe('2027年2月18日（星期四）');
    expect(formatTimeRange(nov26)).toBe('上午 9:00—11:30');
    expect(formatTimeRange({ start: '14:30', end: '17:00' })).toBe('下午 14:30—17:00');
  });
});

describe('what a visitor sees, decided by the visitor clock', () => {
  const ended = at('2026-11-19T09:00:00Z');
  const soon = at('2026-11-26T03:30:00Z');
  const later = at('2026-12-03T04:00:00Z');
  const marks: ReceptionMark[] = [
    { list: 'upcoming', when: 'upcoming', ends: soon },
    { list: 'upcoming', when: 'upcoming', ends: later },
    { list: 'past', when: 'past', ends: later },
    { list: 'past', when: 'past', ends: soon },
    { list: 'past', when: 'past', ends: ended },
  ];

  it('a week before: both future receptions upcoming, only the old one in the archive', () => {
    const plan = planReceptions(marks, new Map(), at('2026-11-22T02:00:00Z'));
    expect(plan.show).toEqual([true, true, false, false, true]);
    expect(plan.shown.get('upcoming')).toBe(2);
    expect(plan.nextChange).toBe(soon);
  });

  it('the day after a reception: it has left the upcoming list and joined the archive', () => {
    const plan = planReceptions(marks, new Map(), at('2026-11-27T00:00:00Z'));
    expect(plan.show).toEqual([false, true, false, true, true]);
    expect(plan.nextChange).toBe(later);
  });

  it('when all have ended: the upcoming list is empty, so its empty message is due', () => {
    const plan = planReceptions(marks, new Map(), at('2027-01-01T00:00:00Z'));
    expect(plan.shown.get('upcoming') ?? 0).toBe(0);
    expect(plan.shown.get('past')).toBe(3);
    expect(plan.nextChange).toBeNull();
  });

  it('a limited list (the home page) shows the soonest receptions that have not ended', () => {
    const home: ReceptionMark[] = [soon, later, later + 1].map((ends) => ({ list: 'home', when: 'upcoming', ends }));
    expect(planReceptions(home, new Map([['home', 2]]), at('2026-11-22T00:00:00Z')).show).toEqual([true, true, false]);
    expect(planReceptions(home, new Map([['home', 2]]), at('2026-11-30T00:00:00Z')).show).toEqual([false, true, true]);
  });

  it('a status line outside any list follows its own end time', () => {
    const status: ReceptionMark[] = [
      { list: undefined, when: 'upcoming', ends: soon },
      { list: undefined, when: 'past', ends: soon },
    ];
    expect(planReceptions(status, new Map(), soon - 1).show).toEqual([true, false]);
    expect(planReceptions(status, new Map(), soon).show).toEqual([false, true]);
  });

  it('never lists an ended reception as upcoming, and shows every reception in exactly one of the two lists', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 1e12 }),
        (ends, now) => {
          const both: ReceptionMark[] = ends.flatMap((e) => [
            { list: 'u', when: 'upcoming' as const, ends: e },
            { list: 'p', when: 'past' as const, ends: e },
          ]);
          const { show } = planReceptions(both, new Map(), now);
          ends.forEach((e, i) => {
            const up = show[2 * i]!;
            const past = show[2 * i + 1]!;
            expect(up).toBe(now < e);
            expect(up !== past).toBe(true);
          });
        },
      ),
    );
  });
});
