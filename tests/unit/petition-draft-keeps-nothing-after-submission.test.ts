/**
 * Issue 12, finding 9: once a petition is submitted, the browser keeps nothing of it — no
 * submission id, no personal field — even if the form's state changes again on the way to the
 * receipt; and a draft never keeps the start time (a restored draft is timed afresh).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_KEY, forgetSubmittedDraft, loadDraft, saveDraft } from '../../src/islands/petition-draft';

// The browser's storage: the one part of the browser this module touches.
const store = new Map<string, string>();
const localStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
};
(globalThis as { window?: unknown }).window = { localStorage };

const filled = {
  submissionId: 'a1b2',
  startedAt: 1_700_000_000_000,
  name: '张三',
  phone: '13812345678',
  title: '工资被拖欠',
};

describe('the petition draft', () => {
  beforeEach(() => store.clear());

  it('keeps what the person typed and the submission id while filling, never the start time', () => {
    saveDraft(filled);
    expect(loadDraft()).toEqual({ submissionId: 'a1b2', name: '张三', phone: '13812345678', title: '工资被拖欠' });
    expect(store.get(DRAFT_KEY)).not.toContain('startedAt');
  });

  it('after submission holds nothing, and later form changes do not write it back', () => {
    saveDraft(filled);
    forgetSubmittedDraft();
    saveDraft(filled);
    expect(store.size).toBe(0);
    expect(loadDraft()).toBeNull();
  });
});
