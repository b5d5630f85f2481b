import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';

describe('the portal is served', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the home page in Chinese with the office name', async () => {
    const page = await browser!.newPage();
    await page.goto(inject('baseUrl') + '/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.textContent('h1')).resolves.toContain('示例县');
    await page.close();
  });
});
