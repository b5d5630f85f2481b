/**
 * The rules of an online petition without zod: lists, limits, messages, normalisers and character
 * checks. src/lib/petition-schema.ts builds the server's schema from them and
 * src/lib/petition-schema-mini.ts the browser's (zod/mini, a fifth of the weight); both must accept
 * and refuse the same inputs (tests/unit/petition-schema-mini.test.ts).
 */
import { isValidIdNumber, normaliseIdNumber } from './id-number';

export { isValidIdNumber, normaliseIdNumber };

/** Kinds of matter, Art. 29–31. */
export const PETITION_KINDS = [
  {
    id: 'suggestion',
    label: '建议意见',
    article: 29,
    hint: '对工作提出建议、意见或批评。',
  },
  {
    id: 'accusation',
    label: '检举控告',
    article: 30,
    hint: '检举、控告党员干部或公职人员的违纪违法行为，按规定转送纪检监察机关，严格保密。',
  },
  {
    id: 'claim',
    label: '申诉求决',
    article: 31,
    hint: '为维护自身合法权益提出申诉或请求解决问题。',
  },
] as const;

/** The Chinese name of a kind of matter (建议意见 …), or the id itself when it is no kind. */
export function kindLabel(id: string): string {
  return PETITION_KINDS.find((k) => k.id === id)?.label ?? id;
}
export type PetitionKind = (typeof PETITION_KINDS)[number]['id'];
export const PETITION_KIND_IDS = PETITION_KINDS.map((k) => k.id) as unknown as readonly [
  PetitionKind,
  ...PetitionKind[],
];

/**
 * Whether the matter is already in, or belongs to, another legal procedure (Art. 31 (1)–(4)).
 * Those matters are routed to that procedure, not refused; the form explains where to go.
 * `clause` is the item of Art. 31.
 */
export const OTHER_PROCEDURES = [
  { id: 'none', label: '没有，也不属于下列情况', clause: null },
  { id: 'litigation', label: '已经或准备向人民法院起诉（诉讼）', clause: 1 },
  { id: 'arbitration', label: '已经或准备申请仲裁（如劳动争议仲裁）', clause: 2 },
  { id: 'reconsideration', label: '已经或准备申请行政复议', clause: 1 },
  { id: 'party-appeal', label: '党员申诉、申请复审', clause: 3 },
  { id: 'admin-procedure', label: '可以通过行政裁决、确认、许可、处罚等行政程序解决', clause: 4 },
] as const;
export type OtherProcedure = (typeof OTHER_PROCEDURES)[number]['id'];
export const OTHER_PROCEDURE_IDS = OTHER_PROCEDURES.map((p) => p.id) as unknown as readonly [
  OtherProcedure,
  ...OtherProcedure[],
];

/** Lengths in characters (Unicode code points, so one Chinese character counts as one). */
export const PETITION_LIMITS = {
  nameMax: 50,
  addressMax: 200,
  titleMax: 40,
  requestMax: 1000,
  factsMax: 3000,
  emailMax: 254,
  /** Seconds a person needs at least to fill the form; faster submissions are treated as bots. */
  minFillSeconds: 3,
} as const;

