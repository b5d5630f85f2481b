// Markup and script that a petitioner types are shown as text everywhere the portal shows them: the
// receipt, the tracking page, the staff console and the emails. Every payload sets window.__pwned
// if it ever runs; the browser proves none does.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSqliteState } from './support/server';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { signIn } from './staff-support';

const PAYLOADS = {
  name: '<img src=x onerror="window.__pwned=1">',
  address: '"><svg onload=window.__pwned=1>',
  title: '<script>window.__pwned=1</script>',
  request: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  facts: '</textarea><script>window.__pwned=1</script><a href="javascript:window.__pwned=1">点我</a>',
};

async function notPwned(page: Page, where: string): Promise<void> {
  // Give event handlers (onerror, onload) a moment to fire if they were parsed as markup.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), where).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], iframe[srcdoc]').count(), where).toBe(0);
}

describe('hostile text stays inert', () => {
  let browser: Browser | undefined;
  let code = '';
  let receiptUrl = '';
  const phone = '13955550042';
  const base = () => inject('baseUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${base()}/track/`);
    const r = await page.evaluate(
      async ({ payloads, phone }) => {
        const res = await fetch('/api/petitions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            submissionId: crypto.randomUUID(),
            phone,
            email: 'inert-probe@example.com',
            region: 'chengguan',
            kind: 'claim',
            issueArea: 'other',
            otherProcedure: 'none',
            declaration: true,
            privacyConsent: true,
            website: '',
            startedAt: Date.now() - 60_000,
            ...payloads,
          }),
        });
        const body: { code: string; receiptUrl: string } = await res.json();
        return { status: res.status, body };
      },
      { payloads: PAYLOADS, phone },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    code = r.body.code;
    receiptUrl = r.body.receiptUrl;
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('on the receipt', async () => {
    const page = await browser!.newPage();
    await page.goto(base() + receiptUrl);
    await notPwned(page, 'receipt');
    expect(await page.textContent('main')).toContain(PAYLOADS.title);
    await page.close();
  });

  it('on the tracking page', async () => {
    const page = await browser!.newPage();
    await page.goto(`${base()}/track/?code=${encodeURIComponent(code)}`);
    // The island marks its form novalidate once it has taken over from the plain form.
    await page.locator('form[action="/api/track"][novalidate]').waitFor();
    await page.fill('#track-phoneLast4', phone.slice(-4));
    await page.click('form[action="/api/track"] button[type=submit]');
    await page.locator('#track-result-title').waitFor();
    await notPwned(page, 'track');
    await page.close();
  });

  it('in the staff console', async () => {
    const ctx = await browser!.newContext();
    const desk = await signIn(ctx, base(), 'handler@example.gov.cn');
    await notPwned(desk, 'inbox');
    await desk.click(`table.inbox a:has-text("${code}")`);
    await desk.waitForURL(/\/staff\/case\/\?id=/);
    await desk.waitForFunction((t) => document.querySelector('main')?.textContent?.includes(t), PAYLOADS.facts);
    const main = (await desk.textContent('main')) ?? '';
    expect(main).toContain(PAYLOADS.name);
    expect(main).toContain(PAYLOADS.facts);
    await notPwned(desk, 'case');
    await ctx.close();
  });

  it('in the emails (receipt to the citizen and notice to staff)', async () => {
    // Mail bodies are sealed at rest: read them as the developer does, through /dev/outbox/<id>.
    const rows = readSqliteState(
      inject('persistTo'),
      "SELECT id, kind FROM mail_outbox WHERE kind IN ('receipt', 'staff-notify') ORDER BY created_at DESC LIMIT 20",
    ) as { id: string; kind: string }[];
    const mails = await Promise.all(
      rows.map(async (r) => ({
        kind: r.kind,
        html: await (await fetch(`${inject('baseUrl')}/dev/outbox/${r.id}`)).text(),
      })),
    );
    const ours = mails.filter((m) => m.html.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    expect(ours.map((m) => m.kind).sort()).toEqual(expect.arrayContaining(['receipt', 'staff-notify']));
    const page = await browser!.newPage();
    for (const m of ours) {
      expect(m.html).not.toContain('<script>window.__pwned');
      // Render the mail as a client with scripts enabled would, the worst case.
      await page.setContent(m.html, { waitUntil: 'load' });
      await notPwned(page, `mail ${m.kind}`);
    }
    await page.close();
  });
});
