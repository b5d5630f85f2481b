/**
 * `npm start` serves http://localhost:8788; a developer may open http://127.0.0.1:8788 instead. Both
 * name the same local server, so a form posted from either is the site's own. A public site URL gets
 * no such widening.
 */
import { describe, expect, it } from 'vitest';
import { allowedOrigins } from '@/server/http';

describe('allowed origins', () => {
  it('a loopback site URL allows its localhost / 127.0.0.1 twin', () => {
    const o = allowedOrigins({ SITE_URL: 'http://localhost:8788' });
    expect(o.has('http://localhost:8788')).toBe(true);
    expect(o.has('http://127.0.0.1:8788')).toBe(true);
    expect(o.has('http://127.0.0.1:8789')).toBe(false);
  });

  it('a public site URL allows only itself (and the configured settings.site.url)', () => {
    const o = allowedOrigins({ SITE_URL: 'https://xinfang.example.gov.cn' });
    expect(o.has('https://xinfang.example.gov.cn')).toBe(true);
    expect([...o].some((x) => x.includes('xinfang.example.gov.cn') && x !== 'https://xinfang.example.gov.cn')).toBe(
      false,
    );
    expect(o.has('http://attacker.example')).toBe(false);
  });
});
