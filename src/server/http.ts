/**
 * Small HTTP helpers shared by the route files: JSON answers, the messages they carry, what kind of
 * body a request has and what it wants back, and the client's address. Errors and their answers are
 * in errors.ts; reading bodies with a limit in request-body.ts.
 */
import { settings } from '../lib/settings';

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export const MESSAGES = {
  badJson: '提交的内容格式不正确，请刷新页面后重新填写提交',
  tooLarge: '提交的内容太大。附件最多 5 个，每个不超过 10 MB，请删减后重新提交',
  wrongType: '提交方式不正确，请通过网上信访页面的表单提交',
  methodNotAllowed: '不支持这种请求方式',
  notFound: '没有这个接口，请核对地址',
  serverError: '系统暂时无法处理，您填写的内容没有丢失，请稍后再试；着急的可以拨打信访电话',
} as const;

export type BodyKind = 'json' | 'urlencoded' | 'multipart';

export function bodyKind(request: Request): BodyKind | null {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  return null;
}

/** True when the client wants JSON back (fetch from an island), false for a plain HTML form post. */
export function wantsJson(request: Request, kind: BodyKind | null): boolean {
  if (kind === 'json') return true;
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/**
 * The client's address, from where the deployment says it can be trusted (env.TRUSTED_PROXY):
 * - "cloudflare": CF-Connecting-IP, which Cloudflare sets and clients cannot;
 * - "none": the socket's peer (the Node server facing clients itself);
 * - N (1 behind nginx): the Nth address from the right of X-Forwarded-For, the one the outermost
 *   trusted proxy saw; anything further left was written by the client and is ignored.
 * Never X-Real-IP or any header a client can set. IPv6 addresses count per /64, the block one
 * subscriber gets, so a client cannot pass a per-address limit by rotating within it.
 * Only ever stored as a keyed hash.
 */
export function clientIp(request: Request, env: { TRUSTED_PROXY?: string; PEER_ADDRESS?: string }): string {
  const address = rawClientAddress(request, env);
  // No address at all is a runtime set up wrong (Node always has a peer; Cloudflare always sets
  // CF-Connecting-IP): fail loudly rather than put every such client in one shared bucket.
  if (!address) throw new Error('no client address: check TRUSTED_PROXY');
  return addressBucket(address);
}

/** The client's address as the trusted source gives it, before bucketing. */
function rawClientAddress(
  request: Request,
  env: { TRUSTED_PROXY?: string; PEER_ADDRESS?: string },
): string | undefined {
  const mode = env.TRUSTED_PROXY ?? 'none';
  let address: string | undefined;
  if (mode === 'cloudflare') address = request.headers.get('cf-connecting-ip') ?? undefined;
  else if (/^\d+$/.test(mode)) {
    const hops = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // Fewer hops than proxies (a request that skipped the outer one): the leftmost, which a proxy
    // wrote; never the peer, which would put every such client in the nearest proxy's bucket.
    address = hops.length >= Number(mode) ? hops[hops.length - Number(mode)] : hops[0];
  }
  return address || env.PEER_ADDRESS || undefined;
}

/** An IPv4 address as it is; an IPv6 address as its /64 prefix (IPv4-mapped ones as IPv4). */
export function addressBucket(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (!a.includes(':')) return a;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The site's own origin, for every absolute link (mail, receipt QR codes): SITE_URL, else
 * settings.site.url. Never the request's Host, which any client can set (issue 12, finding 1).
 */
export function siteOrigin(env: { SITE_URL?: string | undefined }): string {
  return new URL(env.SITE_URL || settings.site.url).origin;
}

/** Origins a state-changing request may come from: the configured ones, never the request's own. */
export function allowedOrigins(env: { SITE_URL?: string | undefined }): Set<string> {
  const origins = [siteOrigin(env), new URL(settings.site.url).origin];
  return new Set([...origins, ...origins.map(loopbackTwin).filter((o): o is string => o !== null)]);
}

/**
 * http://localhost:8788 and http://127.0.0.1:8788 are the same local server, and a developer opens
 * either: each allows the other. Only loopback names get a twin, so no public origin is widened.
 */
function loopbackTwin(origin: string): string | null {
  const u = new URL(origin);
  if (u.hostname === 'localhost') u.hostname = '127.0.0.1';
  else if (u.hostname === '127.0.0.1') u.hostname = 'localhost';
  else return null;
  return u.origin;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === '::1' || a === '0:0:0:0:0:0:0:1';
}

/**
 * True when the client is on this machine, for the development switches (DEV_MODE). The address is
 * the one TRUSTED_PROXY names, so a client behind nginx (which connects from 127.0.0.1) is not
 * local. On Node the socket peer must be loopback too: a header can say anything, the socket
 * cannot. On Cloudflare there is no peer: CF-Connecting-IP is the real client everywhere but under
 * `wrangler pages dev`, whose local proxy sets it to the loopback address it was reached on.
 */
export function isLocalRequest(
  request: Request,
  env: { TRUSTED_PROXY?: string; PEER_ADDRESS?: string; RUNTIME?: string },
): boolean {
  if (env.RUNTIME === 'node' && !isLoopback(env.PEER_ADDRESS)) return false;
  return isLoopback(rawClientAddress(request, env));
}
