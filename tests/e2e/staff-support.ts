// Steps the staff and citizen journeys share: submitting a petition the way the form does, and
// signing in through the link that lands in the local outbox (/dev/outbox/, DEV_MODE=1).
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

export interface Submitted {
  code: string;
  phone: string;
  /** The receipt's address, with its tag (as the form goes on to it). */
  receiptUrl: string;
}

let serial = 0;

/** Posts a petition from inside the page (same origin, as the island does) and returns its code. */
export async function submitPetition(page: Page, base: string, over: Record<string, unknown> = {}): Promise<Submitted> {
  serial += 1;
  const phone = `1391234${String(5600 + serial).padStart(4, '0')}`;
  if (!page.url().startsWith(base)) await page.goto(`${base}/track/`);
  const body = {
    submissionId: crypto.randomUUID(),
    name: '王小明',
    phone,
    email: 'wangxm@example.com',
    address: '示例县城关镇人民路 12 号',
    region: 'chengguan',
    kind: 'claim',
    issueArea: 'labour',
    title: `工地拖欠工资 ${serial}`,
    request: '请督促施工单位支付拖欠的三个月工资。',
    facts: '我在城关镇某工地做木工，2026 年 8 月至 10 月的工资共 18000 元至今未发。多次找项目部，对方推说没钱。',
    otherProcedure: 'none',
    declaration: true,
    privacyConsent: true,
    website: '',
    startedAt: Date.now() - 5 * 60 * 1000,
    ...over,
  };
  const r = await page.evaluate(async (b) => {
    const res = await fetch('/api/petitions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(b),
    });
    const answer: { code?: string; receiptUrl?: string } = await res.json();
    return { status: res.status, body: answer };
  }, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { code: r.body.code!, phone, receiptUrl: r.body.receiptUrl! };
}

/** The newest sign-in link mailed to `email`, read from the development outbox. */
export async function readLoginLink(page: Page, base: string, email: string, notThis?: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.goto(`${base}/dev/outbox/`);
    const links = await page.$$eval(
      'article.mail',
      (mails, to) =>
        mails
          .filter((m) => m.textContent?.includes(to) && m.textContent.includes('staff-login'))
          .map(
            (m) =>
              /https?:\/\/\S+\/staff\/login\/\?token=[A-Za-z0-9_-]{43}/.exec(
                m.querySelector('pre')?.textContent ?? '',
              )?.[0] ?? '',
          )
          .filter(Boolean),
      email,
    );
    const fresh = links.find((l) => l !== notThis);
    if (fresh) return fresh;
    await page.waitForTimeout(250);
  }
  throw new Error(`no sign-in link for ${email} in the outbox`);
}

/** Asks for a link on /staff/login/, then opens it and presses 登录, as a person would. */
export async function signIn(context: BrowserContext, base: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/staff/login/`);
  const previous = await readLoginLink(page, base, email).catch(() => undefined);
  await page.goto(`${base}/staff/login/`);
  await page.fill('#email', email);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/staff\/login\/\?sent=1/);
  const link = await readLoginLink(page, base, email, previous);
  await page.goto(link);
  await page.click('button:has-text("登录")');
  await page.waitForURL(`${base}/staff/`);
  return page;
}

export function compact(code: string): string {
  return code.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}
