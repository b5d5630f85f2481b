/**
 * The petition schema of src/lib/petition-schema.ts built with zod/mini, for the browser: the same
 * fields, rules and messages (all from petition-rules.ts), at a fraction of classic zod's weight on
 * the petition page (issue 11, finding 4). The server's schema stays the authority;
 * tests/unit/petition-schema-mini.test.ts holds the two to the same answers on a corpus of inputs.
 * Regions and issue areas come in as arguments so that this module never loads the settings
 * validator (classic zod) into the page.
 */
import * as z from 'zod/mini';
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
  PETITION_MESSAGES as M,
  PHONE_MESSAGE,
  phoneMessage,
  tidyText,
} from './petition-rules';

type Ids = readonly [string, ...string[]];

/** zod/mini has no preprocess: a transform piped into the schema does the same. */
function preprocess<T extends z.core.$ZodType>(fn: (v: unknown) => unknown, schema: T) {
  return z.pipe(z.transform(fn), schema);
}

function text(o: { multiline: boolean; required: string; max: number; maxMessage: string }) {
  return z.pipe(
    z.string({ error: o.required }).check(z.refine((s) => !hasBadCharacters(s, o.multiline), BAD_CHAR_MESSAGE)),
    z.pipe(
      z.transform((s: string) => tidyText(s, o.multiline)),
      z.string().check(
        z.refine((s) => s.length > 0, o.required),
        z.refine((s) => charCount(s) <= o.max, o.maxMessage),
      ),
    ),
  );
}

const mustBeTrue = (message: string) => preprocess(coerceBoolean, z.literal(true, { error: message }));

export function petitionMiniSchema(ids: { regionIds: Ids; issueAreaIds: Ids }) {
  return z.object({
    submissionId: z.uuid({ error: M.pageInfo }),
    name: text({ multiline: false, required: M.nameRequired, max: PETITION_LIMITS.nameMax, maxMessage: M.nameMax }),
    phone: z.pipe(
      z.string({ error: PHONE_MESSAGE }),
      z.pipe(
        z.transform(normalisePhone),
        z.string().check(
          z.refine(isAcceptedPhone, {
            error: (issue) => phoneMessage(typeof issue.input === 'string' ? issue.input : ''),
          }),
        ),
      ),
    ),
    email: preprocess(
      emptyToUndefined,
      z.optional(
        z.pipe(
          z.string().check(z.trim(), z.maxLength(PETITION_LIMITS.emailMax, M.emailMax)),
          z.email({ error: M.email }),
        ),
      ),
    ),
    address: text({
      multiline: false,
      required: M.addressRequired,
      max: PETITION_LIMITS.addressMax,
      maxMessage: M.addressMax,
    }),
    region: z.enum(ids.regionIds, { error: M.region }),
    kind: z.enum(PETITION_KIND_IDS, { error: M.kind }),
    issueArea: z.enum(ids.issueAreaIds, { error: M.issueArea }),
    title: text({ multiline: false, required: M.titleRequired, max: PETITION_LIMITS.titleMax, maxMessage: M.titleMax }),
    request: text({
      multiline: true,
      required: M.requestRequired,
      max: PETITION_LIMITS.requestMax,
      maxMessage: M.requestMax,
    }),
    facts: text({ multiline: true, required: M.factsRequired, max: PETITION_LIMITS.factsMax, maxMessage: M.factsMax }),
    idNumber: preprocess(
      emptyToUndefined,
      z.optional(
        z.pipe(
          z.string(),
          z.pipe(z.transform(normaliseIdNumber), z.string().check(z.refine((s) => isValidIdNumber(s), M.idNumber))),
        ),
      ),
    ),
    otherProcedure: preprocess(
      emptyToUndefined,
      z._default(z.enum(OTHER_PROCEDURE_IDS, { error: M.otherProcedure }), 'none'),
    ),
    declaration: mustBeTrue(M.declaration),
    privacyConsent: mustBeTrue(M.privacyConsent),
    website: preprocess((v) => (v === undefined || v === null ? '' : v), z.string().check(z.maxLength(0, M.website))),
    altcha: preprocess(emptyToUndefined, z.optional(z.string({ error: M.altcha }).check(z.maxLength(4096, M.altcha)))),
    startedAt: preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
      z.int({ error: M.pageInfo }).check(z.positive(M.pageInfo)),
    ),
  });
}
