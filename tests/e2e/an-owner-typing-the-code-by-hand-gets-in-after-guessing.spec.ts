// Issue 12, finding 3 (design (b)): strangers have spent a code's budget of misses; its owner, who
// types the code by hand (no receipt link, no QR code), is not refused. On a phone with script the
// page does a proof of work by itself and shows the result; without script it names every other
// way in, and that page passes axe as such a browser shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runAxeAsWithoutScript } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { horizontalOverflow, openPhone } from './support/slow-phone';

const BUDGET = 2;
let server: RunningServer;
let browser: Browser;

async function submitPetition(phone: string): Promise<string> {
  const res = await fetch(server.url + '/api/petitions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      submissionId: crypto.randomUUID(),
      startedAt: Date.now() - 60_000,
      website: '',
      name: '刘德明',
      phone,
      address: '示例县城关镇东街 8 号',
      region: 'chengguan',
      kind: 'suggestion',
      issueArea: 'rural',
      title: '建议增设公交站',
      request: '请在东街口增设公交站。',
      facts: '东街口附近老人多，最近的公交站要走二十分钟。',
      otherProcedure: 'none',
      declaration: true,
      privacyConsent: true,
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json<{ code: string }>()).code;
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
    const code = await submitPetition('13900001357');
    await strangerGuesses(code);
    const { context, page } = await openPhone(browser, { throttled: false });
    const asked = page.waitForResponse((r) => r.url().includes('/api/track/challenge'));
    await typeLookup(page, code, '1357');
    // First the notice, then the widget's challenge, then the same lookup posted again.
    await page.waitForSelector('[data-track-verify]');
    expect((await asked).status()).toBe(200);
    await page.waitForSelector(`[data-track="result"] h2:has-text("${code}")`, { timeout: 30_000 });
    const text = (await page.textContent('[data-track="result"]')) ?? '';
    expect(text).toContain('办理经过');
    expect(text).not.toContain('刘德明');
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it('without script: told every other way in, and the page passes axe as it is shown', async () => {
    const code = await submitPetition('13900002468');
    await strangerGuesses(code);
    const { context, page } = await openPhone(browser, { javaScriptEnabled: false, throttled: false });
    await page.goto(server.url + '/track/');
    await page.fill('#track-code', code);
    await page.fill('#track-phoneLast4', '2468');
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
