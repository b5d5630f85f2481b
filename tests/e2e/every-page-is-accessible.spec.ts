// axe (WCAG 2.2 A/AA rules) in real Chromium over every URL of the built sitemap, in both the
// standard and the 适老化 mode, plus reflow at 200% zoom.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';

const dist = process.env.DIST_DIR ?? 'dist';

function sitemapPaths(): string[] {
  const files = readdirSync(dist).filter((f) => /^sitemap-\d+\.xml$/.test(f));
  const paths = files.flatMap((f) =>
    [...readFileSync(join(dist, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname),
  );
  return [...new Set(paths)].sort();
}

describe('every page of the sitemap', () => {
  let browser: Browser | undefined;
  const paths = sitemapPaths();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the main sections', () => {
    for (const p of ['/', '/law/', '/guide/', '/schedules/', '/notices/', '/search/']) expect(paths).toContain(p);
  });

  // One test per page so a slow machine never hits one long timeout and a failure names its page.
  it.each(paths)(
    '%s has no axe violations in standard and elder mode',
    async (path) => {
      const ctx = await browser!.newContext();
      const page = await ctx.newPage();
      const failures: string[] = [];
      for (const elder of [false, true]) {
        await page.goto(inject('baseUrl') + path, { waitUntil: 'load' });
        await page.evaluate((on) => document.documentElement.classList.toggle('elder', on), elder);
        for (const v of await runAxe(page)) {
          failures.push(
            `${path}${elder ? ' [长辈模式]' : ''}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
        }
      }
      await ctx.close();
      expect(failures).toEqual([]);
    },
    60_000,
  );

  it('reflows at 200% zoom without horizontal scrolling', async () => {
    // 200% zoom of a 1280 px wide window is a 640 CSS px viewport.
    const ctx = await browser!.newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
    const page = await ctx.newPage();
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(inject('baseUrl') + path);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 1) wide.push(`${path}: ${over}px`);
    }
    await ctx.close();
    expect(wide).toEqual([]);
  }, 300_000);
});

describe('适老化 mode', () => {
  it('is switched by one button and remembered across pages', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(inject('baseUrl') + '/');
      const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      await page.focus('#mode-switch');
      await page.keyboard.press('Enter');
      expect(await page.getAttribute('#mode-switch', 'aria-pressed')).toBe('true');
      await page.goto(inject('baseUrl') + '/guide/');
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
      const after = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      expect(parseFloat(after)).toBeGreaterThan(parseFloat(before));
    } finally {
      await browser.close();
    }
  });

  it('starts with a skip link that moves focus to the main content', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(inject('baseUrl') + '/');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('跳到主要内容');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await browser.close();
    }
  });
});
