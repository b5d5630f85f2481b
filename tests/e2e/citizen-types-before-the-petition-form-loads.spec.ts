// Issue 11, findings 1, 5 and 7 on /petition/, on the cheap phone (375×667, CPU ×6, 400 kbps):
// what a person types before the form's script has run survives hydration, in the inputs and in
// the form's own state (继续 takes it); the first field is on the first screen (within one and a
// half in 长辈模式); the introduction shows with the first stage only; a restored draft's notice
// and the question before 清除草稿 pass axe.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, runAxe, startPetitionForm } from './support/browser';
import { openPhone, PHONE_VIEWPORT } from './support/slow-phone';

const base = () => inject('baseUrl');

describe('the petition form on a cheap phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps what was typed before the form came alive, and 继续 goes on with it', async () => {
    const { context, page } = await openPhone(browser);
    await page.goto(`${base()}/petition/`, { waitUntil: 'domcontentloaded' });
    // Typed into the server-rendered inputs, before the island has hydrated.
    expect(await page.$('form[data-enhanced]')).toBeNull();
    await page.fill('#petition-name', '李秀英');
    await page.fill('#petition-phone', '0571-88886666');
    await page.fill('#petition-address', '示例县城关镇人民路 8 号');
    await page.check('#petition-smsOptOut');
    await page.waitForSelector('form[data-enhanced]', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(await page.inputValue('#petition-name')).toBe('李秀英');
    expect(await page.inputValue('#petition-phone')).toBe('0571-88886666');
    expect(await page.inputValue('#petition-address')).toBe('示例县城关镇人民路 8 号');
    expect(await page.isChecked('#petition-smsOptOut')).toBe(true);
    // The form's state holds them too: 继续 validates stage 1 and moves on, and the draft has them.
    await page.click('#petition-stage-0 ~ .form-actions button[type=submit]');
    await page.waitForSelector('#petition-stage-1:visible', { timeout: 30_000 });
    expect(await page.textContent('#petition-errors')).toBe('');
    const draft = await page.evaluate(() => localStorage.getItem('xf-petition-draft-v1'));
    expect(draft).toContain('李秀英');
    expect(draft).toContain('"stage":1');
    // The introduction is not repeated above the later stages.
    expect(await page.isVisible('.form-intro')).toBe(false);
    await context.close();
  }, 120_000);

  it('with a draft saved earlier, what is typed on this page wins over it field by field', async () => {
    const { context, page } = await openPhone(browser);
    await context.addInitScript(() => {
      if (!localStorage.getItem('xf-petition-draft-v1'))
        localStorage.setItem(
          'xf-petition-draft-v1',
          JSON.stringify({ name: '王芳', title: '小区电梯停运三个月', stage: 1 }),
        );
    });
    await page.goto(`${base()}/petition/`, { waitUntil: 'domcontentloaded' });
    expect(await page.$('form[data-enhanced]')).toBeNull();
    await page.fill('#petition-name', '李秀英');
    await page.fill('#petition-address', '示例县城关镇人民路 8 号');
    await page.waitForSelector('form[data-enhanced]', { timeout: 60_000 });
    await page.waitForFunction(() => document.activeElement?.id === 'petition-status');
    expect(await page.inputValue('#petition-name')).toBe('李秀英');
    expect(await page.inputValue('#petition-address')).toBe('示例县城关镇人民路 8 号');
    expect(await page.inputValue('#petition-title')).toBe('小区电梯停运三个月');
    // Typing on this page means the person is at the start: the form stays on stage 1.
    expect(await page.isVisible('#petition-stage-0')).toBe(true);
    await context.close();
  }, 120_000);

  for (const elder of [false, true])
    it(`shows the first field on the first screen${elder ? ' (长辈模式: within 1.6 screens)' : ''}`, async () => {
      const { context, page } = await openPhone(browser, { throttled: false });
      if (elder) await context.addInitScript(() => localStorage.setItem('xf-elder-mode', '1'));
      await page.goto(`${base()}/petition/`);
      await startPetitionForm(page);
      expect(await page.isVisible('.form-intro')).toBe(true);
      const bottom = await page.$eval('#petition-name', (el) => el.getBoundingClientRect().bottom + window.scrollY);
      console.log(`first field's bottom at ${Math.round(bottom)} px${elder ? ' in 长辈模式' : ''}`);
      expect(bottom).toBeLessThanOrEqual(PHONE_VIEWPORT.height * (elder ? 1.6 : 1));
      await context.close();
    });

  it('announces a restored draft and asks before clearing it, both axe-clean', async () => {
    const { context, page } = await openPhone(browser, { throttled: false });
    await page.goto(`${base()}/petition/`);
    await startPetitionForm(page);
    await page.fill('#petition-name', '李秀英');
    await page.fill('#petition-phone', '13812345678');
    await page.fill('#petition-address', '示例县城关镇人民路 8 号');
    await page.click('#petition-stage-0 ~ .form-actions button[type=submit]');
    await page.waitForSelector('#petition-stage-1:visible');
    await page.fill('#petition-facts', '字'.repeat(3000));
    await page.reload();
    await page.waitForSelector('form[data-enhanced]');
    await page.waitForFunction(() => document.activeElement?.id === 'petition-status');
    expect(await page.textContent('#petition-status')).toContain('从“反映的事项”这一步接着填写');
    expect(await page.isVisible('#petition-stage-1')).toBe(true);
    expect(await runAxe(page)).toEqual([]);
    await page.click('#petition-clear-draft');
    await page.waitForFunction(() => document.activeElement?.id === 'petition-clear-question');
    const question = (await page.textContent('#petition-clear-question')) ?? '';
    expect(Number(/(\d+) 个字/.exec(question)?.[1])).toBeGreaterThan(3000);
    expect(await runAxe(page)).toEqual([]);
    await page.click('#petition-clear-cancel');
    expect(await page.inputValue('#petition-facts')).toHaveLength(3000);
    await context.close();
  }, 60_000);
});
