// The live server (wrangler pages dev) adds the security headers to what Functions answer: JSON,
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
