/**
 * The browser checks a petition with zod/mini (src/lib/petition-schema-mini.ts), the server with
 * classic zod (src/lib/petition-schema.ts). Both are built from petition-rules.ts; this holds them to
 * the same answer, field by field and message by message, on a corpus of inputs: the hand-written
 * cases people and scripts send, then random variations of each field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PetitionInputSchema } from '@/lib/petition-schema';
import { petitionMiniSchema } from '@/lib/petition-schema-mini';
import { fieldErrors } from '@/lib/field-errors';
import { issueAreaIds, regionIds } from '@/lib/settings';

const mini = petitionMiniSchema({ regionIds, issueAreaIds });

const valid: Record<string, unknown> = {
  submissionId: '7d9f3c1e-2b4a-4c8e-9f10-1a2b3c4d5e6f',
  name: '张三',
  phone: '138 1234-5678',
  email: '',
  address: '示例县人民路 1 号',
  region: regionIds[0],
  kind: 'claim',
  issueArea: issueAreaIds[0],
  title: '拖欠工资',
  request: '请督促用人单位支付拖欠的工资。',
  facts: '2026 年 1 月至 3 月的工资至今未发。',
  idNumber: '',
  otherProcedure: 'none',
  declaration: true,
  privacyConsent: true,
  website: '',
  startedAt: 1_700_000_000_000,
};

function answer(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } },
  input: unknown,
) {
  const r = schema.safeParse(input);
  return r.success
    ? { ok: true, data: r.data }
    : { ok: false, errors: fieldErrors(r.error as Parameters<typeof fieldErrors>[0]) };
}

/** One field changed (or removed, for undefined) in an otherwise valid petition. */
const variations: [field: string, value: unknown][] = [
  ['submissionId', 'not-a-uuid'],
  ['submissionId', ''],
  ['name', ''],
  ['name', '   '],
  ['name', '  张\t三 '],
  ['name', '张'.repeat(50)],
  ['name', '张'.repeat(51)],
  ['name', '😀'.repeat(50)],
  ['name', 'a\u202Eb'],
  ['name', '\uD800'],
  ['phone', '13812345678'],
  ['phone', '+86 138 1234 5678'],
  ['phone', '0086-13812345678'],
  ['phone', '12812345678'],
  ['phone', '+85291234567'],
  ['phone', '0085291234567'],
  ['phone', '+8613812345678'],
  ['phone', '０１０-１２３４５６７８'],
  ['phone', ''],
  ['phone', '0571-88886666'],
  ['phone', '88886666'],
  ['phone', '1381234567'],
  ['phone', '+86 571 8888 6666'],
  ['phone', 12345],
  ['email', 'zhangsan@example.com'],
  ['email', ' zhangsan@example.com '],
  ['email', 'not an email'],
  ['email', `${'a'.repeat(250)}@example.com`],
  ['email', null],
  ['email', undefined],
  ['address', ''],
  ['address', '路'.repeat(201)],
  ['region', 'nowhere'],
  ['region', ''],
  ['kind', 'other'],
  ['kind', undefined],
  ['kind', 'suggestion'],
  ['issueArea', 'x'],
  ['title', '题'.repeat(40)],
  ['title', '题'.repeat(41)],
  ['request', 'a\r\nb\rc'],
  ['request', 'a\u0000b'],
  ['request', 'line\twith tab'],
  ['request', '字'.repeat(1001)],
  ['facts', ''],
  ['facts', '\n\n  \n'],
  ['facts', '字'.repeat(3000)],
  ['facts', '字'.repeat(3001)],
  ['facts', 'e\u0301'],
  ['idNumber', '11010519491231002x'],
  ['idNumber', '110105194912310021'],
  ['idNumber', '  '],
  ['otherProcedure', ''],
  ['otherProcedure', 'litigation'],
  ['otherProcedure', 'court'],
  ['otherProcedure', undefined],
  ['declaration', false],
  ['declaration', 'on'],
  ['declaration', 'true'],
  ['declaration', ''],
  ['declaration', undefined],
  ['privacyConsent', 'off'],
  ['privacyConsent', 'yes'],
  ['website', 'http://spam.example'],
  ['website', undefined],
  ['altcha', 'x'.repeat(4096)],
  ['altcha', 'x'.repeat(4097)],
  ['altcha', ''],
  ['startedAt', '1700000000000'],
  ['startedAt', '1.5'],
  ['startedAt', -1],
  ['startedAt', ''],
  ['startedAt', 'soon'],
  ['startedAt', undefined],
];

describe('the browser and the server check a petition alike', () => {
  it('on a valid petition, with the same normalised result', () => {
    expect(answer(mini, valid)).toEqual(answer(PetitionInputSchema, valid));
    expect(answer(mini, valid).ok).toBe(true);
  });

  it.each(variations)('%s = %j', (field, value) => {
    const input = { ...valid, [field]: value };
    if (value === undefined) delete input[field];
    expect(answer(mini, input)).toEqual(answer(PetitionInputSchema, input));
  });

  it('on an empty form, a plain form post and nothing at all', () => {
    const empty = Object.fromEntries(Object.keys(valid).map((k) => [k, '']));
    for (const input of [empty, {}, { ...valid, declaration: 'on', privacyConsent: 'on', startedAt: '1700000000000' }])
      expect(answer(mini, input)).toEqual(answer(PetitionInputSchema, input));
    expect(answer(mini, null).ok).toBe(false);
    expect(answer(PetitionInputSchema, null).ok).toBe(false);
  });

  it('on random text in every text field', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom('', ' ', '\r\n', '\t', '13812345678', '+85291234567', 'a@b.cn', '11010519491231002X'),
    );
    const fields = [
      'name',
      'phone',
      'email',
      'address',
      'title',
      'request',
      'facts',
      'idNumber',
      'website',
      'startedAt',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...fields), text, (field, value) => {
        const input = { ...valid, [field]: value };
        expect(answer(mini, input)).toEqual(answer(PetitionInputSchema, input));
      }),
      { numRuns: 2000 },
    );
  });
});
