/**
 * Pages that functions answer with are the static pages of the site (built by Astro into dist/),
 * fetched through env.ASSETS and filled with HTMLRewriter. The static page stays the one source of
 * the markup; the function only fills marked elements. Everything inserted is escaped here.
 */
import type { Assets } from './platform/ports';
import { coerceBoolean, PETITION_FIELDS } from '../lib/petition-schema';
import { escapeHtml } from './mail';

/**
 * Sets an input's value. HTMLRewriter escapes only the quote in attribute values; an ampersand must
 * be escaped too, or "&lt;" typed by a person would come back as "<".
 */
export function setInputValue(el: Element, value: string): void {
  el.setAttribute('value', value.replace(/&/g, '&amp;'));
}

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
} as const;

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
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(fallbackTitle)}</title></head>
<body><main id="main"><h1>${escapeHtml(fallbackTitle)}</h1><div id="petition-errors"></div><div data-track="result"></div><p><a href="/">返回首页</a></p></main></body></html>`;
}

export function htmlResponse(
  html: string | ReadableStream | null,
  status: number,
  extra: Record<string, string> = {},
): Response {
  return new Response(html, { status, headers: { ...HTML_HEADERS, ...extra } });
}

const FIELD_ORDER: string[] = ['form', ...PETITION_FIELDS, 'attachments'];

/** Collects, for every field name, the id of its first control (radio groups: the first option). */
async function firstIds(html: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await new HTMLRewriter()
    .on('input[name], select[name], textarea[name]', {
      element(el) {
        const name = el.getAttribute('name');
        const id = el.getAttribute('id');
        if (name && id && !ids.has(name)) ids.set(name, id);
      },
    })
    .transform(new Response(html))
    .text();
  return ids;
}

/**
 * The petition page again, after a plain form post that did not pass: an error summary in
 * #petition-errors with a link to each field, each control marked aria-invalid, and every value the
 * person typed put back (files cannot be, and the honeypot is not).
 */
export async function renderPetitionWithErrors(
  shell: string,
  errors: Record<string, string>,
  values: Record<string, unknown>,
): Promise<ReadableStream | null> {
  const ids = await firstIds(shell);
  const ordered = Object.entries(errors).sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  const items = ordered
    .map(([field, message]) => {
      const id = ids.get(field) ?? `petition-${field}`;
      return field === 'form'
        ? `<li>${escapeHtml(message)}</li>`
        : `<li><a href="#${escapeHtml(id)}">${escapeHtml(message)}</a></li>`;
    })
    .join('');
  const summary = `<div class="error-summary" role="alert" aria-labelledby="petition-error-title">
<h2 id="petition-error-title">提交未成功，请修改以下 ${ordered.length} 处内容</h2><ul>${items}</ul></div>`;
  const text = (name: string): string | null => {
    const v = values[name];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  };
  const skip = new Set(['website', 'attachments']);

  let rewriter = new HTMLRewriter()
    .on('title', {
      element(el) {
        el.prepend('错误：');
      },
    })
    .on('#petition-errors', {
      element(el) {
        el.setInnerContent(summary, { html: true });
        el.removeAttribute('hidden');
      },
    })
    .on('input[name]', {
      element(el) {
        const name = el.getAttribute('name')!;
        if (errors[name]) el.setAttribute('aria-invalid', 'true');
        if (skip.has(name) || !(name in values)) return;
        const type = (el.getAttribute('type') ?? 'text').toLowerCase();
        if (type === 'file' || type === 'password') return;
        if (type === 'checkbox') {
          if (coerceBoolean(values[name]) === true) el.setAttribute('checked', '');
          else el.removeAttribute('checked');
        } else if (type === 'radio') {
          if (el.getAttribute('value') === text(name)) el.setAttribute('checked', '');
          else el.removeAttribute('checked');
        } else {
          const v = text(name);
          if (v !== null) setInputValue(el, v);
        }
      },
    })
    .on('textarea[name]', {
      element(el) {
        const name = el.getAttribute('name')!;
        if (errors[name]) el.setAttribute('aria-invalid', 'true');
        const v = text(name);
        if (v !== null) el.setInnerContent(v);
      },
    })
    .on('select[name]', {
      element(el) {
        if (errors[el.getAttribute('name')!]) el.setAttribute('aria-invalid', 'true');
      },
    });
  for (const name of Object.keys(values)) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) continue;
    const v = text(name);
    if (v === null) continue;
    rewriter = rewriter.on(`select[name="${name}"] option`, {
      element(el) {
        if (el.getAttribute('value') === v) el.setAttribute('selected', '');
        else el.removeAttribute('selected');
      },
    });
  }
  return rewriter.transform(new Response(shell)).body;
}

/** Fills the elements marked `[data-<attr>="key"]`: text is escaped, `html` entries are inserted as they are. */
export function fillMarked(
  shell: string,
  attr: string,
  fill: Record<string, { text: string } | { html: string } | { href: string; text: string } | { remove: true }>,
  extra?: (r: HTMLRewriter) => HTMLRewriter,
): ReadableStream | null {
  let rewriter = new HTMLRewriter();
  for (const [key, value] of Object.entries(fill)) {
    rewriter = rewriter.on(`[${attr}="${key}"]`, {
      element(el) {
        if ('remove' in value) el.remove();
        else if ('html' in value) el.setInnerContent(value.html, { html: true });
        else {
          if ('href' in value) el.setAttribute('href', value.href);
          el.setInnerContent(value.text);
        }
      },
    });
  }
  if (extra) rewriter = extra(rewriter);
  return rewriter.transform(new Response(shell)).body;
}
