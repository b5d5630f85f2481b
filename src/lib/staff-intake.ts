/**
 * The one schema of a petition that staff register by hand (POST /api/staff/cases): a letter, a
 * visit, a call or a fax. Its petition fields are the online form's own (petition-schema.ts, the
 * same zod fields and messages), so a case reads the same whatever the channel; what differs is
 * what a person at the counter or on the phone can give, and what the office must record:
 * - the channel and the day the office received the matter (Art. 22's 15 days count from it);
 * - no mobile number: the slip then prints a PIN as the second factor for tracking;
 * - for a visit or a call, the handler writes down what was said (Art. 19 ¶1: 如实记录) and
 *   confirms that the petitioner agreed with the record;
 * - a group visit's representatives, at most five (Art. 20 ¶3);
 * - a visit at a 领导接访日: the reception it came to.
 * The console island validates with it (zodResolver) and the server again; the server is the authority.
 */
import { z } from 'zod';
import { MAX_REPRESENTATIVES, STAFF_CHANNEL_IDS, isOralChannel } from './channels';
import { fieldErrors as mapFieldErrors, type FieldErrors } from './field-errors';
import { coerceBoolean, PETITION_LIMITS, PetitionInputSchema } from './petition-schema';

const online = PetitionInputSchema.shape;

const blank = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v;

export const INTAKE_MESSAGES = {
  channel: '请选择收到信访事项的方式：来信、来访、来电或传真',
  receivedOn: '请填写信访部门收到信访事项的日期，例如 2026-11-20',
  receivedFuture: '收到日期不能晚于今天，请核对',
  receivedOld: '收到日期早于一年前，请核对；确是旧件的，请在备注中说明',
  oralConfirmed: '来访、来电的事项须如实记录，并向信访人宣读或复述、经其确认后勾选此项',
  representatives: `多人走访的，应当推选代表，代表人数不得超过 ${MAX_REPRESENTATIVES} 人（《信访工作条例》第二十条第三款）`,
  representativesNeeded: '多人走访的，请登记推选的代表（至少 1 人）',
  groupOnlyVisit: '只有走访才登记来访人数和代表',
  reception: '领导接访日只适用于来访，请选择“来访”或不选接访日',
  receptionUnknown: '找不到这个领导接访日，请从列表中选择',
  receptionDay: '所选领导接访日的日期与收到日期不一致，请核对',
  smsNoPhone: '没有手机号码的，无法发送短信；回执上会打印查询密码',
} as const;

const isoDay = z.string({ error: INTAKE_MESSAGES.receivedOn }).regex(/^\d{4}-\d{2}-\d{2}$/, INTAKE_MESSAGES.receivedOn);

export const RepresentativeSchema = z.object({
  name: online.name,
  phone: z.preprocess(blank, online.phone.optional()),
});

export const StaffIntakeSchema = z
  .object({
    /** Random UUID made by the console once per form; a repeated post returns the same case. */
    submissionId: online.submissionId,
    channel: z.enum(STAFF_CHANNEL_IDS, { error: INTAKE_MESSAGES.channel }),
    /** YYYY-MM-DD (Asia/Shanghai) the office received it: the postmark's arrival, the visit, the call. */
    receivedOn: isoDay,
    name: online.name,
    /** Optional here: people without a mobile get a PIN on the slip instead. */
    phone: z.preprocess(blank, online.phone.optional()),
    email: online.email,
    address: online.address,
    region: online.region,
    kind: online.kind,
    issueArea: online.issueArea,
    title: online.title,
    request: online.request,
    facts: online.facts,
    idNumber: online.idNumber,
    otherProcedure: online.otherProcedure,
    /** The petitioner does not want SMS notices. */
    smsOptOut: z.preprocess(coerceBoolean, z.boolean()).default(false),
    /** Visit or call: the record was read back and the petitioner confirmed it (Art. 19 ¶1). */
    oralConfirmed: z.preprocess(coerceBoolean, z.boolean()).default(false),
    /** How many came together (visit only); more than one means a group visit. */
    groupSize: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blank(v)),
      z.number({ error: '来访人数应为 1 到 9999 之间的整数' }).int('来访人数应为整数').min(1).max(9999).optional(),
    ),
    representatives: z
      .array(RepresentativeSchema, { error: INTAKE_MESSAGES.representatives })
      .max(MAX_REPRESENTATIVES, INTAKE_MESSAGES.representatives)
      .default([]),
    /** A content/schedules entry id (visit only): the 领导接访日 the visitor came to. */
    receptionId: z.preprocess(blank, z.string().max(200, INTAKE_MESSAGES.receptionUnknown).optional()),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (isOralChannel(v.channel) && !v.oralConfirmed) issue('oralConfirmed', INTAKE_MESSAGES.oralConfirmed);
    const group = (v.groupSize ?? 1) > 1 || v.representatives.length > 0;
    if (group && v.channel !== 'visit') issue('groupSize', INTAKE_MESSAGES.groupOnlyVisit);
    else if ((v.groupSize ?? 1) > 1 && v.representatives.length === 0)
      issue('representatives', INTAKE_MESSAGES.representativesNeeded);
    if (v.receptionId && v.channel !== 'visit') issue('receptionId', INTAKE_MESSAGES.reception);
  });

export type StaffIntakeValues = z.input<typeof StaffIntakeSchema>;
export type StaffIntake = z.output<typeof StaffIntakeSchema>;
export type StaffIntakeField = keyof StaffIntake;

export function intakeFieldErrors(error: z.ZodError): FieldErrors<StaffIntakeField | 'attachments' | 'form'> {
  return mapFieldErrors(error);
}

/** A PIN: four digits, as the tracking form's second factor takes them. */
export const PIN_LENGTH = 4;

export { PETITION_LIMITS };

/** One reception day as the console lists it and the server checks it (built to /staff/receptions.json). */
export interface ReceptionEntry {
  id: string;
  date: string;
  start: string;
  end: string;
  leader: { name: string; post: string };
  place: string;
}

/** What POST /api/staff/cases answers. */
export interface IntakeResult {
  id: string;
  code: string;
  codeFormatted: string;
  /** Printed on the slip when the petitioner gave no mobile number; shown once more on reprint. */
  pin: string | null;
  slipUrl: string;
  existing: boolean;
  repeats: RepeatMatch[];
}

/** An earlier case that may be the same matter (Art. 19 ¶3, 36 ¶3); shown to staff, never decided for them. */
export interface RepeatMatch {
  id: string;
  code: string;
  title: string;
  status: string;
  statusLabel: string;
  stage: string;
  channel: string;
  createdAt: string;
  /** same-person: the ID number or the name and phone match; similar: the title or facts are alike. */
  why: ('same-id' | 'same-name-phone' | 'similar')[];
  /** Share of the facts' character pairs in common, 0–1. */
  similarity: number;
  /**
   * Set when the earlier matter ended with a 复核 opinion (已终结) and the facts are the same: the
   * ground a 不予受理 decision would cite (workflow.ts NOT_ACCEPT_GROUNDS), for staff to weigh.
   */
  ground: 'art36-3' | 'art19-3' | null;
  basis: string | null;
}
