/** The Node server compresses text answers for clients that ask, and leaves everything else alone. */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipped } from '@/server/node/compress';

const big = 'const a = "信访";\n'.repeat(400);
const answer = (type: string, body = big) =>
  new Response(body, {
    headers: { 'content-type': type, 'content-length': String(new TextEncoder().encode(body).length) },
  });
const ask = (encoding?: string, method = 'GET') =>
  new Request('http://127.0.0.1/x.js', { method, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('gzip on the Node server', () => {
  it('compresses a large script for a client that accepts gzip, and it decompresses to the same bytes', async () => {
    const r = gzipped(ask('gzip, deflate, br'), answer('text/javascript; charset=utf-8'));
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(r.headers.get('vary')).toContain('accept-encoding');
    expect(r.headers.get('content-length')).toBeNull();
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(big.length / 4);
    expect(new TextDecoder().decode(gunzipSync(bytes))).toBe(big);
  });

  it('leaves alone: no gzip asked, images, small bodies, HEAD, already encoded', () => {
    expect(gzipped(ask(), answer('text/html')).headers.get('content-encoding')).toBeNull();
    expect(gzipped(ask('gzip'), answer('image/png')).headers.get('content-encoding')).toBeNull();
    expect(gzipped(ask('gzip'), answer('text/html', 'small')).headers.get('content-encoding')).toBeNull();
    expect(gzipped(ask('gzip', 'HEAD'), answer('text/html')).headers.get('content-encoding')).toBeNull();
    const encoded = new Response('x'.repeat(5000), {
      headers: { 'content-type': 'text/html', 'content-encoding': 'br' },
    });
    expect(gzipped(ask('gzip'), encoded).headers.get('content-encoding')).toBe('br');
  });
});
