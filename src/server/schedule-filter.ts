/**
 * Re-decides, with the visitor's clock, which reception days a static page shows as upcoming or past.
 *
 * Pages are built ahead of time, but "upcoming" depends on when someone reads them: a page built last
 * week must not still invite people to a reception that ended yesterday. The build renders every entry
 * that could become visible (hidden where it should not show yet) and marks it with the attributes in
 * RECEPTION_ATTR; this filter, run by the app for the pages that carry them (/ and /schedules/*),
 * applies planReceptions() at request time and removes what no longer holds. Without the function (a plain
 * static host) the page still shows the state at build time.
 *
 * The page is buffered and parsed once (HtmlPage, which runs in Node and workerd alike): the marks are
 * read first (a list's empty message and limit may come before its entries), then the page is
 * edited. Listing pages are a few tens of kilobytes, so buffering costs nothing worth streaming for.
 */
import { RECEPTION_ATTR as A, planReceptions, type ReceptionMark } from '../lib/schedule';
import { isDevMode } from './env';
import { HtmlPage, type PageElement } from './html-rewriter';
import { isLocalRequest } from './http';

/** Longest a filtered page may be cached: it can change as soon as a reception ends. */
const MAX_AGE_S = 300;

function parseMark(el: PageElement): ReceptionMark | null {
  const ends = Date.parse(el.getAttribute(A.ends) ?? '');
  const when = el.getAttribute(A.when);
  if (Number.isNaN(ends) || (when !== 'upcoming' && when !== 'past')) return null;
  return { ends, when, list: el.getAttribute(A.list) ?? undefined };
}

const isEntry = (el: PageElement) => el.hasAttribute(A.ends) && el.hasAttribute(A.when);
const isList = (el: PageElement) => el.hasAttribute(A.list) && !el.hasAttribute(A.ends);
const isEmpty = (el: PageElement) => el.hasAttribute(A.empty);

/** Rewrites an HTML page so that it shows the receptions as they stand at `now`. */
export async function filterReceptionPage(page: Response, now: Date): Promise<Response> {
  const type = page.headers.get('content-type') ?? '';
  if (page.status !== 200 || !type.includes('text/html')) return page;
  const doc = new HtmlPage(await page.text());

  const entries = doc.all(isEntry);
  const lists = doc.all(isList);
  const empties = doc.all(isEmpty);
  const marks = entries.map(parseMark);
  const limits = new Map<string, number>();
  for (const el of lists) {
    const limit = Number(el.getAttribute(A.limit));
    const id = el.getAttribute(A.list);
    if (id && Number.isInteger(limit) && limit > 0) limits.set(id, limit);
  }

  const valid = marks.filter((m): m is ReceptionMark => m !== null);
  const plan = planReceptions(valid, limits, now.getTime());
  // Map the plan (over valid marks) back onto every entry, in document order; a malformed mark stays.
  let validIndex = 0;
  const showByEntry = marks.map((m) => (m === null ? true : plan.show[validIndex++]!));

  entries.forEach((el, i) => {
    if (showByEntry[i]) el.removeAttribute('hidden');
    else el.remove();
  });
  for (const el of lists) {
    if ((plan.shown.get(el.getAttribute(A.list)!) ?? 0) === 0) el.setAttribute('hidden', '');
    else el.removeAttribute('hidden');
  }
  for (const el of empties) {
    if ((plan.shown.get(el.getAttribute(A.empty)!) ?? 0) === 0) el.removeAttribute('hidden');
    else el.setAttribute('hidden', '');
  }

  const headers = new Headers(page.headers);
  headers.delete('content-length');
  headers.delete('etag');
  const untilChange = plan.nextChange === null ? MAX_AGE_S : Math.ceil((plan.nextChange - now.getTime()) / 1000);
  headers.set('cache-control', `public, max-age=${Math.max(0, Math.min(MAX_AGE_S, untilChange))}`);
  return new Response(doc.toString(), { status: page.status, statusText: page.statusText, headers });
}

/**
 * The clock a request is judged by. Local development and the browser tests (DEV_MODE=1 in .dev.vars)
 * may pass `x-debug-now: <ISO date-time>` to see a page as it will look later, but only from this
 * machine (isLocalRequest: a client elsewhere cannot move the clock even if DEV_MODE were left on,
 * and the Node server refuses DEV_MODE in a public configuration); everywhere else it is the real time.
 */
export function requestClock(
  request: Request,
  env: { DEV_MODE?: string; TRUSTED_PROXY?: string; PEER_ADDRESS?: string; RUNTIME?: string },
): Date {
  const forced = request.headers.get('x-debug-now');
  if (forced && isDevMode(env) && isLocalRequest(request, env)) {
    const t = Date.parse(forced);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return new Date();
}
