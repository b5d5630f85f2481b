import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormula, toCsv } from '@/lib/csv-safe';

describe('staff export petitions to a spreadsheet without running formulas', () => {
  it.each(['=1+1', '+86 138', '-2', '@SUM(A1)', '\t=x', '＝1+1'])('neutralises %j', (s) => {
    expect(neutraliseFormula(s)).toBe(`'${s}`);
  });

  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('拖欠工资 = 3 个月')).toBe('拖欠工资 = 3 个月');
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(
      toCsv([
        ['编号', 1],
        ['-1', null],
      ]),
    ).toBe("\uFEFF编号,1\r\n'-1,\r\n");
  });
});
