// The live server (the Node server, as `npm start` runs it) sends the security headers of
// public/_headers on page responses, including pages that pass through a Function, and the
// pages run under that policy without a single CSP violation.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';

const PAGES = [
  '/',
  '/guide/',
  '/guide/faq/',
  '/which-channel/',
  '/notices/',
  '/privacy/',
  '/law/xinfang-gongzuo-tiaoli/',
  '/schedules/',
  '/petition/',
  '/track/',
  '/search/?q=%E5%A4%8D%E6%9F%A5',
];

describe('security headers on the live server', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(PAGES.filter((p) => !p.includes('?')))('sends them on %s', async (path) => {
    const r = await fetch(inject('baseUrl') + path);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d{8,}/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect(r.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('sends them on the 404 page too', async () => {
    const r = await fetch(inject('baseUrl') + '/no-such-page/');
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('找不到这个页面');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('runs every page, islands and search included, without a CSP violation', async () => {
    const page = await browser!.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    for (const path of PAGES) {
      await page.goto(inject('baseUrl') + path, { waitUntil: 'networkidle' });
    }
    await page.close();
    expect(violations).toEqual([]);
  });
});
