import { describe, expect, it } from 'vitest';
import { fieldMessages, rawFrontMatterValue } from '../../src/lib/schedule-loader';

describe('a date is read as staff typed it', () => {
  const file =
    '---\ndate: 2026-02-30 # 周一\nstart: \'09:00\'\nleader:\n  date: 2026-01-01\ntitle: "x"\n---\n\ndate: 1999-01-01\n';

  it('takes the top-level value without quotes or comment, never a nested key or the body', () => {
    expect(rawFrontMatterValue(file, 'date')).toBe('2026-02-30');
    expect(rawFrontMatterValue(file, 'start')).toBe('09:00');
    expect(rawFrontMatterValue(file, 'missing')).toBeUndefined();
    expect(rawFrontMatterValue('no front matter', 'date')).toBeUndefined();
  });
});

describe('schema errors become Chinese lines', () => {
  it('keeps each field message, adding the path only where the message does not name the field', () => {
    const astro = [
      '**schedules → x** data does not match collection schema.',
      '',
      '  **end**: 结束时间（end）：应晚于开始时间（start）',
      '  **topics.0**: Invalid input',
      '',
    ].join('\n');
    expect(fieldMessages(astro)).toEqual(['结束时间（end）：应晚于开始时间（start）', 'topics.0：Invalid input']);
  });
});