/** Attachments: at most 5 files of at most 10 MB each, PDF, JPEG or PNG (checked by content). */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = [
  { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 图片' },
  { mime: 'image/png', extensions: ['png'], label: 'PNG 图片' },
] as const;
export type AttachmentMime = (typeof ATTACHMENT_TYPES)[number]['mime'];
/** For `<input type="file" accept>`. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_TYPES.flatMap((t) => [t.mime, ...t.extensions.map((e) => `.${e}`)]).join(
  ',',
);

/**
 * The type of a file from its first bytes (magic numbers), never from its name or declared type.
 * Returns null for anything that is not a PDF, JPEG or PNG.
 */
export function sniffAttachmentType(head: Uint8Array): AttachmentMime | null {
  const starts = (sig: readonly number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

export const ATTACHMENT_MESSAGES = {
  tooMany: `附件最多 ${MAX_ATTACHMENTS} 个，请删去多余的文件`,
  tooLarge: `每个附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB，请压缩或分成几个文件后再上传`,
  wrongType: '附件只能是 PDF、JPEG 或 PNG 文件。文件内容与类型不符的，请重新导出或拍照后上传',
  empty: '附件是空文件，请重新选择',
} as const;

// C0 controls except tab and line feed, DEL, C1 controls, and the Unicode non-characters that
// some keyboards and copy-paste leave behind; none of them belong in a petition.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
export const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
// Bidirectional embedding, override and isolate controls reorder what a reader sees (a "Trojan
// Source" trick): text typed by a person never needs them.
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const BAD_CHAR_MESSAGE = '内容中有无法识别的字符，请删去后重新输入（建议直接键入文字，不要从其他文件粘贴）';

/** Length in code points, so that an emoji counts as one character, as a person counts it. */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** True when free text holds characters no person types (controls, bidi overrides, broken text). */
export function hasBadCharacters(s: string, multiline: boolean): boolean {
  // CR is a control character, but every keyboard's line end: unified first, as tidyText does.
  const t = s.replace(/\r\n?/g, '\n');
  return LONE_SURROGATE.test(t) || BIDI_CONTROL.test(t) || CONTROL.test(t) || (!multiline && /\t/.test(t));
}

/** Line ends unified, Unicode NFC, trimmed; single-line fields also fold every run of white space into one space. */
export function tidyText(s: string, multiline: boolean): string {
  const n = s.replace(/\r\n?/g, '\n').normalize('NFC');
  return (multiline ? n : n.replace(/\s+/g, ' ')).trim();
}

/** "" and undefined (and null from JSON) both mean "not given" for optional fields. */
export function emptyToUndefined(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  return v;
}

/** Checkbox values: true from JSON, "on" from a plain form post, "true" from some scripts. */
export function coerceBoolean(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'on' || s === 'true' || s === '1' || s === 'yes') return true;
    if (s === '' || s === 'off' || s === 'false' || s === '0' || s === 'no') return false;
  }
  if (v === undefined || v === null) return false;
  return v;
}

// The phone rule (mobile, landline with area code, overseas; issue 11 finding 9) lives in phone-number.ts.
export {
  INTERNATIONAL_PHONE_PATTERN,
  isAcceptedPhone,
  MOBILE_PATTERN as PHONE_PATTERN,
  normalisePhone,
  PHONE_HINT,
  PHONE_MESSAGE,
  phoneMessage,
} from './phone-number';

/** Every message of the petition schema, by field (both schemas take them from here). */
export const PETITION_MESSAGES = {
  pageInfo: '页面信息不完整，请刷新页面后重新提交',
  nameRequired: '请填写您的姓名；以单位名义反映的，请填写单位名称',
  nameMax: `姓名（名称）请不超过 ${PETITION_LIMITS.nameMax} 个字`,
  emailMax: '电子邮箱太长，请检查',
  email: '请填写正确的电子邮箱，例如 zhangsan@example.com；没有邮箱可以不填',
  addressRequired: '请填写您的住址，写到门牌号，以便寄送书面答复',
  addressMax: `住址请不超过 ${PETITION_LIMITS.addressMax} 个字`,
  region: '请选择事项发生在哪个乡镇（街道）',
  kind: '请选择信访事项的类别：建议意见、检举控告或申诉求决',
  issueArea: '请选择问题所属的领域；不确定的，请选择“其他”',
  titleRequired: '请填写标题，用一句话概括您反映的事情',
  titleMax: `标题请不超过 ${PETITION_LIMITS.titleMax} 个字，详细情况请写在“事实和理由”中`,
  requestRequired: '请写明您的诉求，也就是希望有关部门怎样处理',
  requestMax: `诉求请不超过 ${PETITION_LIMITS.requestMax} 字，详细情况请写在“事实和理由”中`,
  factsRequired: '请写明事实和理由：发生了什么、什么时间、涉及哪些单位或人员',
  factsMax: `事实和理由请不超过 ${PETITION_LIMITS.factsMax} 字；材料较多的，可以作为附件上传`,
  idNumber: '身份证号码有误，请核对 18 位号码（最后一位可能是 X）；也可以不填',
  otherProcedure: '请选择这件事是否已经或准备通过诉讼、仲裁、复议等途径解决',
  declaration: '请阅读并勾选“我承诺所反映的情况客观真实”后再提交',
  privacyConsent: '请阅读个人信息保护说明，并勾选同意后再提交',
  website: '请将此项留空',
  altcha: '人机验证信息有误，请重新验证',
} as const;
