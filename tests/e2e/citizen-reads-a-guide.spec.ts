// A citizen opens the procedure guides, reads how to ask for a review, checks the cited article
// against the regulation itself, and prints the page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { settings } from '@/lib/settings';

describe('citizen reads a guide', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the guide on review from the guide index', async () => {
    await page.goto(inject('baseUrl') + '/guide/');
    expect(await page.locator('h1').innerText()).toBe('信访指南');
    await page.getByRole('link', { name: '复查和复核', exact: true }).click();
    await page.waitForURL('**/guide/review-and-re-examination/');
    expect(await page.locator('h1').innerText()).toBe('复查和复核');
    const crumbs = await page.locator('nav[aria-label="当前位置"] li').allInnerTexts();
    expect(crumbs).toEqual(['首页', '信访指南', '复查和复核']);
    expect(await page.locator('.guide-updated time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reads the 30-day limits and where to send the request', async () => {
    const text = await page.locator('.guide-body').innerText();
    expect(text).toContain('30 日内');
    expect(text).toContain('上一级');
    expect(text).toContain(settings.office.parentBody);
    expect(text).toContain('不再受理');
    const basis = await page.locator('.guide-basis a').allInnerTexts();
    expect(basis).toContain('第三十五条');
    expect(basis).toContain('第三十六条');
  });

  it('follows a citation to the article in the regulation', async () => {
    await page.locator('.guide-body a.art-ref', { hasText: '第三十五条' }).first().click();
    await page.waitForURL('**/law/xinfang-gongzuo-tiaoli/#article-35');
    const heading = page.locator('#article-35');
    expect(await heading.isVisible()).toBe(true);
    expect(await heading.innerText()).toContain('第三十五条');
    // The article's text sits with its heading.
    expect(await heading.locator('xpath=..').innerText()).toContain('请求原办理机关、单位的上一级机关、单位复查');
    await page.goBack();
    await page.waitForURL('**/guide/review-and-re-examination/');
  });

  it('prints without the site chrome', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    expect(await page.locator('nav[aria-label="当前位置"]').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible(), 'title printed').toBe(true);
    expect(await page.locator('.guide-basis').isVisible(), '本页依据 printed').toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('has no accessibility violations on the index, a guide and the FAQ', async () => {
    for (const path of ['/guide/', '/guide/review-and-re-examination/', '/guide/faq/', '/guide/after-submission/']) {
      await page.goto(inject('baseUrl') + path);
      const violations = await runAxe(page);
      expect(
        violations.map((v) => `${path}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    }
  });

  it('reads the FAQ with at least twelve answers', async () => {
    await page.goto(inject('baseUrl') + '/guide/faq/');
    expect(await page.locator('.guide-body h2').count()).toBeGreaterThanOrEqual(12);
  });
});
