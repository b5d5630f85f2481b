// Who can file online (issue 11, finding 9): a mobile, a landline with its area code, or an overseas
// number; the last four digits are the tracking lookup's second factor whatever the kind.
import { describe, expect, it } from 'vitest';
import {
  canReceiveSms,
  normalisePhone,
  phoneKind,
  phoneLastFour,
  phoneMessage,
  PHONE_HINT,
} from '../../src/lib/phone-number';
import { PetitionInputSchema } from '../../src/lib/petition-schema';

const kindOf = (typed: string) => phoneKind(normalisePhone(typed));

describe('phone numbers a petitioner can file with', () => {
  it.each([
    ['0571-88886666', '057188886666', 'landline'],
    ['010 6666 8888', '01066668888', 'landline'],
    ['(020)87654321', '02087654321', 'landline'],
    ['0755 2345 678', '07552345678', 'landline'],
    ['+86 571 8888 6666', '057188886666', 'landline'],
    ['+86 10 6666 8888', '01066668888', 'landline'],
    ['0086-571-88886666', '057188886666', 'landline'],
    ['138 1234 5678', '13812345678', 'mobile'],
    ['+86 139-0000-1111', '13900001111', 'mobile'],
    ['+852 9123 4567', '+85291234567', 'international'],
    ['+1 (415) 555-0100', '+14155550100', 'international'],
  ] as const)('%s is stored as %s (%s)', (typed, stored, kind) => {
    expect(normalisePhone(typed)).toBe(stored);
    expect(kindOf(typed)).toBe(kind);
  });

  it.each([
    '88886666',
    '0571-1234567',
    '0571-0888666',
    '057188',
    '1381234567',
    '852 9123 4567',
    '+86 10 1234 5678',
    '+12',
  ])('%s is refused', (typed) => {
    expect(kindOf(typed)).toBeUndefined();
  });

  it('keeps the last four digits as the second factor for every kind', () => {
    expect(phoneLastFour(normalisePhone('0571-88886666'))).toBe('6666');
    expect(phoneLastFour(normalisePhone('010 6666 8888'))).toBe('8888');
    expect(phoneLastFour(normalisePhone('+852 9123 4567'))).toBe('4567');
    // The server keys the verifier on phone.slice(-4); the stored number ends in those digits.
    for (const typed of ['0571-88886666', '+852 9123 4567', '138 1234 5678'])
      expect(normalisePhone(typed).slice(-4)).toBe(phoneLastFour(normalisePhone(typed)));
  });

  it('sends no text message to a landline', () => {
    expect(canReceiveSms('057188886666')).toBe(false);
    expect(canReceiveSms('13812345678')).toBe(true);
    expect(canReceiveSms('+85291234567')).toBe(true);
  });

  it('says what to type, in Chinese, for the usual mistakes', () => {
    expect(phoneMessage('88886666')).toContain('加上区号');
    expect(phoneMessage('138123456')).toBe('手机号码应为 11 位，您填写了 9 位，请核对');
    expect(phoneMessage('')).toContain('请填写联系电话');
    expect(phoneMessage('abc')).toContain('0571-88886666');
    expect(PHONE_HINT).toContain('0571-88886666');
  });

  it('lets the petition schema accept a landline and refuse a number without area code', () => {
    const base = PetitionInputSchema.safeParse({});
    expect(base.success).toBe(false);
    const phone = (typed: string) => PetitionInputSchema.shape.phone.safeParse(typed);
    expect(phone('0571-88886666')).toMatchObject({ success: true, data: '057188886666' });
    const refused = phone('88886666');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('加上区号');
  });
});
