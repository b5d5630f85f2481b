// A citizen searches the site with the keyboard only: types in the header box, lands on /search/,
// reads highlighted results, narrows them to 法规, opens the regulation and copies an article link.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { tabTo } from './support/keyboard';

const base = () => inject('baseUrl');

const statusText = (page: Page) => page.textContent('#search-status').then((t) => t ?? '');

describe('citizen searches the site', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pagefindRequests: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base() });
    page = await context.newPage();
    page.on('request', (r) => {
      if (r.url().includes('/pagefind/')) pagefindRequests.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads no search code on a page where nobody searched', async () => {
    await page.goto(base() + '/');
    await page.waitForLoadState('networkidle');
    expect(pagefindRequests).toEqual([]);
  });

  it('types 信访事项 in the header box and lands on /search/ with whole-term highlights', async () => {
    await tabTo(page, '#site-search-q');
    await page.keyboard.type('信访事项');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?q=信访事项');
    await page.waitForFunction(() => document.querySelector('#search-status')?.textContent?.includes('找到'));
    expect(await statusText(page)).toMatch(/找到 \d+ 条与“信访事项”有关的结果/);
    expect(pagefindRequests.some((u) => u.endsWith('/pagefind/pagefind.js'))).toBe(true);

    const marks = await page.$$eval('#search-results mark', (els) => els.map((e) => e.textContent));
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['信访事项']));
    const texts = await page.$$eval('.search-hit .hit-excerpt', (els) => els.map((e) => e.textContent ?? ''));
    for (const t of texts) expect(t).not.toMatch(/qx[a-z]{7}/);
    const types = await page.$$eval('.search-hit .hit-type', (els) => els.map((e) => e.textContent));
    expect(types.length).toBe(texts.length);
    expect(types).toContain('法规');
    expect(types).toContain('指南');
  });

  it('has no axe violations with results on screen', async () => {
    expect(await runAxe(page)).toEqual([]);
  });

  it('narrows the results to 法规 with the arrow keys and says so in the live region', async () => {
    await tabTo(page, 'input[name="type"][value=""]');
    for (let i = 0; i < 5; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement).value === '法规')) break;
      await page.keyboard.press('ArrowRight');
    }
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    const types = await page.$$eval('.search-hit .hit-type', (els) => els.map((e) => e.textContent));
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['法规']));
    expect(await statusText(page)).toMatch(/“法规”类中找到 \d+ 条/);
    expect(new URL(page.url()).searchParams.get('type')).toBe('法规');
    // The current regulation ranks above the superseded one.
    const titles = await page.$$eval('.search-hit h2 a', (els) => els.map((e) => e.textContent));
    expect(titles[0]).toBe('《信访工作条例》');
    expect(titles).toContain('《信访条例》（已废止）');
  });

  it('opens a matching article of the regulation from the result', async () => {
    await tabTo(page, '.hit-sections a[href*="/law/xinfang-gongzuo-tiaoli/#article-"]');
    const href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/law/xinfang-gongzuo-tiaoli/');
    expect(new URL(page.url()).hash).toBe(new URL(href!, base()).hash);
    const id = new URL(page.url()).hash.slice(1);
    expect(await page.textContent(`#${id}`)).toMatch(/^第.+条$/);
  });

  it('copies the link of an article with the keyboard', async () => {
    await page.goto(base() + '/law/xinfang-gongzuo-tiaoli/#article-33');
    await page.focus('#article-33 a');
    await tabTo(page, 'button.copy-link[data-anchor="article-34"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#copy-status')?.textContent?.includes('已复制'));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      base() + '/law/xinfang-gongzuo-tiaoli/#article-34',
    );
  });

  it('tells the person plainly when nothing matches', async () => {
    await page.goto(base() + '/search/?q=' + encodeURIComponent('量子计算机'));
    await page.waitForFunction(() => document.querySelector('#search-status')?.textContent?.includes('没有找到'));
    expect(await page.$$('.search-hit')).toHaveLength(0);
  });
});
