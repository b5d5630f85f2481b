/**
 * Pages that the server answers with are the static pages of the site (built by Astro into dist/),
 * fetched through the Assets port and edited with HtmlPage (./html-rewriter.ts), which runs in
 * Node and in workerd alike. The static page stays the one source of the markup; the server only
 * fills marked elements. Text goes in escaped; markup only as the html template's output.
 */
import type { Assets } from './platform/ports';
import { coerceBoolean, PETITION_FIELDS } from '../lib/petition-schema';
import { html, type Html } from './html';
import { HtmlPage, type PageElement } from './html-rewriter';

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
} as const;

/** The bare page used when a build lacks a shell: the same hooks, so the answer stays readable. */
function barePage(title: string): Html {
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main id="main"><h1>${title}</h1><div id="petition-errors"></div><div data-track="result"></div><p><a href="/">返回首页</a></p></main></body></html>`;
}

/**
 * The static page at `path`. If it is missing (a build without that page), a bare page with the same
 * hooks keeps the answer readable rather than failing.
 */
export async function fetchShell(
  assets: Assets,
  requestUrl: string,
  path: string,
  fallbackTitle: string,
): Promise<string> {
  try {
    const r = await assets.fetch(new URL(path, requestUrl).toString(), { method: 'GET' });
    if (r.ok && (r.headers.get('content-type') ?? '').includes('text/html')) return await r.text();
  } catch {
    // fall through to the bare page
  }
  return barePage(fallbackTitle).toString();
}

export function htmlResponse(
  body: string | Html | ReadableStream | null,
  status: number,
  extra: Record<string, string> = {},
): Response {
  // Html is a String object at run time; a Response wants the primitive.
  const init = body === null || body instanceof ReadableStream ? body : String(body);
  return new Response(init, { status, headers: { ...HTML_HEADERS, ...extra } });
}

const FIELD_ORDER: string[] = ['form', ...PETITION_FIELDS, 'attachments'];

const isControl = (el: PageElement) =>
  (el.name === 'input' || el.name === 'select' || el.name === 'textarea') && el.hasAttribute('name');

/** Sets the value of every input named `name`. */
export function setInputValues(page: HtmlPage, values: Record<string, string>): void {
  for (const el of page.all((e) => e.name === 'input' && e.hasAttribute('name'))) {
    const v = values[el.getAttribute('name')!];
    if (v !== undefined) el.setAttribute('value', v);
  }
}

/**
 * A plain form post goes to /petition/ (the same handler as /api/petitions), so that the page sent back
 * after a mistake keeps the page's own address; the island's script posts where it likes.
 */
export function postToPetitionPage(page: HtmlPage): void {
  const form = page.first((el) => el.name === 'form' && el.getAttribute('id') === 'petition-form');
  form?.setAttribute('action', '/petition/');
}

/** What the page sent back after a refused plain post knows beyond the fields' values. */
export interface PetitionErrorPageOptions {
  /** How many files the post carried: a browser cannot refill a file input, so the page says so. */
  filesChosen?: number;
}

const hasClass = (el: PageElement, name: string) => (el.getAttribute('class') ?? '').split(/\s+/).includes(name);

const addToken = (el: PageElement, attr: string, token: string) => {
  const now = (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean);
  if (!now.includes(token)) el.setAttribute(attr, [...now, token].join(' '));
};

/**
 * The petition page again, after a plain form post that did not pass: an error summary in
 * #petition-errors with a link to each field, which takes focus as the page loads (autofocus, no
 * script needed); each field's message next to it, joined to its control by aria-describedby; every
 * value the person typed put back (files cannot be, so the page says they must be chosen again, and
 * the honeypot is not). The form posts to /petition/ from here on, so the address stays the page's.
 */
export function renderPetitionWithErrors(
  shell: string,
  errors: Record<string, string>,
  values: Record<string, unknown>,
  options: PetitionErrorPageOptions = {},
): string {
  const page = new HtmlPage(shell);
  const controls = page.all(isControl);
  // The id of each field's first control (radio groups: the first option) is its summary link.
  const ids = new Map<string, string>();
  for (const el of controls) {
    const name = el.getAttribute('name')!;
    const id = el.getAttribute('id');
    if (id && !ids.has(name)) ids.set(name, id);
  }
  const ordered = Object.entries(errors).sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  const items = ordered.map(([field, message]) =>
    field === 'form'
      ? html`<li>${message}</li>`
      : html`<li><a href="#${ids.get(field) ?? `petition-${field}`}">${message}</a></li>`,
  );
  const files = options.filesChosen ?? 0;
  const filesAgain =
    files > 0 ? `您选择的 ${files} 个附件这次没有保存（浏览器不能替您保留已选的文件），请重新选择。` : '';
  const filesItem = filesAgain
    ? html`<p><a href="#${ids.get('attachments') ?? 'petition-attachments'}">${filesAgain}</a></p>`
    : html``;
  const summary = html`<div class="error-summary" role="alert" aria-labelledby="petition-error-title">
<h2 id="petition-error-title">提交未成功，请修改以下 ${ordered.length} 处内容</h2><ul>${items}</ul>${filesItem}</div>`;
  const text = (name: string): string | null => {
    const v = values[name];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  };
  const skip = new Set(['website', 'attachments']);

  page.first((el) => el.name === 'title')?.prependText('错误：');
  for (const el of page.all((e) => e.getAttribute('id') === 'petition-errors')) {
    el.setHtml(summary);
    el.removeAttribute('hidden');
    // Focus on the summary without script: autofocus needs a focusable element.
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.setAttribute('autofocus', '');
  }
  postToPetitionPage(page);

  // Each field's message, once, before its control (a radio group's: before its options, with the
  // group's hint above it), as GOV.UK places it; every control of the field is described by it.
  const placed = new Set<string>();
  for (const el of controls) {
    const name = el.getAttribute('name')!;
    const message = name === 'form' ? undefined : errors[name];
    const note = name === 'attachments' && filesAgain ? filesAgain : '';
    if (!message && !note) continue;
    const errorId = `petition-${name}-error`;
    addToken(el, 'aria-describedby', errorId);
    if (placed.has(name)) continue;
    placed.add(name);
    const type = (el.getAttribute('type') ?? '').toLowerCase();
    const anchor =
      (type === 'radio' && el.closest((p) => hasClass(p, 'choices'))) ||
      (type === 'checkbox' && el.closest((p) => hasClass(p, 'choice'))) ||
      el;
    const field = el.closest((p) => hasClass(p, 'field'));
    if (field && message) {
      addToken(field, 'class', 'has-error');
      if (field.name === 'fieldset') addToken(field, 'aria-describedby', errorId);
    }
    const words = [message, note].filter(Boolean).join(' ');
    anchor.before(
      html`<span class="field-error" id="${errorId}"><span class="visually-hidden">${message ? '错误：' : '请注意：'}</span>${words}</span>`,
    );
  }

  for (const el of controls) {
    const name = el.getAttribute('name')!;
    if (errors[name]) el.setAttribute('aria-invalid', 'true');
    if (el.name === 'textarea') {
      const v = text(name);
      if (v !== null) el.setText(v);
    }
    if (el.name !== 'input' || skip.has(name) || !(name in values)) continue;
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'file' || type === 'password') continue;
    if (type === 'checkbox') {
      if (coerceBoolean(values[name]) === true) el.setAttribute('checked', '');
      else el.removeAttribute('checked');
    } else if (type === 'radio') {
      if (el.getAttribute('value') === text(name)) el.setAttribute('checked', '');
      else el.removeAttribute('checked');
    } else {
      const v = text(name);
      if (v !== null) el.setAttribute('value', v);
    }
  }
  for (const option of page.all((e) => e.name === 'option')) {
    const select = option.closest((e) => e.name === 'select' && e.hasAttribute('name'));
    const v = select ? text(select.getAttribute('name')!) : null;
    if (v === null) continue;
    if (option.getAttribute('value') === v) option.setAttribute('selected', '');
    else option.removeAttribute('selected');
  }
  return page.toString();
}

type Fill = { text: string; href?: string } | { html: Html } | { remove: true };

/**
 * Fills the elements marked `[data-<attr>="key"]`: text is escaped, `html` entries are markup made by
 * the html template. Elements that carry any attribute named in `removeMarked` are removed.
 */
export function fillMarked(
  shell: string,
  attr: string,
  fill: Record<string, Fill>,
  removeMarked: string[] = [],
): string {
  const page = new HtmlPage(shell);
  for (const el of page.elements) {
    if (removeMarked.some((a) => el.hasAttribute(a))) {
      el.remove();
      continue;
    }
    const key = el.getAttribute(attr);
    const value = key !== null && Object.hasOwn(fill, key) ? fill[key] : undefined;
    if (!value) continue;
    if ('remove' in value) el.remove();
    else if ('html' in value) el.setHtml(value.html);
    else {
      if (value.href !== undefined) el.setAttribute('href', value.href);
      el.setText(value.text);
    }
  }
  return page.toString();
}
