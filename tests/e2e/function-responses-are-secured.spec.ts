// The live server (the Node server) adds the security headers to what Functions answer: JSON,
// function-made HTML and pages a Function passes through.
import { describe, expect, inject, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/server/security-headers';

describe('Function responses', () => {
  const base = () => inject('baseUrl');
  const cases: [string, RequestInit][] = [
    ['/api/health', {}],
    [
      '/api/track',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"X","phoneLast4":"1"}' },
    ],
    ['/api/petitions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
    ['/petition/receipt/?code=NOPE', {}],
    ['/schedules/', {}],
    ['/', {}],
    ['/api/staff/me', {}],
    ['/api/ready', {}],
    ['/api/no-such-thing', {}],
    ['/api/track', {}],
  ];
  it.each(cases)('%s carries every security header', async (path, init) => {
    const r = await fetch(base() + path, init);
    expect(r.status).toBeLessThan(500);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      // A page whose URL holds a secret (the receipt) may send a stricter referrer policy.
      if (name === 'Referrer-Policy') expect([value, 'no-referrer'], `${path} ${name}`).toContain(r.headers.get(name));
      else expect(r.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });
});

describe('the live router: specific routes first, then the one /api fallback', () => {
  const base = () => inject('baseUrl');
  it('answers a known path asked with another method with 405 and Allow', async () => {
    for (const [path, method, allow] of [
      ['/api/track', 'GET', 'POST'],
      ['/api/petitions', 'PUT', 'POST'],
      ['/api/health', 'POST', 'GET'],
      ['/api/track/rate', 'GET', 'POST'],
    ] as const) {
      const r = await fetch(base() + path, { method, headers: { origin: base() } });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(await r.json()).toEqual({ error: '不支持这种请求方式' });
    }
  });

  it('answers an unknown /api path with a JSON 404, and the routes themselves still answer', async () => {
    const none = await fetch(`${base()}/api/petition`);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: '没有这个接口，请核对地址' });
    const ready = await fetch(`${base()}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, db: true, runtime: 'node', database: 'sqlite' });
    // The harness gives its server an INSTANCE_ID and /api/health repeats it (tests/e2e/support/server.ts).
    const health = await fetch(`${base()}/api/health`);
    expect(await health.json()).toEqual({
      ok: true,
      instance: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    });
  });
});
