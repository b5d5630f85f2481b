import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  checkSymbol,
  formatCode,
  generateCode,
  isValidCode,
  normaliseCode,
} from '@/lib/tracking-code';

const dataArb = fc
  .array(fc.constantFrom(...CODE_ALPHABET), { minLength: CODE_LENGTH - 1, maxLength: CODE_LENGTH - 1 })
  .map((cs) => cs.join(''));
const codeArb = dataArb.map((d) => d + checkSymbol(d));

describe('a tracking code survives being read aloud and typed back', () => {
  it('uses 31 symbols without look-alikes (no 0, 1, I, L, O)', () => {
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    for (const c of '01ILO') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('carries at least 50 bits of randomness', () => {
    expect((CODE_LENGTH - 1) * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
  });

  it('generates valid, distinct codes from crypto.getRandomValues', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = generateCode();
      expect(c).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
      expect(isValidCode(c)).toBe(true);
      seen.add(c);
    }
    expect(seen.size).toBe(2000);
  });

  it('uses every symbol in every data position (no modulo bias that removes symbols)', () => {
    const perPosition = Array.from({ length: CODE_LENGTH - 1 }, () => new Set<string>());
    for (let i = 0; i < 3000; i++) [...generateCode().slice(0, -1)].forEach((c, p) => perPosition[p]!.add(c));
    for (const s of perPosition) expect(s.size).toBe(31);
  });

  it('detects EVERY single-symbol substitution, in every position, check symbol included', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i < code.length; i++) {
          for (const c of CODE_ALPHABET) {
            if (c === code[i]) continue;
            const typo = code.slice(0, i) + c + code.slice(i + 1);
            if (isValidCode(typo)) return false;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('detects EVERY adjacent transposition of two different symbols', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i + 1 < code.length; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (isValidCode(swapped)) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts its own formatted form typed in lower case, with spaces or dashes', () => {
    fc.assert(
      fc.property(codeArb, fc.constantFrom(' ', '-', '－', ' - ', '—'), (code, sep) => {
        const typed = formatCode(code, sep).toLowerCase();
        return normaliseCode(typed) === code && isValidCode(typed);
      }),
    );
  });

  it('shows codes in three groups of four', () => {
    expect(formatCode('23456789ABCD')).toBe('2345-6789-ABCD');
    expect(formatCode('2345 6789 abcd', ' ')).toBe('2345 6789 ABCD');
  });

  it('refuses wrong lengths and foreign symbols', () => {
    const code = generateCode();
    expect(isValidCode(code.slice(1))).toBe(false);
    expect(isValidCode(`${code}2`)).toBe(false);
    expect(isValidCode('')).toBe(false);
    expect(isValidCode(`0${code.slice(1)}`)).toBe(false);
    expect(isValidCode(`${code.slice(0, -1)}O`)).toBe(false);
  });
});
