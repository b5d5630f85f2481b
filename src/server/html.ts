/**
 * The one way the server writes HTML: Hono's `html` tagged template, in which every interpolated
 * value is escaped unless it is already markup (the result of another `html` template, or `raw()`
 * where trusted markup such as a library's SVG is inserted on purpose). Nothing the server sends is
 * assembled from hand-escaped strings.
 *
 * The wrapper only narrows the types: values are text, numbers, nothing, markup or lists of these,
 * never a Promise (Hono would then return one), so every template stays synchronous.
 */
import { html as honoHtml, raw as honoRaw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Markup that is safe to insert as it is: the output of `html` or `raw`. */
export type Html = HtmlEscapedString;

export type HtmlValue = string | number | boolean | null | undefined | Html | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  const out = honoHtml(strings, ...values);
  // Only a Promise among the values makes Hono's template asynchronous, and the types forbid that.
  if (out instanceof Promise) throw new TypeError('html template received a Promise');
  return out;
}

/** Marks trusted markup (never text from a request or the database) as safe to insert unescaped. */
export function raw(markup: string): Html {
  return honoRaw(markup);
}

/** True for markup made by `html` or `raw`; a plain string is text and is escaped where it lands. */
export function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as { isEscaped?: unknown }).isEscaped === true;
}

/**
 * Text for an element's content: what the HTML serialisation algorithm escapes there (&, <, >).
 * Quotes stay as typed, as in a browser's own serialisation.
 */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * A value for a double-quoted attribute: & and " are escaped, which is all that can end the value or
 * change what it decodes to ("&lt;" typed by a person must come back as "&lt;", not "<").
 */
export function escapeAttribute(value: string): string {
  return value.replace(/[&"]/g, (c) => (c === '&' ? '&amp;' : '&quot;'));
}
