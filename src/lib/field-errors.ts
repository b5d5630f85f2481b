/**
 * The one mapping from zod's issues to the answer every form and API in the portal shows: field
 * name -> its first message, in the order the schema reports them. An issue about the whole object
 * (a refine with no path) goes under `form`. Runtime-neutral: the server's 400/422 answers and the
 * islands' error summaries are built from the same function, so they cannot drift apart.
 */
import type { z } from 'zod';

/** Field name (or `form`) -> the first message for it; with named fields, each one optional. */
export type FieldErrors<K extends string = string> = string extends K
  ? Record<string, string>
  : Partial<Record<K | 'form', string>>;

export interface FieldErrorOptions {
  /** The message for an issue about the whole input (an object missing altogether, say). */
  formMessage?: string;
}

export function fieldErrors<K extends string = string>(
  // Only the issues: zod/mini's errors (the petition form in the browser) are not classic ZodErrors.
  error: { readonly issues: readonly z.core.$ZodIssue[] },
  options: FieldErrorOptions = {},
): FieldErrors<K> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const key = typeof head === 'string' ? head : 'form';
    out[key] ??= issue.path.length === 0 && options.formMessage !== undefined ? options.formMessage : issue.message;
  }
  return out as FieldErrors<K>;
}
