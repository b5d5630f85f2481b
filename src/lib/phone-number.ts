/**
 * Who can file online (issue 11, finding 9; Art. 48): the petitioner's phone number may be a mainland
 * mobile, a mainland landline with its area code (elderly people without a mobile), or an overseas
 * number with its country code (foreigners, Hong Kong, Macao, Taiwan). Its last four digits are the
 * second factor of the tracking lookup, whatever kind it is.
 *
 * zod-free and import-free: the browser's form, the server's schema and the tests share it.
 */

/** A mainland mobile number, 11 digits. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * A mainland landline, stored with its trunk 0 and area code and no separators: 010 and 02X are
 * three digits, every other area code four (0571, 0755); the local number is 7 or 8 digits and never
 * starts with 0 or 1 (those are trunk and service prefixes).
 */
export const LANDLINE_PATTERN = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;

/**
 * Art. 48: foreigners, stateless persons and foreign organisations petition under the same rules
 * (参照本条例执行), and so do people with a Hong Kong, Macao, Taiwan or other number: an
 * international number in E.164 form (+, country code, up to 15 digits) is accepted too.
 */
export const INTERNATIONAL_PHONE_PATTERN = /^\+(?!86)[1-9]\d{6,14}$/;

/** The kinds of number the form accepts. */
export type PhoneKind = 'mobile' | 'landline' | 'international';

/**
 * The number as stored: spaces, hyphens, dots and brackets go; a +86 / 0086 prefix goes from a
 * mainland number (and a landline typed after +86 without its 0 gets the 0 back: +86 571 8888 6666
 * is 057188886666); any other number keeps its + and country code (00 becomes +).
 */
export function normalisePhone(input: string): string {
  const compact = input
    .normalize('NFKC')
    .replace(/[\s\-().（）\u2010-\u2015]/g, '')
    .replace(/^00(?=[1-9])/, '+');
  if (!compact.startsWith('+86')) return compact;
  const national = compact.slice(3);
  return !MOBILE_PATTERN.test(national) && LANDLINE_PATTERN.test(`0${national}`) ? `0${national}` : national;
}

/** Which kind a normalised number is, or undefined when the form must refuse it. */
export function phoneKind(normalised: string): PhoneKind | undefined {
  if (MOBILE_PATTERN.test(normalised)) return 'mobile';
  if (LANDLINE_PATTERN.test(normalised)) return 'landline';
  if (INTERNATIONAL_PHONE_PATTERN.test(normalised)) return 'international';
  return undefined;
}

export function isAcceptedPhone(normalised: string): boolean {
  return phoneKind(normalised) !== undefined;
}

/** Whether a text message can reach the number: not a landline. */
export function canReceiveSms(normalised: string): boolean {
  const kind = phoneKind(normalised);
  return kind === 'mobile' || kind === 'international';
}

/** The second factor of the tracking lookup: the last four digits of the stored number. */
export function phoneLastFour(normalised: string): string {
  return normalised.replace(/\D/g, '').slice(-4);
}

/** Label of the phone field wherever a citizen types it. */
export const PHONE_LABEL = '联系电话';

/** The hint under the phone field: what to type, for each kind of number. */
export const PHONE_HINT =
  '手机、固定电话都可以。固定电话请连同区号填写，例如 0571-88886666；境外号码请以 + 和国家（地区）代码开头，例如 +852 9123 4567。查询办理进度时要用到号码的后四位';

/**
 * The message when the number cannot be used, saying what to type. The most common mistake (a
 * landline without its area code) gets its own sentence.
 */
export function phoneMessage(input: string): string {
  const digits = normalisePhone(input).replace(/\D/g, '');
  if (!input.trim()) return '请填写联系电话：手机号码，或者带区号的固定电话，例如 13812345678 或 0571-88886666';
  if (/^[2-9]\d{6,7}$/.test(digits))
    return '固定电话请在号码前面加上区号，例如 0571-88886666；不知道区号的，可以填写手机号码';
  if (/^1\d*$/.test(digits) && digits.length !== 11) return `手机号码应为 11 位，您填写了 ${digits.length} 位，请核对`;
  return PHONE_MESSAGE;
}

/** The general message for a number of no accepted kind. */
export const PHONE_MESSAGE =
  '请填写手机号码（例如 13812345678）、带区号的固定电话（例如 0571-88886666），境外号码请以 + 和国家（地区）代码开头（例如 +85291234567）。查询办理进度时要用到号码的后四位';

/** Label of the second-factor field on the tracking page. */
export const PHONE_LAST_FOUR_LABEL = '联系电话后四位';
