/**
 * The one schema of an online petition. The browser form validates with it (react-hook-form +
 * zodResolver) and functions/api/petitions.ts validates with it again; the function is the authority.
 * It parses a JSON body as well as a form post: checkbox values such as "on" and numbers sent as text
 * are coerced here, so both paths give the same result and the same messages.
 *
 * Field names are also the form's field names (the `name` attribute), and the keys of the
 * `{ "errors": { field: message } }` answer of the API. Keep them stable: docs/api.md documents them.
 *
 * Fields follow 《信访工作条例》 Art. 19: name, address, request, facts and reasons, truthfulness.
 */
import { z } from 'zod';
import { fieldErrors as mapFieldErrors, type FieldErrors } from './field-errors';
import { issueAreaIds, regionIds } from './settings';
import {
  BAD_CHAR_MESSAGE,
  charCount,
  coerceBoolean,
  emptyToUndefined,
  hasBadCharacters,
  isAcceptedPhone,
  isValidIdNumber,
  normaliseIdNumber,
  normalisePhone,
  OTHER_PROCEDURE_IDS,
  PETITION_KIND_IDS,
  PETITION_LIMITS,
  PETITION_MESSAGES,
  PHONE_MESSAGE,
  phoneMessage,
  tidyText,
} from './petition-rules';

// Everything zod-free lives in petition-rules.ts (the browser's zod/mini schema needs it without zod).
export * from './petition-rules';

/**
 * Free text: line ends unified, Unicode NFC, trimmed. Single-line fields also fold every run of
 * white space into one space. Control characters and broken (lone surrogate) text are refused
 * with a message, not silently dropped, so that nothing the person wrote changes meaning unseen.
 */
function text(opts: { multiline: boolean; required: string; max: number; maxMessage: string }) {
  return z
    .string({ error: opts.required })
    .refine((s) => !hasBadCharacters(s, opts.multiline), BAD_CHAR_MESSAGE)
    .transform((s) => tidyText(s, opts.multiline))
    .refine((s) => s.length > 0, opts.required)
    .refine((s) => charCount(s) <= opts.max, opts.maxMessage);
}

const mustBeTrue = (message: string) => z.preprocess(coerceBoolean, z.literal(true, { error: message }));

export const PetitionInputSchema = z.object({
  /** Random UUID made by the client once per form; a repeated submission with it returns the same code. */
  submissionId: z.uuid({ error: PETITION_MESSAGES.pageInfo }),
  /** Petitioner's name, or an organisation's name (Art. 19: 姓名（名称）). */
  name: text({
    multiline: false,
    required: PETITION_MESSAGES.nameRequired,
    max: PETITION_LIMITS.nameMax,
    maxMessage: PETITION_MESSAGES.nameMax,
  }),
  /**
   * Phone number (phone-number.ts): a mainland mobile as 11 digits, a landline as 0 + area code +
   * number, any other as +<country code><number> (Art. 48). Its last four digits are the second
   * factor for tracking.
   */
  phone: z
    .string({ error: PHONE_MESSAGE })
    .transform(normalisePhone)
    .refine(isAcceptedPhone, { error: (issue) => phoneMessage(typeof issue.input === 'string' ? issue.input : '') }),
  /** Optional email for the receipt and updates. */
  email: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(PETITION_LIMITS.emailMax, PETITION_MESSAGES.emailMax)
      .pipe(z.email({ error: PETITION_MESSAGES.email }))
      .optional(),
  ),
  /** Postal address, for the written notice (Art. 19, Art. 23). */
  address: text({
    multiline: false,
    required: PETITION_MESSAGES.addressRequired,
    max: PETITION_LIMITS.addressMax,
    maxMessage: PETITION_MESSAGES.addressMax,
  }),
  /** Town or sub-district the matter concerns (属地管理), an id from settings.regions. */
  region: z.enum(regionIds, { error: PETITION_MESSAGES.region }),
  /** Kind of matter, Art. 29–31. */
  kind: z.enum(PETITION_KIND_IDS, { error: PETITION_MESSAGES.kind }),
  /** Issue area, an id from settings.issueAreas. */
  issueArea: z.enum(issueAreaIds, { error: PETITION_MESSAGES.issueArea }),
  /** One line that names the matter. */
  title: text({
    multiline: false,
    required: PETITION_MESSAGES.titleRequired,
    max: PETITION_LIMITS.titleMax,
    maxMessage: PETITION_MESSAGES.titleMax,
  }),
  /** The request (请求 / 诉求): what the petitioner wants done. */
  request: text({
    multiline: true,
    required: PETITION_MESSAGES.requestRequired,
    max: PETITION_LIMITS.requestMax,
    maxMessage: PETITION_MESSAGES.requestMax,
  }),
  /** Facts and reasons (事实、理由). */
  facts: text({
    multiline: true,
    required: PETITION_MESSAGES.factsRequired,
    max: PETITION_LIMITS.factsMax,
    maxMessage: PETITION_MESSAGES.factsMax,
  }),
  /** Optional resident ID number, GB 11643 (18 characters, check digit verified). */
  idNumber: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform(normaliseIdNumber)
      .refine((s) => isValidIdNumber(s), PETITION_MESSAGES.idNumber)
      .optional(),
  ),
  /** Whether the matter is in, or belongs to, another procedure (Art. 31). Default none. */
  otherProcedure: z.preprocess(
    emptyToUndefined,
    z.enum(OTHER_PROCEDURE_IDS, { error: PETITION_MESSAGES.otherProcedure }).default('none'),
  ),
  /** Truthfulness declaration, Art. 19 ¶2. */
  declaration: mustBeTrue(PETITION_MESSAGES.declaration),
  /** Consent to the privacy notice. */
  privacyConsent: mustBeTrue(PETITION_MESSAGES.privacyConsent),
  /** Honeypot: hidden from people, filled by bots. Must stay empty. */
  website: z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().max(0, PETITION_MESSAGES.website)),
  /**
   * The bot check's solution (ALTCHA widget payload, base64), when the server's CAPTCHA mode is
   * "altcha". Optional here: whether it is required, and its check, are the server's
   * (src/server/captcha.ts; a plain form post without script has none).
   */
  altcha: z.preprocess(
    emptyToUndefined,
    z.string({ error: PETITION_MESSAGES.altcha }).max(4096, PETITION_MESSAGES.altcha).optional(),
  ),
  /** When the form was opened, client clock in ms since the epoch; used for the minimum fill time. */
  startedAt: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number({ error: PETITION_MESSAGES.pageInfo })
      .int(PETITION_MESSAGES.pageInfo)
      .positive(PETITION_MESSAGES.pageInfo),
  ),
});

/** What the form holds before validation (strings from inputs, booleans from checkboxes). */
export type PetitionFormValues = z.input<typeof PetitionInputSchema>;
/** A valid petition after parsing: trimmed, normalised text, phone as 11 digits. */
export type PetitionInput = z.output<typeof PetitionInputSchema>;
export type PetitionField = keyof PetitionInput;
export const PETITION_FIELDS = Object.keys(PetitionInputSchema.shape) as PetitionField[];

/**
 * A form post (URLSearchParams or FormData) as a plain object the schema parses. Files are left
 * out (they are handled as attachments); for a repeated text field the first value counts.
 */
export function formToObject(form: URLSearchParams | FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key in out) continue;
    out[key] = value;
  }
  return out;
}

/** Field -> first message, the shape of the API's 422 answer and of the form's error summary. */
export function fieldErrors(error: z.ZodError): FieldErrors<PetitionField | 'attachments'> {
  return mapFieldErrors(error);
}
