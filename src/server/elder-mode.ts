/**
 * 长辈模式 without JavaScript (issue 11, finding 3). The header's links ask GET /elder/?on=1|0&back=…,
 * which remembers the choice in a cookie and sends the person back to the page; every HTML page the
 * app answers (on Node: every page, since the server serves dist/ through the app) then carries
 * `class="elder"` on <html> for that cookie, so the large print needs no script. With script,
 * public/mode.js reads the same cookie before the first paint and its button writes it, so both ways
 * agree. On Cloudflare Pages the static files bypass the function: there only the pages the function
 * fills (see scripts/write-routes.mjs) get the class without script.
 */

export const ELDER_COOKIE = 'xf-elder';
const YEAR_SECONDS = 365 * 24 * 3600;

/** A path of this site to go back to; anything else (another host, `//x`, `/\x`) goes home. */
export function safeBackPath(back: string | null): string {
  if (!back || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  try {
    const url = new URL(back, 'http://site.invalid');
    return url.host === 'site.invalid' ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}

/** GET /elder/?on=1 or ?on=0: the switch for browsers without script. */
export function handleElderSwitch(request: Request): Response {
  const url = new URL(request.url);
  const on = url.searchParams.get('on') !== '0';
  // Readable by mode.js (no HttpOnly) because it holds only a display preference, nothing to steal.
  const cookie = `${ELDER_COOKIE}=${on ? '1' : '0'}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax`;
  return new Response(null, {
    status: 303,
    headers: {
      location: safeBackPath(url.searchParams.get('back')),
      'set-cookie': cookie,
      'cache-control': 'no-store',
    },
  });
}

const HTML_START = '<html lang="zh-CN"';
const ELDER_ON = new RegExp(`(?:^|;\\s*)${ELDER_COOKIE}=1(?:;|$)`);

/**
 * The answer with 长辈模式 applied when the request's cookie asks for it. Every HTML answer varies with
 * the cookie, so no cache hands one person's mode to another.
 */
export async function withElderMode(request: Request, response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const elder = ELDER_ON.test(request.headers.get('cookie') ?? '');
  if (!elder || response.body === null) {
    const out = new Response(response.body, response);
    out.headers.append('vary', 'Cookie');
    return out;
  }
  const page = await response.text();
  const at = page.indexOf(HTML_START);
  const body =
    at < 0 ? page : `${page.slice(0, at)}<html class="elder" lang="zh-CN"${page.slice(at + HTML_START.length)}`;
  const out = new Response(body, response);
  out.headers.delete('content-length');
  out.headers.append('vary', 'Cookie');
  return out;
}
