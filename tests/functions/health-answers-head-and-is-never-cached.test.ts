/** Issue 12, "also": HEAD /api/health answers like GET; health and the form logout are not cached. */
import { describe, expect, it } from 'vitest';
import { call, ORIGIN } from './helpers';
import { request, signIn } from './staff-helpers';

describe('monitoring and sign-out answers', () => {
  it('HEAD /api/health answers 200 like GET, with no body', async () => {
    const head = await call(new Request(`${ORIGIN}/api/health`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const get = await call(new Request(`${ORIGIN}/api/health`));
    expect(get.headers.get('cache-control')).toBe('no-store');
    expect(head.headers.get('cache-control')).toBe('no-store');
  });

  it('the form logout 303 is not cached', async () => {
    const cookie = await signIn();
    const r = await request('POST', '/api/staff/logout', { cookie, as: 'form', body: {} });
    expect(r.status).toBe(303);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});
