// Issue 14 in real Chromium, as a handler new to the ledger would try it: open a case from the
// ledger's page, put it in the ledger with its leader, plan and grade, record a 督办 and a 回访,
// file the 六有 materials, see that 销号 waits for the leader, find the case in the filtered ledger
// and draw the month's 统计表. axe on each page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { compact, signIn, submitPetition } from './staff-support';

const base = () => inject('baseUrl');

async function axeClean(page: Page, label: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations.map((v) => `${label}: ${v.id} ${v.help}`)).toEqual([]);
}

const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('a handler keeps the backlog ledger', () => {
  let browser: Browser;
  let desk: Page;
  let id = '';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in and opens a case that is not yet in the ledger', async () => {
    const context = await browser.newContext();
    const citizen = await context.newPage();
    const petition = await submitPetition(citizen, base(), { title: '积案台账演练：拖欠工资' });
    await citizen.close();
    desk = await signIn(context, base(), 'handler@example.gov.cn');
    id = await desk.evaluate(async (code) => {
      const r = await fetch(`/api/staff/cases?q=${code}`, { headers: { Accept: 'application/json' } });
      const body: { items: { id: string }[] } = await r.json();
      return body.items[0]!.id;
    }, compact(petition.code));
    await desk.goto(`${base()}/staff/backlog/case/?id=${id}`);
    await desk.locator('h2', { hasText: '列为积案' }).waitFor();
    await axeClean(desk, 'mark form');
  });

  it('is told field by field what is missing, then puts the case in the ledger', async () => {
    await desk.click('button:has-text("列为积案")');
    await desk.locator('.field-error', { hasText: '请填写化解措施' }).waitFor();
    await desk.selectOption('#mark-source', 'repeat');
    await desk.selectOption('#mark-class', 'livelihood');
    await desk.selectOption('#mark-leaderId', 'demo-leader');
    await desk.fill('#mark-leaderTitle', '副县长');
    await desk.fill('#mark-team-legalAdviser', '示例律师');
    await desk.fill('#mark-team-departments', '县人社局、县住建局');
    await desk.fill('#mark-measures', '召开协调会，督促分期支付拖欠工资。');
    await desk.fill('#mark-timeLimit', inDays(60));
    await desk.selectOption('#mark-riskGrade', 'orange');
    await desk.fill('#mark-riskReason', '多次重复信访');
    await desk.click('button:has-text("列为积案")');
    await desk.locator('h2', { hasText: '积案台账演练' }).waitFor();
    expect(await desk.textContent('main')).toContain('演示包案领导（副县长）');
    await axeClean(desk, 'case');
  });

  it('records a 督办 and a 回访 and files the 六有; 销号 waits for the leader', async () => {
    await desk.selectOption('#supervise-method', 'letter');
    await desk.fill('#supervise-on', inDays(0));
    await desk.fill('#supervise-by', '县信访联席办');
    await desk.fill('#supervise-content', '发督办函，要求 10 日内报告');
    await desk.click('form[aria-labelledby="supervise-h"] button[type=submit]');
    await desk.locator('.timeline li', { hasText: '发督办函' }).waitFor();
    await desk.selectOption('#visit-method', 'phone');
    await desk.fill('#visit-on', inDays(0));
    await desk.fill('#visit-by', '县信访局');
    await desk.selectOption('#visit-opinion', 'basically');
    await desk.fill('#visit-content', '信访人表示基本满意');
    await desk.click('form[aria-labelledby="visit-h"] button[type=submit]');
    await desk.locator('.timeline li', { hasText: '信访人表示基本满意' }).waitFor();
    for (const box of await desk.$$('form[aria-labelledby="checklist-h"] input[type=checkbox]')) await box.check();
    await desk.click('form[aria-labelledby="checklist-h"] button[type=submit]');
    await desk.locator('dd', { hasText: '6 / 6' }).waitFor();
    expect(await desk.textContent('main')).toContain('包案领导尚未签字确认，不能销号');
    expect(await desk.textContent('main')).toContain('只有本案的包案领导本人可以签字确认');
  });

  it('finds the case in the ledger by grade and town, and draws the month’s 统计表', async () => {
    await desk.goto(`${base()}/staff/backlog/`);
    await desk.selectOption('#f-grade', 'orange');
    await desk.selectOption('#f-region', 'chengguan');
    await desk.click('button:has-text("筛选")');
    await desk.locator('table a', { hasText: '积案台账演练' }).waitFor();
    await axeClean(desk, 'ledger');
    await desk.goto(`${base()}/staff/backlog/report/?month=${inDays(0).slice(0, 7)}`);
    await desk.locator('caption', { hasText: '信访积案排查化解情况统计表' }).waitFor();
    const total = await desk.locator('tr', { hasText: '合计' }).textContent();
    expect(total).toMatch(/^合计\d+[1-9]/);
    await axeClean(desk, 'report');
  });
});
