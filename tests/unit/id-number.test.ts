import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar, isValidIdNumber } from '@/lib/id-number';

const today = new Date('2026-11-22T00:00:00Z');

describe('an optional ID number is checked with the GB 11643 check digit', () => {
  it('accepts the published sample numbers', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
    expect(isValidIdNumber('11010519491231002x', today)).toBe(true);
    expect(isValidIdNumber('440524188001010014', today)).toBe(false); // born before 1900
  });

  it('refuses a number whose check digit is wrong', () => {
    expect(isValidIdNumber('110105194912310021', today)).toBe(false);
  });

  it('refuses impossible birth dates and future births', () => {
    const withDate = (d: string) => {
      const first17 = `110105${d}002`;
      return first17 + idNumberCheckChar(first17);
    };
    expect(isValidIdNumber(withDate('19490230'), today)).toBe(false);
    expect(isValidIdNumber(withDate('20991231'), today)).toBe(false);
    expect(isValidIdNumber(withDate('20000229'), today)).toBe(true);
  });

  it('refuses 15-digit numbers and stray characters', () => {
    expect(isValidIdNumber('110105491231002', today)).toBe(false);
    expect(isValidIdNumber('11010519491231002Y', today)).toBe(false);
  });

  it('catches every single-digit error in the first 17 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const good = '11010519491231002X';
        const d = (Number(good[pos]) + delta) % 10;
        const bad = good.slice(0, pos) + d + good.slice(pos + 1);
        return !isValidIdNumber(bad, today);
      }),
    );
  });
});
