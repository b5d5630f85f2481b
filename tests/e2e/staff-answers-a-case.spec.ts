// Issue 4 in real Chromium: a citizen submits a petition; staff signs in through the link from the
// outbox, registers, accepts and replies; the citizen sees the timeline, rates the reply and asks
// for 复查. Plus the console by keyboard alone, and axe on every console page (the console is not
// in the sitemap, so this is its only accessibility check).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';
import { compact, readLoginLink, signIn, submitPetition, type Submitted } from './staff-support';

const base = () => inject('baseUrl');

async function axeClean(page: Page, label: string): Promise<void> {
  const violations = await runAxe(page);
  expect(
    violations.map((v) => `${label}: ${v.id} ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

async function openAction(page: Page, label: string): Promise<void> {
  await page.click(`.staff-actions summary:text-is("${label}")`);
}

describe('staff answers a case', () => {
  let browser: Browser;
  let staff: BrowserContext;
  let citizen: BrowserContext;
  let desk: Page;
  let petition: Submitted;
  let caseUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await browser.newContext();
    citizen = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a citizen submits a petition', async () => {
    const page = await citizen.newPage();
    petition = await submitPetition(page, base());
    expect(compact(petition.code)).toHaveLength(12);
    await page.close();
  });

  it('the console asks a stranger to sign in and shows no case', async () => {
    const page = await staff.newPage();
    await page.goto(`${base()}/staff/`);
    await page.locator('main a', { hasText: '去登录' }).waitFor();
    expect(await page.locator('table.inbox').count()).toBe(0);
    await page.close();
  });

  it('opening the emailed link changes nothing; pressing 登录 signs in', async () => {
    const page = await staff.newPage();
    await page.goto(`${base()}/staff/login/`);
    await page.fill('#email', 'handler@example.gov.cn');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/staff\/login\/\?sent=1/);
    await expect(page.textContent('main')).resolves.toContain('15 分钟');
    const link = await readLoginLink(page, base(), 'handler@example.gov.cn');
    // A mail scanner fetches the link first: no cookie, and the token still works afterwards.
    const prefetch = await staff.request.get(link);
    expect(prefetch.status()).toBe(200);
    expect(prefetch.headers()['set-cookie']).toBeUndefined();
    await page.goto(link);
    await page.click('button:has-text("登录")');
    await page.waitForURL(`${base()}/staff/`);
    await expect(page.locator('.staff-nav').textContent()).resolves.toContain('演示办理人员');
    desk = page;
  });

  it('the inbox lists the new case with its filters and export link', async () => {
    const row = desk.locator('table.inbox tr', { hasText: petition.code });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('已提交');
    await desk.selectOption('#filter-status', 'submitted');
    await desk.selectOption('#filter-kind', 'claim');
    await desk.click('button:has-text("筛选")');
    await desk.waitForURL(/status=submitted/);
    const csv = await desk.getAttribute('a:has-text("导出")', 'href');
    expect(csv).toBe('/api/staff/cases/export?status=submitted&kind=claim');
    const exported = await staff.request.get(base() + csv!);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(compact(petition.code));
    await axeClean(desk, '/staff/');
    await desk.click(`table.inbox a:has-text("${petition.code}")`);
    await desk.waitForURL(/\/staff\/case\/\?id=/);
    caseUrl = desk.url();
  });

  it('the case shows the personal data and only the actions allowed now', async () => {
    await desk.locator('h1', { hasText: '工地拖欠工资' }).waitFor();
    const main = (await desk.textContent('main')) ?? '';
    expect(main).toContain('王小明');
    expect(main).toContain('13912345');
    const actions = await desk.locator('.staff-actions summary').allTextContents();
    // The facts any open case may record (A6 reclassify, B19 recusal, B20 urgent report, B23
    // recommendation) come after the state's own actions, the internal note last.
    expect(actions).toEqual([
      '登记',
      '更正事项类别',
      '申请回避',
      '报告重大、紧急信访事项',
      '信访部门提出建议',
      '内部备注',
    ]);
    await axeClean(desk, '/staff/case/');
  });

  it('registers, and a stale page shows the 409 in Chinese', async () => {
    const stale = await staff.newPage();
    await stale.goto(caseUrl);
    await stale.locator('.staff-actions summary').first().waitFor();

    await openAction(desk, '登记');
    await desk.click('.staff-actions details[open] button[type=submit]');
    await desk.locator('[data-case-status]', { hasText: '已登记' }).waitFor();
    await expect(desk.textContent('[role=status]')).resolves.toContain('已完成“登记”');
    const triage = (await desk.textContent('.deadline-list')) ?? '';
    // Art. 22's wording: register, then transfer or assign within 15 days.
    expect(triage).toContain('登记，并转送或者交办有权处理的机关、单位');
    expect(triage).toMatch(/剩 1[45] 天/);

    await openAction(stale, '登记');
    await stale.click('.staff-actions details[open] button[type=submit]');
    const alert = stale.locator('.staff-actions .error-summary');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('当前状态为“已登记”，不能进行“登记”');
    await stale.close();
  });

  it('accepts with a notice to the citizen and starts the 60-day clock', async () => {
    await openAction(desk, '受理');
    await desk.fill(
      '.staff-actions details[open] textarea',
      '由示例县人力资源和社会保障局劳动保障监察大队承办，联系电话 0000-1234500。',
    );
    await desk.click('.staff-actions details[open] button[type=submit]');
    await desk.locator('[data-case-status]', { hasText: '已受理' }).waitFor();
    expect(await desk.textContent('.deadline-list')).toContain('办结（出具信访处理意见书）');
    const actions = await desk.locator('.staff-actions summary').allTextContents();
    // Art. 31(1)-(5) lets the body route an accepted matter (B10); Art. 31(6) a hearing (B11).
    expect(actions).toEqual([
      '导入法定途径',
      '延期',
      '开始听证',
      '出具处理意见',
      '调解/和解',
      '更正事项类别',
      '申请回避',
      '报告重大、紧急信访事项',
      '信访部门提出建议',
      '内部备注',
    ]);
  });

  it('refuses an empty reply field by field, then replies from the template', async () => {
    await openAction(desk, '出具处理意见');
    const form = desk.locator('.staff-actions details[open] form');
    await form.locator('select').waitFor();
    await form.locator('button[type=submit]').click();
    const summary = form.locator('.error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('请修改以下内容后再提交');
    expect(await desk.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);

    await form.locator('select').selectOption('demo-labour-wages');
    await expect(form.locator('textarea').nth(1).inputValue()).resolves.toContain('经调查核实');
    expect(await form.locator('input[type=radio][value=support]').isChecked()).toBe(true);
    await form.locator('button[type=submit]').click();
    await desk.locator('[data-case-status]', { hasText: '已答复' }).waitFor();

    const printLink = desk.locator('[role=status] a', { hasText: '打印信访处理意见书' });
    await printLink.click();
    await desk.waitForURL(/\/staff\/case\/print\/\?id=/);
    await desk.locator('article.opinion h1', { hasText: '信访处理意见书' }).waitFor();
    const opinion = (await desk.textContent('article.opinion')) ?? '';
    expect(opinion).toContain('王小明');
    expect(opinion).toContain('予以支持');
    // The 意见书 comes from the body that handled the matter, so 复查 goes to that body's superior
    // (Art. 35), never to the office's own parent named in the settings.
    expect(opinion).toContain('向出具本意见书的机关、单位的上一级机关、单位请求复查');
    expect(opinion).not.toContain('示例市信访局');
    expect(opinion).toContain('示例县信访局');
    await axeClean(desk, '/staff/case/print/');
    // One A4 sheet: Chromium's own print path, counted in the PDF it makes.
    const pdf = (await desk.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await desk.goto(caseUrl);

    // The written reply went by post and was signed for today: 登记书面答复送达, refused empty first.
    await openAction(desk, '登记书面答复送达');
    const delivery = desk.locator('.staff-actions details[open] form');
    await delivery.locator('select[name=how]').waitFor();
    await delivery.locator('button[type=submit]').click();
    await expect(delivery.locator('.error-summary').textContent()).resolves.toContain('请选择送达方式');
    await delivery.locator('select[name=how]').selectOption('post');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await delivery.locator('input[type=date][name=receivedOn]').fill(today);
    await delivery.locator('button[type=submit]').click();
    await desk.locator('[role=status]', { hasText: '已完成“登记书面答复送达”' }).waitFor();
  });

  it('the citizen sees every notice, rates the reply once and asks for 复查', async () => {
    const page = await citizen.newPage();
    // The tracking page is rendered by the server (no island): each lookup and follow-up is a post
    // that answers with the page.
    const lookUp = async () => {
      await page.goto(`${base()}/track/?code=${encodeURIComponent(petition.code)}`);
      await page.locator('form[action="/api/track"][novalidate]').waitFor();
      await page.fill('#track-phoneLast4', petition.phone.slice(-4));
      await page.click('form[action="/api/track"] button[type=submit]');
    };
    await lookUp();
    await page.locator('#track-result-title', { hasText: '已答复' }).waitFor();
    // The next deadline is stated under the heading, as on the page without JavaScript.
    expect((await page.textContent('.track-next')) ?? '').toMatch(/^下一个期限：.+\d{4}年\d{1,2}月\d{1,2}日/);
    const timeline = (await page.textContent('.timeline')) ?? '';
    for (const step of ['登记', '受理', '出具处理意见']) expect(timeline).toContain(step);
    expect(await page.locator('.timeline a[href*="#article-"]').count()).toBeGreaterThan(0);

    await page.check('input[type=radio][value=satisfied]');
    await page.fill('textarea[id^=rate-]', '处理及时，谢谢。');
    await page.click('button:has-text("提交评价")');
    await page.locator('.status-message', { hasText: '谢谢您的评价（满意）' }).waitFor();
    expect(await page.locator('button:has-text("提交评价")').count()).toBe(0);

    // 申请复查 is a <details> summary, so it opens without script; the window runs from today,
    // the day the citizen read the reply here.
    const ask = page.locator('summary', { hasText: '申请复查' });
    await expect(page.textContent('.track-follow-up')).resolves.toMatch(/还剩 (29|30|31|32|33) 天/);
    await ask.click();
    const request = page.locator('textarea[id^=review-][id$=-request]');
    await expect(request.inputValue()).resolves.toContain(petition.code);
    // The request, already filled in, is the next stop for the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/-request$/);
    await page.fill('textarea[id$=-reasons]', '工资只发了一半，施工单位仍欠 9000 元，处理意见没有落实。');
    // The 复查 request answers with a receipt of its own and its new code (issue 11, finding 8).
    await Promise.all([page.waitForURL(/\/petition\/receipt\//), page.click('button:has-text("提交复查请求")')]);
    expect(await page.textContent('h1')).toContain('复查请求回执');
    const reviewCode = ((await page.textContent('[data-receipt="code"]')) ?? '').trim();
    expect(reviewCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(reviewCode).not.toBe(petition.code);
    await axeClean(page, '/petition/receipt/ (复查)');

    await lookUp();
    await page.locator('.track-follow-up', { hasText: `复查事项：查询码 ${reviewCode}` }).waitFor();
    expect(await page.locator('summary:has-text("申请复查")').count()).toBe(0);
    await axeClean(page, '/track/ (after the follow-up)');
    await page.close();
  });

  it('staff sees the rating, the escalation and the linked 复查 case', async () => {
    await desk.goto(caseUrl);
    await desk.locator('[data-case-status]', { hasText: '已申请复查/复核' }).waitFor();
    const main = (await desk.textContent('main')) ?? '';
    expect(main).toContain('信访人评价：满意');
    expect(main).toContain('复查请求：');
    // A staff member may still recuse themself (B19, Art. 28 ¶3) on a case that went on to 复查.
    expect(await desk.locator('.staff-actions summary').allTextContents()).toEqual(['申请回避', '内部备注']);
  });

  it('works by keyboard alone: an internal note, marked as internal', async () => {
    await desk.goto(caseUrl);
    await desk.locator('.staff-actions summary').first().waitFor();
    const reached = async (pred: string): Promise<boolean> => {
      for (let i = 0; i < 120; i++) {
        await desk.keyboard.press('Tab');
        if (await desk.evaluate(pred)) return true;
      }
      return false;
    };
    expect(
      await reached(
        `document.activeElement?.tagName === 'SUMMARY' && document.activeElement.textContent === '内部备注'`,
      ),
    ).toBe(true);
    await desk.keyboard.press('Enter');
    expect(await reached(`document.activeElement?.tagName === 'TEXTAREA'`)).toBe(true);
    await desk.keyboard.type('已电话联系信访人，解释复查程序。');
    await desk.keyboard.press('Tab');
    expect(await desk.evaluate(() => document.activeElement?.textContent)).toBe('保存备注');
    await desk.keyboard.press('Enter');
    await desk.locator('[role=status]', { hasText: '已完成“内部备注”' }).waitFor();
    expect(await desk.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    const note = desk.locator('.timeline li[data-event=note]');
    await expect(note.textContent()).resolves.toContain('内部');
    expect(await note.getAttribute('class')).toContain('event-internal');
  });

  it('the inbox filters by keyboard and signs out', async () => {
    await desk.goto(`${base()}/staff/`);
    await desk.locator('table.inbox').waitFor();
    await desk.focus('#filter-stage');
    await desk.selectOption('#filter-stage', 'review');
    await desk.keyboard.press('Tab');
    for (let i = 0; i < 10 && (await desk.evaluate(() => document.activeElement?.textContent)) !== '筛选'; i++) {
      await desk.keyboard.press('Tab');
    }
    await desk.keyboard.press('Enter');
    await desk.waitForURL(/stage=review/);
    // Other journeys on the same server may file a 复查 with the same title: any one will do.
    await desk.locator('table.inbox td', { hasText: '复查：工地拖欠工资' }).first().waitFor();
    await desk.click('button:has-text("退出登录")');
    await desk.waitForURL(/\/staff\/login\/\?signedOut=1/);
    const after = await staff.request.get(`${base()}/api/staff/cases`);
    expect(after.status()).toBe(401);
  });

  it('an admin manages the staff list', async () => {
    const adminCtx = await browser.newContext();
    const page = await signIn(adminCtx, base(), 'admin@example.gov.cn');
    await page.click('a:has-text("工作人员名单")');
    await page.waitForURL(`${base()}/staff/admin/`);
    await page.locator('table td', { hasText: 'handler@example.gov.cn' }).waitFor();
    await page.fill('#new-name', '李办理');
    await page.fill('#new-email', 'li.banli@example.gov.cn');
    await page.click('button:has-text("添加")');
    await page.locator('[role=status]', { hasText: '已添加 李办理' }).waitFor();
    const row = page.locator('tr', { hasText: 'li.banli@example.gov.cn' });
    await row.locator('button', { hasText: '停用' }).click();
    await row.locator('td', { hasText: '已停用' }).waitFor();
    await axeClean(page, '/staff/admin/');
    await page.goto(`${base()}/staff/login/`);
    await axeClean(page, '/staff/login/');
    await adminCtx.close();
  });
});
