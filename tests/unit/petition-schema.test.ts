import { describe, expect, it } from 'vitest';
import {
  PetitionInputSchema,
  fieldErrors,
  formToObject,
  sniffAttachmentType,
  PETITION_KIND_IDS,
  OTHER_PROCEDURE_IDS,
} from '@/lib/petition-schema';
import { regionIds, issueAreaIds } from '@/lib/settings';

const valid = {
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

function errorsOf(input: unknown) {
  const r = PetitionInputSchema.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
}

describe('a citizen fills the petition form', () => {
  it('accepts a complete petition and normalises it', () => {
    const r = PetitionInputSchema.parse(valid);
    expect(r.phone).toBe('13812345678');
    expect(r.email).toBeUndefined();
    expect(r.idNumber).toBeUndefined();
    expect(r.otherProcedure).toBe('none');
  });

  it('parses the same petition sent as a plain form post', () => {
    const form = new URLSearchParams({
      ...valid,
      declaration: 'on',
      privacyConsent: 'on',
      startedAt: String(valid.startedAt),
    });
    const r = PetitionInputSchema.safeParse(formToObject(form));
    expect(r.success).toBe(true);
  });

  it('defaults otherProcedure to none when the field is missing', () => {
    const rest: Record<string, unknown> = { ...valid };
    delete rest['otherProcedure'];
    expect(PetitionInputSchema.parse(rest).otherProcedure).toBe('none');
  });

  it.each([
    ['name', '', '请填写您的姓名'],
    ['name', '   ', '请填写您的姓名'],
    ['name', '张'.repeat(51), '不超过 50'],
    ['phone', '12345678901', '带区号的固定电话'],
    ['phone', '1381234567', '手机号码应为 11 位，您填写了 10 位'],
    ['phone', '88886666', '加上区号'],
    ['email', 'not-an-email', '正确的电子邮箱'],
    ['address', '', '住址'],
    ['region', 'nowhere', '乡镇（街道）'],
    ['kind', 'complaint', '类别'],
    ['issueArea', 'space', '领域'],
    ['title', '', '标题'],
    ['title', '题'.repeat(41), '不超过 40'],
    ['request', '', '诉求'],
    ['request', '求'.repeat(1001), '不超过 1000'],
    ['facts', '', '事实和理由'],
    ['facts', '实'.repeat(3001), '不超过 3000'],
    ['idNumber', '110105194912310020', '身份证号码有误'],
    ['otherProcedure', 'court', '诉讼'],
    ['declaration', false, '客观真实'],
    ['declaration', 'off', '客观真实'],
    ['privacyConsent', undefined, '个人信息保护'],
    ['website', 'http://spam.example', '留空'],
    ['startedAt', 'soon', '刷新页面'],
    ['submissionId', 'abc', '刷新页面'],
  ])('refuses %s = %j with a message that says what to do', (field, value, message) => {
    const errors = errorsOf({ ...valid, [field]: value });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]).toContain(message);
  });

  it('counts Chinese characters, and emoji, as one character each', () => {
    expect(errorsOf({ ...valid, title: '题'.repeat(40) })).toEqual({});
    expect(errorsOf({ ...valid, title: '😀'.repeat(40) })).toEqual({});
  });

  it('accepts an ID number with a lower-case x check digit', () => {
    expect(PetitionInputSchema.parse({ ...valid, idNumber: '11010519491231002x' }).idNumber).toBe('11010519491231002X');
  });

  it('refuses control characters and broken text instead of dropping them silently', () => {
    expect(errorsOf({ ...valid, facts: 'a\u0000b' }).facts).toContain('无法识别的字符');
    expect(errorsOf({ ...valid, title: 'a\uD800b' }).title).toContain('无法识别的字符');
    // Bidi overrides and isolates (Trojan Source) are refused; the ordinary marks are not needed either way.
    expect(errorsOf({ ...valid, facts: '正常\u202Etxt.exe' }).facts).toContain('无法识别的字符');
    expect(errorsOf({ ...valid, name: '张\u2066三' }).name).toContain('无法识别的字符');
    expect(errorsOf({ ...valid, request: '\u001B[31m' }).request).toContain('无法识别的字符');
  });

  it('keeps line breaks in long text and folds white space in one-line fields', () => {
    const r = PetitionInputSchema.parse({ ...valid, facts: ' 第一段\r\n第二段 ', title: ' 拖欠\n  工资 ' });
    expect(r.facts).toBe('第一段\n第二段');
    expect(r.title).toBe('拖欠 工资');
  });

  it('normalises phone numbers written with +86 and spaces', () => {
    expect(PetitionInputSchema.parse({ ...valid, phone: '+86 139-0000-1111' }).phone).toBe('13900001111');
  });

  it('accepts a foreign or Hong Kong mobile number with its country code (Art. 48), and a +86 landline as a mainland one', () => {
    expect(PetitionInputSchema.parse({ ...valid, phone: '+852 9123 4567' }).phone).toBe('+85291234567');
    expect(PetitionInputSchema.parse({ ...valid, phone: '0049 151 23456789' }).phone).toBe('+4915123456789');
    expect(PetitionInputSchema.parse({ ...valid, phone: '+1 (415) 555-0100' }).phone).toBe('+14155550100');
    // A +86 number is a mainland number and must be a mobile one.
    // A landline written after +86 is a mainland landline (issue 11, finding 9); one whose local
    // number starts with 1 is neither a landline nor a mobile.
    expect(PetitionInputSchema.parse({ ...valid, phone: '+86 10 6666 8888' }).phone).toBe('01066668888');
    expect(errorsOf({ ...valid, phone: '+86 10 1234 5678' })['phone']).toBeDefined();
    expect(errorsOf({ ...valid, phone: '+12' })['phone']).toBeDefined();
    expect(errorsOf({ ...valid, phone: '852 9123 4567' })['phone']).toBeDefined();
  });

  it('answers something that is not an object with a form-level error, not a crash', () => {
    expect(Object.keys(errorsOf('hello'))).toEqual(['form']);
    expect(Object.keys(errorsOf(null))).toEqual(['form']);
  });

  it('exposes the lists the UI and the SQL CHECKs derive from', () => {
    expect(PETITION_KIND_IDS).toEqual(['suggestion', 'accusation', 'claim']);
    expect(OTHER_PROCEDURE_IDS).toContain('none');
  });
});

describe('attachments are recognised by their content', () => {
  it('knows PDF, JPEG and PNG signatures and nothing else', () => {
    expect(sniffAttachmentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachmentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffAttachmentType(new TextEncoder().encode('MZ\x90\x00'))).toBeNull();
    expect(sniffAttachmentType(new TextEncoder().encode('<html>'))).toBeNull();
    expect(sniffAttachmentType(new Uint8Array([]))).toBeNull();
  });
});
