/**
 * Re-decides, with the visitor's clock, which reception days a static page shows as upcoming or past.
 *
 * Pages are built ahead of time, but "upcoming" depends on when someone reads them: a page built last
 * week must not still invite people to a reception that ended yesterday. The build renders every entry
 * that could become visible (hidden where it should not show yet) and marks it with the attributes in
 * RECEPTION_ATTR; this filter, run by the Pages Functions that serve those pages, applies
 * planReceptions() at request time and removes what no longer holds. Without the function (a plain
 * static host) the page still shows the state at build time.
 *
 * Two passes over a buffered page: the first collects the marks (a list's empty message and limit may
 * come before its entries), the second rewrites. Listing pages are a few kilobytes, so buffering costs
 * nothing worth streaming for.
 */
import { RECEPTION_ATTR as A, planReceptions, type ReceptionMark } from '../lib/schedule';

/** Longest a filtered page may be cached: it can change as soon as a reception ends. */
const MAX_AGE_S = 300;

function parseMark(el: Element): ReceptionMark | null {
  const ends = Date.parse(el.getAttribute(A.ends) ?? '');
  const when = el.getAttribute(A.when);
  if (Number.isNaN(ends) || (when !== 'upcoming' && when !== 'past')) return null;
  return { ends, when, list: el.getAttribute(A.list) ?? undefined };
}

const ENTRY = `[${A.ends}][${A.when}]`;
const LIST = `[${A.list}]:not([${A.ends}])`;
const EMPTY = `[${A.empty}]`;

/** Rewrites an HTML page so that it shows the receptions as they stand at `now`. */
export async function filterReceptionPage(page: Response, now: Date): Promise<Response> {
  const type = page.headers.get('content-type') ?? '';
  if (page.status !== 200 || !type.includes('text/html')) return page;
  const html = await page.text();

  const marks: (ReceptionMark | null)[] = [];
  const limits = new Map<string, number>();
  await new HTMLRewriter()
    .on(ENTRY, { element: (el) => void marks.push(parseMark(el)) })
    .on(LIST, {
      element: (el) => {
        const limit = Number(el.getAttribute(A.limit));
        const id = el.getAttribute(A.list);
        if (id && Number.isInteger(limit) && limit > 0) limits.set(id, limit);
      },
    })
    .transform(new Response(html))
    .arrayBuffer();

  const valid = marks.filter((m): m is ReceptionMark => m !== null);
  const plan = planReceptions(valid, limits, now.getTime());
  // Map the plan (over valid marks) back onto every matched element, in document order.
  let entryIndex = 0;
  let validIndex = 0;
  const showByEntry = marks.map((m) => (m === null ? true : plan.show[validIndex++]!));

  const headers = new Headers(page.headers);
  headers.delete('content-length');
  headers.delete('etag');
  const untilChange = plan.nextChange === null ? MAX_AGE_S : Math.ceil((plan.nextChange - now.getTime()) / 1000);
  headers.set('cache-control', `public, max-age=${Math.max(0, Math.min(MAX_AGE_S, untilChange))}`);

  return new HTMLRewriter()
    .on(ENTRY, {
      element: (el) => {
        if (showByEntry[entryIndex++]) el.removeAttribute('hidden');
        else el.remove();
      },
    })
    .on(LIST, {
      element: (el) => {
        const id = el.getAttribute(A.list)!;
        if ((plan.shown.get(id) ?? 0) === 0) el.setAttribute('hidden', '');
        else el.removeAttribute('hidden');
      },
    })
    .on(EMPTY, {
      element: (el) => {
        const id = el.getAttribute(A.empty)!;
        if ((plan.shown.get(id) ?? 0) === 0) el.removeAttribute('hidden');
        else el.setAttribute('hidden', '');
      },
    })
    .transform(new Response(html, { status: page.status, statusText: page.statusText, headers }));
}

/**
 * The clock a request is judged by. Local development and the browser tests (DEV_MODE=1 in .dev.vars,
 * never set in production) may pass `x-debug-now: <ISO date-time>` to see a page as it will look later;
 * everywhere else it is the real time.
 */
export function requestClock(request: Request, env: { DEV_MODE?: string }): Date {
  const forced = request.headers.get('x-debug-now');
  // Same test as isDevMode() in env.ts, repeated so this module stays free of the D1/R2 bindings.
  if ((env.DEV_MODE === '1' || env.DEV_MODE === 'true') && forced) {
    const t = Date.parse(forced);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return new Date();
}
