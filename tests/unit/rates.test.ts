/**
 * The 三率 and 参评率 of src/lib/rates.ts on hand-made chains: which month each case counts in, what
 * is timely, what 超期未评 is, and how public cells withhold small counts.
 */
import { describe, expect, it } from 'vitest';
import { contributions, fractions, publicCell, rateTables, type RateCase } from '../../src/lib/rates';

const ev = (type: string, at: string, data: Record<string, unknown> = {}) => ({ type, at, data });
const claim = (events: RateCase['events']): RateCase => ({
  region: 'r',
  issueArea: 'a',
  stage: 'original',
  kind: 'claim',
  events,
});

describe('rates', () => {
  it('counts a timely triage in the month it was done, a late one in the month after its last day', () => {
    const timely = claim([
      ev('submitted', '2026-03-02T02:00:00Z'),
      ev('register', '2026-03-03T02:00:00Z'),
      ev('transfer', '2026-03-05T02:00:00Z'),
    ]);
    const never = claim([ev('submitted', '2026-03-25T02:00:00Z')]);
    expect(contributions(timely, '2026-06-01T00:00:00Z')).toContainEqual({
      month: '2026-03',
      add: { acceptDue: 1, acceptTimely: 1 },
    });
    const late = contributions(never, '2026-06-01T00:00:00Z').find((c) => 'acceptDue' in c.add)!;
    expect(late.add).toEqual({ acceptDue: 1, acceptTimely: 0 });
    expect(late.month).toBe('2026-04');
    // Not yet due: nothing to count.
    expect(contributions(never, '2026-03-30T00:00:00Z').filter((c) => 'acceptDue' in c.add)).toEqual([]);
  });

  it('takes 超期未评 as 30 days after the written reply reached the petitioner without a rating', () => {
    const base = [
      ev('submitted', '2026-01-02T02:00:00Z'),
      ev('register', '2026-01-03T02:00:00Z'),
      ev('accept', '2026-01-04T02:00:00Z'),
      ev('reply', '2026-02-01T02:00:00Z'),
    ];
    const delivered = claim([
      ...base,
      ev('reply_delivered', '2026-02-03T02:00:00Z', { how: 'post', receivedOn: '2026-02-02' }),
    ]);
    expect(contributions(delivered, '2026-03-01T00:00:00Z').some((c) => 'unratedOverdue' in c.add)).toBe(false);
    expect(contributions(delivered, '2026-03-10T00:00:00Z')).toContainEqual({
      month: '2026-03',
      add: { unratedOverdue: 1 },
    });
    // Never known to have arrived: neither rated nor overdue.
    expect(contributions(claim(base), '2026-12-01T00:00:00Z').some((c) => 'unratedOverdue' in c.add)).toBe(false);
    const rated = claim([...base, ev('rate', '2026-02-05T02:00:00Z', { rating: 'basically' })]);
    expect(contributions(rated, '2026-12-01T00:00:00Z')).toContainEqual({ month: '2026-02', add: { basically: 1 } });
    expect(contributions(rated, '2026-12-01T00:00:00Z')).toContainEqual({
      month: '2026-02',
      add: { finishDue: 1, finishOnTime: 1 },
    });
  });

  it('computes 满意率 = (满意 + 基本满意) ÷ 已评 and 参评率 = 已评 ÷ (已评 + 超期未评)', () => {
    const f = fractions({
      acceptDue: 0,
      acceptTimely: 0,
      finishDue: 0,
      finishOnTime: 0,
      satisfied: 3,
      basically: 4,
      unsatisfied: 3,
      unratedOverdue: 10,
    });
    expect(f.satisfaction).toEqual({ num: 7, den: 10 });
    expect(f.participation).toEqual({ num: 10, den: 20 });
    const t = rateTables(
      [claim([ev('submitted', '2026-03-02T02:00:00Z'), ev('register', '2026-03-03T02:00:00Z')])],
      { from: '2026-02', to: '2026-04' },
      '2026-06-01T00:00:00Z',
      { regions: ['r'], areas: ['a'] },
    );
    expect(t.months.map((m) => m.key)).toEqual(['2026-02', '2026-03', '2026-04']);
  });

  it('withholds a public count from 1 to 4, and a rate that would give one away', () => {
    expect(publicCell(3, 4)).toEqual({ rate: null, den: null, suppressed: true });
    expect(publicCell(6, 7)).toEqual({ rate: null, den: 7, suppressed: true });
    expect(publicCell(2, 10)).toEqual({ rate: null, den: 10, suppressed: true });
    expect(publicCell(5, 10)).toEqual({ rate: 50, den: 10, suppressed: false });
    expect(publicCell(7, 7)).toEqual({ rate: 100, den: 7, suppressed: false });
    expect(publicCell(0, 0)).toEqual({ rate: null, den: 0, suppressed: false });
  });
});
