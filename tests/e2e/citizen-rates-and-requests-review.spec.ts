// The citizen's side of issue 4 at the edges: a second rating is refused; 复核 is offered after a
// 复查 reply (Art. 36); once the 30 days after the written reply reached the citizen have passed, the
// 申请复查 button is gone and the page says when the window closed (Art. 35). Staff steps go through
// the API here (the console itself is covered by staff-answers-a-case.spec.ts); time is moved with
// the development-only `x-debug-now` header.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { compact, readLoginLink, submitPetition, type Submitted } from './staff-support';
import { shanghaiDate } from '../../src/lib/deadlines';

const base = () => inject('baseUrl');
const DAY = 24 * 60 * 60 * 1000;

/** A staff session for the API, as a non-browser client would hold one (it must send Origin itself). */
async function staffApi(context: BrowserContext, page: Page): Promise<APIRequestContext> {
  const email = 'handler@example.gov.cn';
  const previous = await readLoginLink(page, base(), email).catch(() => undefined);
  const headers = { Origin: base() };
  expect((await context.request.post(`${base()}/api/staff/login`, { data: { email }, headers })).status()).toBe(202);
  const link = await readLoginLink(page, base(), email, previous);
  const token = new URL(link).searchParams.get('token');
  expect((await context.request.post(`${base()}/api/staff/login/confirm`, { data: { token }, headers })).status()).toBe(
    200,
  );
  return context.request;
}

async function caseIdOf(api: APIRequestContext, code: string): Promise<string> {
  const r = await api.get(`${base()}/api/staff/cases?includeClosed=1&q=${encodeURIComponent(code)}`);
  const { items: cases } = (await r.json()) as { items: { id: string; code: string }[] };
  const found = cases.find((c) => c.code === compact(code));
  if (!found) throw new Error(`case ${code} not in the inbox`);
  return found.id;
}

async function act(
  api: APIRequestContext,
  id: string,
  action: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  const r = await api.post(`${base()}/api/staff/cases/${id}/actions/${action}`, { data, headers: { Origin: base() } });
  expect(r.status(), `${action}: ${await r.text()}`).toBe(200);
}

const REPLY = {
  request: '请督促施工单位支付拖欠工资。',
  factsAndReasons: '经调查核实，施工单位已于本月支付一半工资，余款约定下月付清。',
  decision: 'explain',
  opinion: '已督促施工单位按约定付清余款，请您留意到账情况。',
  legalBasis: '《保障农民工工资支付条例》第三条；《信访工作条例》第三十二条',
};

async function answer(api: APIRequestContext, code: string): Promise<void> {
  const id = await caseIdOf(api, code);
  await act(api, id, 'register');
  await act(api, id, 'accept');
  await act(api, id, 'reply', REPLY);
}

async function track(page: Page, code: string, phone: string): Promise<void> {
  await page.goto(`${base()}/track/?code=${encodeURIComponent(code)}`);
  // The page is server-rendered and has no island: there is nothing to wait for before typing.
  await page.fill('#track-phoneLast4', phone.slice(-4));
  await page.click('form[action="/api/track"] button[type=submit]');
  await page.locator('#track-result-title').waitFor();
  await page.locator('.track-follow-up').first().waitFor({ state: 'attached' });
}

