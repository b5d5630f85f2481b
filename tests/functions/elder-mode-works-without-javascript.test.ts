/**
 * 长辈模式 without JavaScript (issue 11, finding 3): the header's links ask /elder/, which remembers the
 * choice in a cookie and goes back to the page; the pages the app answers then carry the large print.
 */
import { describe, expect, it } from 'vitest';
import { asFormFields, call, freshIp, ORIGIN, postForm, validPetition } from './helpers';

const get = (path: string, cookie?: string) =>
  call(new Request(`${ORIGIN}${path}`, cookie ? { headers: { cookie } } : {}));

describe('长辈模式 switches without JavaScript', () => {
  it('the switch remembers the choice and goes back to the page it came from', async () => {
    const on = await get('/elder/?on=1&back=%2Ftrack%2F');
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe('/track/');
    expect(on.headers.get('set-cookie')).toMatch(/^xf-elder=1; Path=\/; Max-Age=\d+; SameSite=Lax$/);
    const off = await get('/elder/?on=0&back=%2Fpetition%2F');
    expect(off.headers.get('location')).toBe('/petition/');
    expect(off.headers.get('set-cookie')).toMatch(/^xf-elder=0;/);
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example/', 'javascript:alert(1)', ''])(
    'never sends anyone off the site (back=%s)',
    async (back) => {
      const r = await get(`/elder/?on=1&back=${encodeURIComponent(back)}`);
      expect(r.headers.get('location')).toBe('/');
    },
  );

  it('a page asked for with the cookie comes in large print, and without it as it is', async () => {
    const elder = await get('/petition/', 'a=b; xf-elder=1');
    expect(elder.status).toBe(200);
    const html = await elder.text();
    expect(html).toContain('<html class="elder" lang="zh-CN">');
    expect(elder.headers.get('vary') ?? '').toMatch(/cookie/i);
    for (const cookie of [undefined, 'xf-elder=0', 'xf-elder=10']) {
      const plain = await get('/petition/', cookie);
      const text = await plain.text();
      expect(text).toContain('<html lang="zh-CN">');
      expect(text).not.toContain('class="elder"');
      expect(plain.headers.get('vary') ?? '').toMatch(/cookie/i);
    }
  });

  it('the page sent back after a refused plain post keeps the large print', async () => {
    const r = await call(
      postForm('/petition/', asFormFields(validPetition({ phone: '12' })), freshIp(), { cookie: 'xf-elder=1' }),
    );
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('<html class="elder" lang="zh-CN">');
  });
});
