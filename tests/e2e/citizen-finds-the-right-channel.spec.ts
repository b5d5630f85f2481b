// A citizen with JavaScript switched off, using only the keyboard, answers the questions of
// "找对渠道" and is told where to go, what to bring and which articles say so.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { settings } from '@/lib/settings';

/** Presses Tab until a link whose text contains `text` has focus, then follows it with Enter. */
async function tabAndFollow(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press('Tab');
    // textContent, not innerText: the accessible name of a link may include visually hidden words.
    const focused = await page.locator('body').evaluate(() => {
      const el = document.activeElement;
      return el ? { tag: el.tagName, text: el.textContent ?? '' } : null;
    });
    if (focused?.tag === 'A' && focused.text.replace(/\s+/g, '').includes(text)) {
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.keyboard.press('Enter')]);
      await page.waitForLoadState('load');
      return;
    }
  }
  throw new Error(`no link containing “${text}” reached by Tab on ${page.url()}`);
}

const heading = (page: Page) => page.locator('h1').innerText();
const mainText = (page: Page) => page.locator('main').innerText();

describe('citizen finds the right channel without JavaScript', () => {
  let browser: Browser | undefined;
  let ctx: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await browser.newContext({ javaScriptEnabled: false });
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('reaches the finder from the home page by keyboard', async () => {
    await page.goto(inject('baseUrl') + '/');
    await tabAndFollow(page, '找对渠道');
    expect(new URL(page.url()).pathname).toBe('/which-channel/');
    expect(await heading(page)).toBe('您想反映的是哪一类事情？');
  });

  it('leads a first-time request about a town to the county office and the town, citing the articles', async () => {
    const town = settings.regions[0]!;
    await page.goto(inject('baseUrl') + '/which-channel/');
    await tabAndFollow(page, '请求解决');
    expect(await heading(page)).toContain('其他法定途径');
    await tabAndFollow(page, '都不是');
    expect(await heading(page)).toBe('这件事以前反映过吗？');
    await tabAndFollow(page, '第一次反映');
    expect(await heading(page)).toBe('这件事发生在哪个乡镇或街道？');
    await tabAndFollow(page, town.name);

    expect(new URL(page.url()).pathname).toBe(`/which-channel/region-${town.id}/`);
    expect(await heading(page)).toContain(town.name);
    const text = await mainText(page);
    expect(text).toContain(settings.office.name);
    expect(text).toContain(settings.channels.phone.number);
    expect(text).toContain(settings.channels.visit.place);
    expect(text).toContain('15 日内');
    // The answers so far, each with a way back to change it.
    expect(text).toContain('您的回答');
    expect(await page.locator('.channel-answers li').count()).toBe(4);
    // Every statement is backed by an article link into the regulation.
    const cites = await page
      .locator('main a[href^="/law/xinfang-gongzuo-tiaoli/#article-"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(cites).toContain('/law/xinfang-gongzuo-tiaoli/#article-22');
    expect(cites).toContain('/law/xinfang-gongzuo-tiaoli/#article-19');
  });

  it('changes an earlier answer from the outcome page', async () => {
    await tabAndFollow(page, '修改这个回答：这件事以前反映过吗？');
    expect(await heading(page)).toBe('这件事以前反映过吗？');
    await tabAndFollow(page, '已经收到信访处理意见书');
    expect(await heading(page)).toContain('复查');
    const text = await mainText(page);
    expect(text).toContain('30 日');
    expect(text).toContain('上一级');
    expect(await page.locator('main a[href="/law/xinfang-gongzuo-tiaoli/#article-35"]').count()).toBeGreaterThan(0);
  });

  it('sends an accusation against an official to the discipline body (Art. 30)', async () => {
    await page.goto(inject('baseUrl') + '/which-channel/');
    await tabAndFollow(page, '检举、控告公职人员');
    expect(await heading(page)).toContain(settings.office.disciplineBody);
    const text = await mainText(page);
    expect(text).toContain(settings.office.disciplinePhone);
    expect(text).toContain('不得透露');
    expect(await page.locator('main a[href="/law/xinfang-gongzuo-tiaoli/#article-30"]').count()).toBeGreaterThan(0);
  });

  it('routes a matter already in court to the legal procedure, not to a petition', async () => {
    await page.goto(inject('baseUrl') + '/which-channel/');
    await tabAndFollow(page, '请求解决');
    await tabAndFollow(page, '已经在法院打官司');
    expect(await heading(page)).toContain('诉讼');
    expect(await page.locator('main a[href="/law/xinfang-gongzuo-tiaoli/#article-31"]').count()).toBeGreaterThan(0);
  });

  it('has no accessibility violations on a question and an outcome', async () => {
    const checker = await browser!.newContext();
    const p = await checker.newPage();
    for (const path of [
      '/which-channel/',
      '/which-channel/region/',
      `/which-channel/region-${settings.regions[0]!.id}/`,
    ]) {
      await p.goto(inject('baseUrl') + path);
      const violations = await runAxe(p);
      expect(violations.map((v) => `${path}: ${v.id} ${v.help}`)).toEqual([]);
    }
    await checker.close();
  });
});
