// Issue 12, finding 3 (design (b)): strangers have spent a code's budget of misses; its owner, who
// types the code by hand (no receipt link, no QR code), is not refused. On a phone with script the
// page does a proof of work by itself and shows the result; without script it names every other
// way in, and that page passes axe as such a browser shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runAxeAsWithoutScript } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { horizontalOverflow, openPhone } from './support/slow-phone';
import { submitPetition } from './staff-support';

const BUDGET = 2;
let server: RunningServer;
let browser: Browser;

/** A petition filed the way the form files it; its code and the last four digits of its phone. */
async function filed(): Promise<{ code: string; digits: string }> {
  const page = await browser.newPage();
  try {
    const { code, phone } = await submitPetition(page, server.url);
    return { code, digits: phone.slice(-4) };
  } finally {
    await page.close();
  }
}

/** A stranger who knows the code spends its budget of misses. */
async function strangerGuesses(code: string): Promise<void> {
  for (let i = 0; i < BUDGET; i++) {
    const r = await fetch(server.url + '/api/track', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code, phoneLast4: String(1000 + i) }),
    });
    expect(r.status).toBe(404);
  }
}

async function typeLookup(page: Page, code: string, digits: string): Promise<void> {
  await page.goto(server.url + '/track/');
  await page.fill('#track-code', code);
  await page.fill('#track-phoneLast4', digits);
  await page.click('#track-form button[type=submit]');
}

describe('an owner typing the code by hand after strangers guessed at it', () => {
  beforeAll(async () => {
    server = await startServer({
      persistTo: `${process.env['E2E_PERSIST'] ?? '.state/e2e'}-priced`,
      vars: { RATE_LIMIT_TRACK_CODE: `${BUDGET}/3600`, RATE_LIMIT_SUBMIT: '1000/3600' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('on a phone with script: the page proves itself and shows the result', async () => {
    const { code, digits } = await filed();
    await strangerGuesses(code);
    const { context, page } = await openPhone(browser, { throttled: false });
    const asked = page.waitForResponse((r) => r.url().includes('/api/track/challenge'));
    await typeLookup(page, code, digits);
    // First the notice, then the widget's challenge, then the same lookup posted again.
    await page.waitForSelector('[data-track-verify]');
    expect((await asked).status()).toBe(200);
    await page.waitForSelector(`[data-track="result"] h2:has-text("${code}")`, { timeout: 30_000 });
    const text = (await page.textContent('[data-track="result"]')) ?? '';
    expect(text).toContain('办理经过');
    expect(text).not.toContain('王小明');
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it('without script: told every other way in, and the page passes axe as it is shown', async () => {
    const { code, digits } = await filed();
    await strangerGuesses(code);
    const { context, page } = await openPhone(browser, { javaScriptEnabled: false, throttled: false });
    await page.goto(server.url + '/track/');
    await page.fill('#track-code', code);
    await page.fill('#track-phoneLast4', digits);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.click('#track-form button[type=submit]');
    const response = await posted;
    expect(response.status()).toBe(429);
    await page.waitForSelector('[data-track-verify]');
    const notice = (await page.textContent('[data-track-verify]')) ?? '';
    expect(notice).toContain('查询前需要完成安全验证');
    expect(notice).toContain('扫描回执上的二维码');
    expect(notice).toMatch(/拨打 \S+/);
    const noScript = page.locator('[data-track-verify] p', { hasText: '您的浏览器没有运行页面脚本' });
    expect(await noScript.isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
    const html = await response.text();
    await context.close();
    const violations = await runAxeAsWithoutScript(browser, `${server.url}/api/track`, html);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
