// Issue 14 in real Chromium, as a responsible leader would try it: sign in, open "我包案的积案",
// find the case a handler put in the ledger with a complete 六有 file, sign it off; then the public
// 三率 page, read without JavaScript, says why small counts are not shown.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { compact, signIn, submitPetition } from './staff-support';

const base = () => inject('baseUrl');
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('a leader signs off a backlog case', () => {
  let browser: Browser;
  let leader: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    // A handler puts the case in the ledger with its whole 六有 file, through the console's API.
    const context = await browser.newContext();
    const citizen = await context.newPage();
    const petition = await submitPetition(citizen, base(), { title: '领导包案演练：土地补偿' });
    const desk = await signIn(context, base(), 'handler@example.gov.cn');
    const status = await desk.evaluate(
      async ({ code, limit }) => {
        const post = (path: string, body: unknown) =>
          fetch(path, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(body),
          });
        const list: { items: { id: string }[] } = await (await fetch(`/api/staff/cases?q=${code}`)).json();
        const id = list.items[0]!.id;
        const a = await post(`/api/staff/backlog/${id}/mark`, {
          source: 'screening',
          class: 'legacy',
          leaderId: 'demo-leader',
          leaderTitle: '县委常委',
          measures: '实地核查，依政策补偿。',
          timeLimit: limit,
          riskGrade: 'red',
          riskReason: '涉及群体利益',
        });
        const b = await post(`/api/staff/backlog/${id}/checklist`, {
          items: ['materials', 'transfer', 'leader-doc', 'leader-report', 'reply-visit', 'measures'],
        });
        return [a.status, b.status];
      },
      { code: compact(petition.code), limit: inDays(90) },
    );
    expect(status).toEqual([200, 200]);
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sees the case among their own and signs it off', async () => {
    const context = await browser.newContext();
    leader = await signIn(context, base(), 'leader@example.gov.cn');
    await leader.click('nav a:has-text("积案台账")');
    await leader.click('main a:has-text("我包案的积案")');
    await leader.locator('h2', { hasText: '我包案的积案' }).waitFor();
    await leader.click('table a:has-text("领导包案演练")');
    await leader.waitForURL(/\/staff\/backlog\/case\/\?id=/);
    await leader.fill('#sign_off-note', '同意销号');
    await leader.click('form[aria-labelledby="sign_off-h"] button[type=submit]');
    await leader.locator('.timeline li', { hasText: '包案领导签字确认' }).waitFor();
    expect(await leader.textContent('main')).toContain('已签字确认');
    expect((await runAxe(leader)).map((v) => v.id)).toEqual([]);
  });

  it('the public 三率 page reads without JavaScript and withholds small counts, saying why', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base()}/stats/`);
    await page.locator('h1', { hasText: '信访工作三率公开' }).waitFor();
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('任何少于 5 件的数字都不公布');
    expect(text).toContain('不足 5 件，不公布');
    expect(text).not.toContain('领导包案演练');
    expect(await page.locator('table.stats-table').count()).toBe(3);
  });
});
