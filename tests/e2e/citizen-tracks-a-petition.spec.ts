// A citizen checks progress with the tracking code and the last four digits of the mobile number,
// keyboard only, with and without JavaScript. A wrong code and wrong digits read exactly the same.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { typeInto } from './support/keyboard';
import { formatCode, generateCode } from '../../src/lib/tracking-code';

const base = () => inject('baseUrl');

/** Submits a petition the way the island does (JSON), as if the form had been open for a minute. */
async function submitPetition(phone: string): Promise<string> {
  const res = await fetch(base() + '/api/petitions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      submissionId: crypto.randomUUID(),
      startedAt: Date.now() - 60_000,
      website: '',
      name: '赵桂英',
      phone,
      address: '示例县白水镇白水村 3 组',
      region: 'baishui',
      kind: 'suggestion',
      issueArea: 'rural',
      title: '建议修缮村道',
      request: '请修缮白水村村道。',
      facts: '村道多处坑洼，雨天难以通行。',
      otherProcedure: 'none',
      declaration: true,
      privacyConsent: true,
    }),
  });
  expect(res.status).toBe(201);
  const body = await res.json<{ code: string }>();
  return body.code;
}

async function track(page: Page, code: string, last4: string): Promise<string> {
  await page.goto(base() + '/track/');
  await page.waitForSelector('form[novalidate]');
  await typeInto(page, '#track-code', code);
  await typeInto(page, '#track-phoneLast4', last4);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-track="result"] h2');
  return (await page.textContent('[data-track="result"]')) ?? '';
}

describe('a citizen tracks a petition', () => {
  let browser: Browser | undefined;
  let code = '';
  beforeAll(async () => {
    browser = await launchBrowser();
    code = await submitPetition('13600002468');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds it with a sloppily typed code, and shows a dated timeline without personal data', async () => {
    const page = await browser!.newPage();
    const sloppy = code.toLowerCase().replace(/-/g, ' ');
    const text = await track(page, sloppy, '2468');
    expect(text).toContain(code);
    expect(text).toContain('办理经过');
    const times = await page.$$eval('[data-track="result"] .timeline time', (ts) =>
      ts.map((t) => t.getAttribute('datetime')),
    );
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(Number.isNaN(Date.parse(t ?? ''))).toBe(false);
    for (const secret of ['赵桂英', '13600002468', '白水村']) expect(text).not.toContain(secret);
    // Focus moves to the answer so that a screen reader reads it.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-track="result"]') !== null)).toBe(true);
    await page.close();
  });

  it('answers a wrong last four digits and an unknown code with the same words', async () => {
    const page = await browser!.newPage();
    const wrongDigits = await track(page, code, '1357');
    const unknown = await track(page, formatCode(generateCode()), '2468');
    expect(wrongDigits.trim()).not.toBe('');
    expect(wrongDigits).toBe(unknown);
    expect(wrongDigits).not.toContain(code);
    await page.close();
  });

  it('catches a mistyped code in the browser, before asking the server', async () => {
    const page = await browser!.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/track')) asked.push(r.url());
    });
    // Swap two neighbouring symbols: the check symbol catches every such slip.
    const compact = code.replace(/-/g, '');
    const i = [...compact].findIndex((c, j) => j < compact.length - 1 && c !== compact[j + 1]);
    const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2);
    await page.goto(base() + '/track/');
    await page.waitForSelector('form[novalidate]');
    await typeInto(page, '#track-code', swapped);
    await typeInto(page, '#track-phoneLast4', '24');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'track-errors');
    expect(await page.title()).toMatch(/^错误：/);
    const summary = await page.textContent('#track-errors');
    expect(summary).toContain('查询码有误');
    expect(summary).toContain('后 4 位');
    expect(await page.getAttribute('#track-code', 'aria-describedby')).toContain('track-code-error');
    expect(asked).toEqual([]);
    await page.close();
  });

  it('opens from the QR link with the code already filled in', async () => {
    const page = await browser!.newPage();
    await page.goto(`${base()}/track/?code=${code.replace(/-/g, '')}`);
    await page.waitForFunction(
      (c) => (document.getElementById('track-code') as HTMLInputElement | null)?.value === c,
      code,
    );
    await page.close();
  });

  it('works without JavaScript: the form posts and the answer is in the page', async () => {
    const ctx = await browser!.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(base() + '/track/');
    expect(await page.$('form[method=post][action="/api/track"]')).not.toBeNull();
    expect(await page.textContent('[data-track="result"]')).toBe('');
    await typeInto(page, '#track-code', code);
    await typeInto(page, '#track-phoneLast4', '2468');
    await Promise.all([page.waitForURL(/\/api\/track/), page.keyboard.press('Enter')]);
    const found = (await page.textContent('[data-track="result"]')) ?? '';
    expect(found).toContain(code);
    expect(await page.$$('[data-track="result"] .timeline li')).not.toHaveLength(0);

    await page.goto(base() + '/track/');
    await typeInto(page, '#track-code', code);
    await typeInto(page, '#track-phoneLast4', '9999');
    await Promise.all([page.waitForURL(/\/api\/track/), page.keyboard.press('Enter')]);
    const miss = (await page.textContent('[data-track="result"]')) ?? '';
    expect(miss).toContain('没有查到');
    expect(miss).not.toContain(code);
    await ctx.close();
  });
});