describe('citizen rates a reply and asks for 复查 and 复核', () => {
  let browser: Browser;
  let staff: BrowserContext;
  let api: APIRequestContext;
  let first: Submitted;
  let reviewCode = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await browser.newContext();
    const page = await staff.newPage();
    first = await submitPetition(page, base());
    api = await staffApi(staff, page);
    await answer(api, first.code);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('rates once; the form is gone afterwards and the rating is shown', async () => {
    const page = await browser.newPage();
    await track(page, first.code, first.phone);
    await page.check('input[type=radio][value=basically]');
    await page.click('button:has-text("提交评价")');
    await page.locator('.status-message', { hasText: '谢谢您的评价（基本满意）' }).waitFor();
    await track(page, first.code, first.phone);
    await page.locator('.track-follow-up', { hasText: '您对处理意见的评价：基本满意' }).waitFor();
    expect(await page.locator('button:has-text("提交评价")').count()).toBe(0);
    // A second rating sent anyway is refused with a reason.
    const again = await page.evaluate(
      async ([code, phoneLast4]) => {
        const r = await fetch('/api/track/rate', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code, phoneLast4, rating: 'unsatisfied' }),
        });
        const body: { error?: string } = await r.json();
        return { status: r.status, body };
      },
      [first.code, first.phone.slice(-4)] as const,
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('只能评价一次');
    await page.close();
  });

  it('refuses an empty 复查 request field by field, then files it with a new code', async () => {
    const page = await browser.newPage();
    await track(page, first.code, first.phone);
    // 申请复查 is a <details> summary: it opens without script.
    await page.click('summary:has-text("申请复查")');
    await page.click('button:has-text("提交复查请求")');
    await page.locator('[id$=-reasons-error]').waitFor();
    expect(await page.getAttribute('textarea[id$=-reasons]', 'aria-invalid')).toBe('true');
    await page.fill('textarea[id$=-reasons]', '余款到期仍未支付，处理意见没有落实，请上级机关复查。');
    expect(await page.inputValue('textarea[id$=-request]')).toContain('请求对查询码');
    await Promise.all([page.waitForURL(/\/petition\/receipt\//), page.click('button:has-text("提交复查请求")')]);
    // The 复查 request gets a receipt of its own, as a first petition does (issue 11, finding 8).
    expect(await page.textContent('h1')).toContain('复查请求回执');
    reviewCode = ((await page.textContent('[data-receipt="code"]')) ?? '').trim();
    expect(reviewCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator('[data-receipt="qr"] svg').count()).toBe(1);
    const steps = (await page.textContent('[data-receipt="next-steps"]')) ?? '';
    expect(steps).toContain('30 日内提出复查意见');
    expect(steps).not.toContain('登记和分办');
    expect((await page.textContent('[data-receipt="deadlines"]')) ?? '').toContain('作出复查意见');

    await track(page, first.code, first.phone);
    const text = (await page.textContent('[data-track="result"]')) ?? '';
    expect(text).toContain('已申请复查/复核');
    expect(text).toContain(`复查事项：查询码 ${reviewCode}`);
    expect(await page.locator('summary:has-text("申请复查")').count()).toBe(0);
    await page.close();
  });

  it('offers 复核 after the 复查 reply, citing Art. 36', async () => {
    await answer(api, reviewCode);
    const page = await browser.newPage();
    await track(page, reviewCode, first.phone);
    const block = page.locator('section[aria-labelledby^="review-"]', { hasText: '可以请求复核' });
    await block.waitFor();
    expect(await block.locator('a[href$="#article-36"]').count()).toBe(1);
    expect(await page.locator('summary:has-text("申请复核")').count()).toBe(1);
    expect((await runAxe(page)).map((v) => `${v.id} ${v.help}`)).toEqual([]);
    await page.close();
  });

  it('after 30 days the 申请复查 button is gone and the page says when the window closed', async () => {
    const page = await staff.newPage();
    const late = await submitPetition(page, base());
    await answer(api, late.code);
    // Opening the reply on the tracking page records its receipt on that day (A8/A10), so the window
    // would run from the visit 40 days on: staff records the delivery first, on the day of the reply.
    await act(api, await caseIdOf(api, late.code), 'reply_delivered', {
      how: 'in-person',
      receivedOn: shanghaiDate(new Date()),
    });
    await page.close();

    const later = await browser.newContext({
      extraHTTPHeaders: { 'x-debug-now': new Date(Date.now() + 40 * DAY).toISOString() },
    });
    const citizenPage = await later.newPage();
    await track(citizenPage, late.code, late.phone);
    const block = citizenPage.locator('section[aria-labelledby^="review-"]', { hasText: '请求复查' });
    await block.waitFor();
    const text = (await block.textContent()) ?? '';
    expect(text).toMatch(/已于 \d{4}-\d{2}-\d{2} 届满/);
    expect(await block.locator('a[href$="#article-35"]').count()).toBe(1);
    expect(await citizenPage.locator('summary:has-text("申请复查")').count()).toBe(0);
    // The server refuses it too, with the same reason.
    const refused = await citizenPage.evaluate(
      async ([code, phoneLast4]) => {
        const r = await fetch('/api/track/review', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            code,
            phoneLast4,
            request: '请求复查处理意见。',
            reasons: '我对处理意见不服，理由如下：……',
          }),
        });
        return r.status;
      },
      [late.code, late.phone.slice(-4)] as const,
    );
    expect(refused).toBe(409);
    await later.close();
  });
});
