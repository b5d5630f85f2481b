/**
 * The draft of a petition, kept in this browser only (localStorage) so that a reload or a closed tab
 * does not cost an elderly person half an hour of typing. Nothing here is sent anywhere before the
 * person presses 提交. Files are not kept (they cannot be), nor the ID number (the most sensitive item,
 * and short to retype), nor the honeypot, nor the start time (a restored draft is timed afresh: the
 * server refuses a start time days old). Once a petition is submitted, nothing of it stays here
 * (issue 12, finding 9): not its submission id, not the personal fields.
 */
import type { PetitionFormValues } from '../lib/petition-schema';

export const DRAFT_KEY = 'xf-petition-draft-v1';

const KEPT = [
  // Kept while the form is being filled: a reload after a lost answer retries the same
  // submission, which the server answers with the same code (bound to the same body).
  'submissionId',
  'name',
  'phone',
  'email',
  'address',
  'region',
  'kind',
  'issueArea',
  'otherProcedure',
  'title',
  'request',
  'facts',
  'declaration',
  'privacyConsent',
] as const satisfies readonly (keyof PetitionFormValues)[];

export type Draft = Partial<Record<(typeof KEPT)[number], string | number | boolean>> & {
  /** The stage the person was at, so that a restored draft opens there (issue 11, finding 7). */
  stage?: number;
};

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Blocked storage (private mode, policies): the form works, only without a draft.
    return null;
  }
}

/** The saved draft, or null when there is none or it cannot be read. */
export function loadDraft(): Draft | null {
  const raw = storage()?.getItem(DRAFT_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const draft: Draft = {};
    for (const key of KEPT) {
      const v = (parsed as Record<string, unknown>)[key];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') draft[key] = v;
    }
    const stage = (parsed as Record<string, unknown>)['stage'];
    if (typeof stage === 'number' && Number.isInteger(stage) && stage >= 0) draft.stage = stage;
    return draft;
  } catch {
    return null;
  }
}

/** True when the values hold anything the person typed or chose (the hidden fields do not count). */
export function hasContent(draft: Draft): boolean {
  return KEPT.some((k) => k !== 'submissionId' && draft[k] !== undefined && draft[k] !== '' && draft[k] !== false);
}

// Set once the petition is submitted: a form-state change on the way to the receipt page (the
// island's watch fires on any update) must not write the submitted petition back.
let submitted = false;

export function saveDraft(values: Partial<Record<string, unknown>>): void {
  if (submitted) return;
  const draft: Draft = {};
  for (const key of KEPT) {
    const v = values[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') draft[key] = v;
  }
  if (typeof values['stage'] === 'number') draft.stage = values['stage'];
  try {
    if (hasContent(draft)) storage()?.setItem(DRAFT_KEY, JSON.stringify(draft));
    else storage()?.removeItem(DRAFT_KEY);
  } catch {
    // Quota or blocked storage: the draft is a convenience, never a reason to interrupt.
  }
}

export function clearDraft(): void {
  try {
    storage()?.removeItem(DRAFT_KEY);
  } catch {
    /* nothing to clear */
  }
}

/** The petition is submitted: the draft goes, and nothing more is saved on this page. */
export function forgetSubmittedDraft(): void {
  submitted = true;
  clearDraft();
}
