/**
 * The choices of the staff console's action forms, one list each: the zod enums of the action
 * bodies (case-actions.ts) and the console's <select> options (src/islands/staff/staff-actions.tsx)
 * both come from here. No zod, so the console loads only the words.
 */
import type { ReplyDeliveryMethod } from './deadlines';
import { PETITION_KINDS } from './petition-rules';

type Options<Id extends string> = readonly (readonly [Id, string])[];

/** How staff record that a written reply reached the citizen ('tracking-page' is the system's own). */
export const STAFF_DELIVERY_OPTIONS = [
  ['post', '邮寄，已签收'],
  ['in-person', '当面送达'],
  ['mail', '电子邮件已送达'],
] as const satisfies Options<Exclude<ReplyDeliveryMethod, 'tracking-page'>>;

/** Art. 40 ¶1–3: the three kinds of recommendation a 信访部门 makes. */
export const RECOMMENDATION_OPTIONS = [
  ['improve', '改进工作'],
  ['policy', '完善政策'],
  ['accountability', '追究责任'],
] as const satisfies Options<string>;

/** Art. 40 ¶4: how the body says it adopted a recommendation. */
export const ADOPTION_OPTIONS = [
  ['adopted', '采纳'],
  ['partly', '部分采纳'],
  ['not-adopted', '未采纳'],
] as const satisfies Options<string>;

/** The kinds of matter (Art. 29–31), as a correction of the kind offers them. */
export const KIND_OPTIONS: Options<(typeof PETITION_KINDS)[number]['id']> = PETITION_KINDS.map(
  (k) => [k.id, `${k.label}类`] as const,
);

/** The ids of a list, as the non-empty tuple z.enum takes. */
export function optionIds<Id extends string>(options: readonly (readonly [Id, string])[]): [Id, ...Id[]] {
  return options.map(([id]) => id) as [Id, ...Id[]];
}
