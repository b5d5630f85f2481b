// Issue 11, finding 4 (time to interactive on a phone): the petition form hydrates when a person
// starts on it, not while the page loads (client:intent, src/scripts/hydrate-on-intent.ts). Until
// then it is the server-rendered form, which takes typing and posts. Its modules are fetched after
// the page's load event, all at once; a tap on a field, scrolling towards stage 2, or a saved draft
// brings the form alive; and if its modules cannot be had, the plain form stays whole.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { openPhone } from './support/slow-phone';

const base = () => inject('baseUrl');
const ENHANCED = 'form[data-enhanced]';

/** Long enough after the load event for the idle fetch of the modules, which must not hydrate. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => /\/_astro\/PetitionForm\.[\w-]+\.js$/.test(e.name)),
  );
  await page.waitForTimeout(800);
}

describe('the petition form comes alive when it is used', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('fetches its modules after the page has loaded, and hydrates at the first tap, keeping what is typed', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await page.goto(`${base()}/petition/`);
    await settled(page);
    // Fetched, all of them after the load event, and nothing hydrated yet: the plain form shows every stage.
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const modules = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/_astro/') && e.name.endsWith('.js'));
      return { load: nav.loadEventStart, starts: modules.map((e) => e.startTime), count: modules.length };
    });
    expect(timing.count).toBeGreaterThan(3);
    for (const start of timing.starts) expect(start).toBeGreaterThanOrEqual(timing.load);
    expect(await page.$(ENHANCED)).toBeNull();
    for (let n = 0; n < 4; n++) expect(await page.isVisible(`#petition-stage-${n}`)).toBe(true);

    const top = () => page.$eval('#petition-name', (el) => Math.round(el.getBoundingClientRect().top + window.scrollY));
    const before = await top();
    await page.tap('#petition-name');
    await page.keyboard.type('李秀英');
    await page.waitForSelector(ENHANCED);
    expect(await page.inputValue('#petition-name')).toBe('李秀英');
    // Nothing above the field moved when the form came alive under the finger.
    await page.waitForTimeout(300);
    expect(await top()).toBe(before);
    // Now a stage at a time, with the field still in use.
    expect(await page.isVisible('#petition-stage-1')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('petition-name');
    await context.close();
  });

  it('hydrates as stage 2 comes near while the person scrolls, before it is in view', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await page.goto(`${base()}/petition/`);
    await settled(page);
    expect(await page.$(ENHANCED)).toBeNull();
    // Scroll until stage 2's heading is a third of a screen below the bottom of the screen.
    await page.evaluate(() => {
      const top = document.getElementById('petition-stage-1')!.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top - innerHeight * 1.33);
    });
    await page.waitForSelector(ENHANCED);
    expect(await page.isVisible('#petition-stage-1')).toBe(false);
    await context.close();
  });

  it('keeps a later stage shown when focus in it brought the form alive', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await page.goto(`${base()}/petition/`);
    await settled(page);
    // As a link in the summary of the page a plain post came back to would: focus on a stage-2 field.
    await page.focus('#petition-title');
    await page.keyboard.type('小区电梯停运');
    await page.waitForSelector(ENHANCED);
    expect(await page.isVisible('#petition-stage-1')).toBe(true);
    expect(await page.isVisible('#petition-stage-0')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('petition-title');
    expect(await page.inputValue('#petition-title')).toBe('小区电梯停运');
    await context.close();
  });

  it('hydrates at once when a draft waits, to restore and announce it', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await context.addInitScript(() =>
      localStorage.setItem('xf-petition-draft-v1', JSON.stringify({ name: '王芳', stage: 0 })),
    );
    await page.goto(`${base()}/petition/`);
    await page.waitForSelector(ENHANCED);
    expect(await page.inputValue('#petition-name')).toBe('王芳');
    expect(await page.textContent('#petition-status')).toContain('已恢复');
    await context.close();
  });

  it('stays the whole plain form when its modules cannot be fetched', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await page.route(/\/_astro\/PetitionForm\.[\w-]+\.js/, (route) => route.abort());
    await page.goto(`${base()}/petition/`);
    await page.waitForLoadState('load');
    await page.tap('#petition-name');
    await page.keyboard.type('李秀英');
    await page.waitForTimeout(2500);
    expect(await page.$(ENHANCED)).toBeNull();
    expect(await page.inputValue('#petition-name')).toBe('李秀英');
    for (let n = 0; n < 4; n++) expect(await page.isVisible(`#petition-stage-${n}`)).toBe(true);
    expect(await page.isEnabled('#petition-form button[type=submit]')).toBe(true);
    expect(await page.getAttribute('#petition-form', 'method')).toBe('post');
    await context.close();
  });
});
