/**
 * Small HTTP helpers shared by the route files: JSON answers, the messages they carry, what kind of
 * body a request has and what it wants back, and the client's address. Errors and their answers are
 * in errors.ts; reading bodies with a limit in request-body.ts.
 */

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
  const mode = env.TRUSTED_PROXY ?? 'none';
  let address: string | undefined;
  if (mode === 'cloudflare') address = request.headers.get('cf-connecting-ip') ?? undefined;
  else if (/^\d+$/.test(mode)) {
    const hops = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    address = hops[hops.length - Number(mode)];
  }
  address ??= env.PEER_ADDRESS;
  return address ? addressBucket(address) : 'no-address';
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
