// Issue 11, finding 3 (and 11's 语音阅读): the journeys a citizen has with script also work without
// it. Without JavaScript the petition page sent back after a mistake is answered at /petition/, puts
// each message at its field, says that chosen files must be chosen again and puts focus on the
// summary; 长辈模式 switches by a link the server answers. With script, 语音阅读 reads the article only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, runAxe, runAxeAsWithoutScript } from './support/browser';
import { horizontalOverflow, openPhone } from './support/slow-phone';

const base = () => inject('baseUrl');
const MIN_FILL_MS = 3_100;
// A file as a person would pick it from disk.
const PDF_PATH = join(mkdtempSync(join(tmpdir(), 'no-script-files-')), 'photo.pdf');
writeFileSync(PDF_PATH, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('a citizen whose browser runs no script', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gets the petition page back at /petition/ with each message at its field and focus on the summary', async () => {
    const { context, page } = await openPhone(browser, { javaScriptEnabled: false, throttled: false });
    await page.goto(`${base()}/petition/`);
    const started = Date.now();
    await page.fill('#petition-name', '王秀兰');
    await page.fill('#petition-phone', '0571-8888');
    await page.fill('#petition-address', '示例县白水镇白水村 3 号');
    await page.selectOption('#petition-region', 'baishui');
    await page.selectOption('#petition-issueArea', 'rural');
    await page.fill('#petition-title', '村道路灯不亮');
    await page.fill('#petition-request', '请修好村道路灯。');
    await page.fill('#petition-facts', '村道路灯坏了三个月，晚上老人出门看不见路。');
    await page.setInputFiles('#petition-attachments', PDF_PATH);
    await page.check('#petition-privacyConsent');
    await page.waitForTimeout(Math.max(0, MIN_FILL_MS - (Date.now() - started)));
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.click('#petition-form button[type=submit]');
    const answer = await posted;
    expect(answer.status()).toBe(422);
    // The answer's page, not the one still shown while it loads.
    await page.waitForSelector('#petition-errors .error-summary');

    expect(new URL(page.url()).pathname).toBe('/petition/');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('petition-errors');
    // The message stands at the field and is what the screen reader reads with it.
    const phoneError = (await page.textContent('#petition-phone-error')) ?? '';
    expect(phoneError).toContain('区号');
    expect(await page.getAttribute('#petition-phone', 'aria-describedby')).toContain('petition-phone-error');
    expect(await page.getAttribute('#petition-phone', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#petition-kind-error')).toBe(true);
    expect(await page.getAttribute('#petition-kind-claim', 'aria-describedby')).toContain('petition-kind-error');
    expect(await page.isVisible('#petition-declaration-error')).toBe(true);
    // The file was fine but the browser cannot refill it: the page says so, in the summary and at the field.
    expect(await page.textContent('#petition-errors')).toContain('1 个附件这次没有保存');
    expect(await page.textContent('#petition-attachments-error')).toContain('请重新选择');
    // What can be kept is kept.
    expect(await page.inputValue('#petition-facts')).toContain('老人出门');
    expect(await page.inputValue('#petition-phone')).toBe('0571-8888');
    expect(await page.isChecked('#petition-privacyConsent')).toBe(true);
    const html = await answer.text();
    await context.close();
    // The page sent back passes axe as a browser without script shows it.
    const violations = await runAxeAsWithoutScript(browser, `${base()}/petition/`, html);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  }, 60_000);

  it.each([320, 375])(
    'switches 长辈模式 on and off by a link at %i px, on static and server-filled pages',
    async (width) => {
      const { context, page } = await openPhone(browser, { javaScriptEnabled: false, throttled: false, width });
      await page.goto(`${base()}/guide/`);
      expect(await page.isVisible('#mode-switch')).toBe(false);
      const on = page.getByRole('link', { name: '长辈模式（大字）' });
      expect(await on.isVisible()).toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      await on.click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/guide/');
      expect(await page.getAttribute('html', 'class')).toBe('elder');
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(
        24,
      );
      expect(await horizontalOverflow(page)).toBe(0);
      const off = page.getByRole('link', { name: '标准模式' });
      const offBox = await off.boundingBox();
      expect(offBox?.height).toBeGreaterThanOrEqual(60);
      expect(await page.getByRole('link', { name: '长辈模式（大字）' }).isVisible()).toBe(false);
      // It stays on for every page, the server-filled ones too.
      await page.goto(`${base()}/track/`);
      expect(await page.getAttribute('html', 'class')).toBe('elder');
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole('link', { name: '标准模式' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/track/');
      expect(await page.getAttribute('html', 'class')).toBeNull();
      await context.close();
    },
  );
});

describe('语音阅读 on a guide and the regulation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is not shown without script, nor where the browser has no speech synthesis', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p = await noJs.newPage();
    await p.goto(`${base()}/guide/faq/`);
    expect(await p.isVisible('.read-aloud')).toBe(false);
    await noJs.close();
    const ctx = await browser.newContext();
    await ctx.addInitScript(() => {
      // A browser without the Web Speech API.
      delete (window as { speechSynthesis?: unknown }).speechSynthesis;
    });
    const page = await ctx.newPage();
    await page.goto(`${base()}/guide/faq/`);
    await page.waitForLoadState('load');
    expect(await page.isVisible('.read-aloud')).toBe(false);
    await ctx.close();
  });

  it('reads the article body in zh-CN when pressed, never the chrome, and stops', async () => {
    const ctx = await browser.newContext();
    // Headless Chromium has no voices: a stand-in for the browser's own API records what would be said.
    await ctx.addInitScript(() => {
      const w = window as unknown as { spoken: { text: string; lang: string }[]; paused: boolean };
      w.spoken = [];
      w.paused = false;
      let queue: SpeechSynthesisUtterance[] = [];
      const synth = {
        speak(u: SpeechSynthesisUtterance) {
          queue.push(u);
          w.spoken.push({ text: u.text, lang: u.lang });
          // Each piece 'ends' at once except the third, which stays 'speaking' so stop can be tried.
          if (w.spoken.length !== 3) setTimeout(() => u.dispatchEvent(new Event('end')), 0);
        },
        cancel() {
          queue = [];
        },
        pause() {
          w.paused = true;
        },
        resume() {
          w.paused = false;
        },
        getVoices: () => [],
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    });
    const page = await ctx.newPage();
    await page.goto(`${base()}/law/xinfang-gongzuo-tiaoli/`);
    const toggle = page.getByRole('button', { name: '语音阅读' });
    expect(await toggle.isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken.length)).toBe(0);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { spoken: unknown[] }).spoken.length === 3);
    const spoken = await page.evaluate(
      () => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken,
    );
    expect(spoken.every((s) => s.lang === 'zh-CN')).toBe(true);
    expect(spoken[0]!.text).toContain('信访工作条例');
    const all = spoken.map((s) => s.text).join('');
    for (const chrome of ['跳到主要内容', '主导航', '搜索本站', '语音阅读']) expect(all).not.toContain(chrome);
    expect(spoken.every((s) => s.text.length <= 120)).toBe(true);
    const stop = page.getByRole('button', { name: '停止朗读' });
    expect(await stop.getAttribute('aria-pressed')).toBe('true');
    const pause = page.getByRole('button', { name: '暂停' });
    await pause.click();
    expect(await page.evaluate(() => (window as unknown as { paused: boolean }).paused)).toBe(true);
    await page.getByRole('button', { name: '继续朗读' }).click();
    expect(await page.evaluate(() => (window as unknown as { paused: boolean }).paused)).toBe(false);
    await stop.click();
    expect(await page.getByRole('button', { name: '语音阅读' }).getAttribute('aria-pressed')).toBe('false');
    expect(await pause.isVisible()).toBe(false);
    expect(await page.textContent('[data-read-aloud="status"]')).toBe('已停止朗读。');
    expect(await runAxe(page)).toEqual([]);
    await ctx.close();
  });
});
