import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { articleHref, articleLabel, fromChineseNumeral, toChineseNumeral } from '../../src/lib/law-links';
import { parseChineseNumber } from '../../src/lib/law-text';

describe('article links', () => {
  it('point at the stable anchor of the regulation in force', () => {
    expect(articleHref(34)).toBe('/law/xinfang-gongzuo-tiaoli/#article-34');
    expect(articleHref(1)).toBe('/law/xinfang-gongzuo-tiaoli/#article-1');
    expect(() => articleHref(0)).toThrow(RangeError);
    expect(() => articleHref(51)).toThrow(RangeError);
    expect(() => articleHref(3.5)).toThrow(RangeError);
  });

  it('are labelled as the statute prints them', () => {
    expect(articleLabel(34)).toBe('第三十四条');
    expect(articleLabel(10)).toBe('第十条');
    expect(articleLabel(11)).toBe('第十一条');
    expect(articleLabel(20)).toBe('第二十条');
    expect(articleLabel(50)).toBe('第五十条');
    expect(toChineseNumeral(105)).toBe('一百零五');
    expect(toChineseNumeral(110)).toBe('一百一十');
    expect(toChineseNumeral(1001)).toBe('一千零一');
  });

  it('round-trip through both parsers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (n) => {
        const s = toChineseNumeral(n);
        return fromChineseNumeral(s) === n && parseChineseNumber(s) === n;
      }),
    );
  });
});
