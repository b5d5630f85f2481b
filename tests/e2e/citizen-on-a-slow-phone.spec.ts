// Issue 11: the citizen on a cheap phone (375×667, CPU ×6, 400 kbps), in 长辈模式, and without
// JavaScript. What is typed before the page has finished loading stays; no page is wider than a
// 320 or 375 px screen in either mode; 长辈模式 text is at least 24 px and its header buttons at least
// 60 px high; the switches that need script are not shown without it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { horizontalOverflow, openPhone } from './support/slow-phone';
import { submitPetition } from './staff-support';

const base = () => inject('baseUrl');

const PAGES = [
  '/',
  '/law/xinfang-gongzuo-tiaoli/',
  '/guide/',
  '/which-channel/',
  '/which-channel/region-baishui/',
  '/schedules/',
  '/notices/',
  '/petition/',
  '/track/',
  '/search/',
  '/petition/receipt/',
  '/stats/',
];

describe('the citizen on a cheap phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps what was typed into the tracking form before the page finished loading', async () => {
    const { context, page } = await openPhone(browser);
    await page.goto(`${base()}/track/`, { waitUntil: 'domcontentloaded' });
    await page.fill('#track-code', '7KQ3-M9XA-HT2C');
    await page.fill('#track-phoneLast4', '2468');
    await page.waitForLoadState('load');
    await page.waitForTimeout(1500);
    expect(await page.inputValue('#track-code')).toBe('7KQ3-M9XA-HT2C');
    expect(await page.inputValue('#track-phoneLast4')).toBe('2468');
    await context.close();
  }, 60_000);

  for (const width of [320, 375])
    for (const elder of [false, true])
      it(`fits a ${width} px screen${elder ? ' in 长辈模式' : ''} on every kind of page`, async () => {
        const { context, page } = await openPhone(browser, { width, throttled: false });
        if (elder) await context.addInitScript(() => localStorage.setItem('xf-elder-mode', '1'));
        const wide: string[] = [];
        for (const path of PAGES) {
          await page.goto(base() + path);
          const over = await horizontalOverflow(page);
          if (over > 0) wide.push(`${path} +${over}px`);
          if (elder) {
            expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
            const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
            expect(body, path).toBeGreaterThanOrEqual(24);
            const buttons = await page.$$eval('.site-header button:not([hidden])', (bs) =>
              bs.map((b) => b.getBoundingClientRect().height),
            );
            for (const h of buttons) expect(h, `${path} header button`).toBeGreaterThanOrEqual(60);
            const header = await page.$eval('.site-header', (h) => h.getBoundingClientRect().height);
            expect(header, `${path} header height`).toBeLessThan(667 / 2);
          }
        }
        expect(wide).toEqual([]);
        await context.close();
      }, 90_000);

  for (const width of [320, 375])
    it(`prints the 查询码 of a real receipt on one line at ${width} px, in both modes`, async () => {
      const { context, page } = await openPhone(browser, { width, throttled: false });
      const { receiptUrl, code } = await submitPetition(page, base());
      for (const elder of [false, true]) {
        await page.goto(`${base()}/elder/?on=${elder ? 1 : 0}&back=${encodeURIComponent(receiptUrl)}`);
        await page.waitForSelector('[data-receipt="code"]');
        expect(await page.textContent('[data-receipt="code"]')).toContain(code);
        const lines = await page.$eval('[data-receipt="code"]', (el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(lines, `${elder ? '长辈模式' : 'standard'} at ${width} px`).toBe(1);
        expect(await horizontalOverflow(page)).toBe(0);
      }
      await context.close();
    });

  it('shows neither the 长辈模式 switch nor 打印回执 when the browser runs no script', async () => {
    const { context, page } = await openPhone(browser, { javaScriptEnabled: false, throttled: false });
    await page.goto(`${base()}/petition/receipt/`);
    expect(await page.isVisible('#mode-switch')).toBe(false);
    expect(await page.isVisible('button[data-print]')).toBe(false);
    await context.close();
  });
});
