// Issue 13 in real Chromium, one journey per channel: a staff member signs in through the outbox
// link, registers a letter, a visit, a call or a fax on 登记来信来访, prints the slip (its content,
// large type and one sheet of A5 or A4, checked in a PDF made with print media), and a citizen then
// tracks the code on the public tracking page with the last four digits or the printed PIN. A
// letter typed in 10 days after it arrived shows what is left of Art. 22's 15 days; a repeat shows
// the earlier case. axe over the intake form, its answer and the slip (the console is not in the
// sitemap, so every-page-is-accessible never sees these pages).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addCalendarDays, periodEnd, shanghaiDate } from '../../src/lib/deadlines';
import { STATES } from '../../src/lib/workflow';
import { launchBrowser, runAxe } from './support/browser';
import { signIn } from './staff-support';

const base = () => inject('baseUrl');
const PT14_PX = (14 * 96) / 72;
/** A5 and A4 portrait in PDF points (1/72 in). */
const PAPER = { A5: [419.53, 595.28], A4: [595.28, 841.89] } as const;

/** axe in the standard and the 长辈模式 (elder) look, as every-page-is-accessible checks the public pages. */
async function axeClean(page: Page, label: string): Promise<void> {
  const failures: string[] = [];
  for (const elder of [false, true]) {
    await page.evaluate((on) => document.documentElement.classList.toggle('elder', on), elder);
    for (const v of await runAxe(page))
      failures.push(
        `${label}${elder ? ' [长辈模式]' : ''}: ${v.id} ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
  }
  await page.evaluate(() => document.documentElement.classList.remove('elder'));
  expect(failures).toEqual([]);
}

let serial = 0;
const unique = () => `${Date.now() % 100000}${++serial}`;

interface Intake {
  channel: 'letter' | 'visit' | 'phone' | 'fax';
  receivedOn?: string;
  name: string;
  phone?: string;
  title: string;
  facts?: string;
  oral?: boolean;
  group?: { size: number; representatives: string[] };
  receptionId?: string;
}

async function openIntake(page: Page, channel: Intake['channel']): Promise<void> {
  await page.goto(`${base()}/staff/`);
  // From the inbox, as a person would: the link names the channel.
  const verbs = { letter: '登记来信', visit: '登记来访', phone: '登记来电', fax: '登记传真' };
  await page.click(`.intake-links a:text-is("${verbs[channel]}")`);
  await page.waitForURL(/\/staff\/intake\//);
  await page.locator(`#intake-channel-${channel}:checked`).waitFor();
  await expect(page.locator('h1').textContent()).resolves.toBe(verbs[channel]);
}

async function fillIntake(page: Page, p: Intake): Promise<void> {
  if (p.receivedOn) await page.fill('#intake-receivedOn', p.receivedOn);
  if (p.receptionId) await page.selectOption('#intake-receptionId', p.receptionId);
  if (p.group) {
    await page.check('#intake-group');
    await page.fill('#intake-groupSize', String(p.group.size));
    for (const [i, name] of p.group.representatives.entries()) {
      await page.click('button:has-text("添加一位代表")');
      await page.fill(`#intake-representatives-${i}-name`, name);
    }
  }
  await page.fill('#intake-name', p.name);
  if (p.phone) await page.fill('#intake-phone', p.phone);
  await page.fill('#intake-address', '示例县城关镇人民路 12 号');
  await page.selectOption('#intake-region', 'chengguan');
  await page.check('#intake-kind-claim');
  await page.selectOption('#intake-issueArea', 'labour');
  await page.check('#intake-otherProcedure-none');
  await page.fill('#intake-title', p.title);
  await page.fill('#intake-request', '请督促有关单位尽快解决。');
  await page.fill(
    '#intake-facts',
    p.facts ?? `${p.title}。从今年八月起多次找有关单位，一直没有结果，生活受到很大影响，请求政府帮助解决。`,
  );
  if (p.oral) await page.check('#intake-oralConfirmed');
}

interface Saved {
  code: string;
  pin: string | null;
  slipHref: string;
}

async function save(page: Page): Promise<Saved> {
  await page.click('button:has-text("保存登记")');
  await page.locator('#intake-result').waitFor();
  // The answer takes focus, so a screen reader hears that it was saved.
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('intake-result');
  const strong = await page.locator('.status-message strong.code-inline').allTextContents();
  const slipHref = (await page.locator('a:has-text("打印受理回执")').getAttribute('href')) ?? '';
  return { code: strong[0]!, pin: strong[1] ?? null, slipHref };
}

/** The slip as printed: content, no console chrome, type ≥ 14 pt, the code on one line, one sheet. */
async function checkSlip(page: Page, saved: Saved, paper: 'A5' | 'A4' = 'A5'): Promise<string> {
  await page.goto(base() + saved.slipHref);
  await page.locator('.slip-code-value').waitFor();
  await page.check(`input[name=paper][value=${paper}]`);
  const text = (await page.locator('article.slip').textContent()) ?? '';
  expect(text).toContain(saved.code);
  expect(text).toContain('手机号码后四位');
  expect(text).toContain('《信访工作条例》第二十二条第一款');
  expect(text).toContain('《信访工作条例》第三十五条');
  await expect(page.locator('.slip-qr svg').count()).resolves.toBe(1);

  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const slip = document.querySelector('article.slip')!;
    const sizes: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(slip, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      const el = n.parentElement!;
      sizes.push({ text: n.textContent.trim().slice(0, 20), px: parseFloat(getComputedStyle(el).fontSize) });
    }
    const code = document.querySelector('.slip-code-value') as HTMLElement;
    const lineHeight =
      parseFloat(getComputedStyle(code).lineHeight) || parseFloat(getComputedStyle(code).fontSize) * 1.5;
    return {
      sizes,
      codeLines: Math.round(code.getBoundingClientRect().height / lineHeight),
      navShown: [...document.querySelectorAll('.staff-nav, .slip-options, .site-header, .site-footer')].some(
        (e) => getComputedStyle(e).display !== 'none',
      ),
    };
  });
  expect(printed.navShown).toBe(false);
  expect(printed.sizes.filter((s) => s.px < PT14_PX - 0.01)).toEqual([]);
  expect(printed.codeLines).toBe(1);

  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pdf = bytes.toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages).toHaveLength(1);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  expect(Number(box?.[1])).toBeCloseTo(PAPER[paper][0], 0);
  expect(Number(box?.[2])).toBeCloseTo(PAPER[paper][1], 0);
  await page.emulateMedia({ media: 'screen' });
  return text;
}

/** A citizen with no account tracks the code on the public page with the second factor. */
async function track(context: BrowserContext, code: string, secondFactor: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(`${base()}/track/`);
  await page.fill('#track-code', code);
  await page.fill('#track-phoneLast4', secondFactor);
  await Promise.all([page.waitForLoadState('load'), page.click('#track-form button[type=submit]')]);
  await page.locator('#track-result-title').waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  await page.close();
  return text;
}

describe('staff register a petition from every channel, and the citizen tracks it', () => {
  let browser: Browser;
  let staff: BrowserContext;
  let citizen: BrowserContext;
  let desk: Page;
  const today = shanghaiDate(new Date());

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await browser.newContext();
    citizen = await browser.newContext();
    desk = await signIn(staff, base(), 'handler@example.gov.cn');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a letter entered 10 days after it arrived: slip on A5, what is left of the 15 days, tracked with the last four digits', async () => {
    const receivedOn = addCalendarDays(today, -10);
    const phone = `1370000${unique().padStart(4, '0').slice(-4)}`;
    await openIntake(desk, 'letter');
    await axeClean(desk, 'intake form');
    // The letter's scan, attached as a person would choose it.
    const scan = join(mkdtempSync(join(tmpdir(), 'intake-scan-')), '来信扫描件.pdf');
    writeFileSync(scan, '%PDF-1.4\n% 来信扫描件\n%%EOF\n');
    await desk.setInputFiles('#intake-attachments', scan);
    await desk.locator('.file-list li', { hasText: '来信扫描件.pdf' }).waitFor();
    await fillIntake(desk, {
      channel: 'letter',
      receivedOn,
      name: '李来信',
      phone,
      title: `村道塌陷两个月车辆无法通行村民出行困难请求尽快修复 ${unique()}`,
    });
    const saved = await save(desk);
    expect(saved.pin).toBeNull();
    await axeClean(desk, 'intake answer');

    // A title past A5_TITLE_CHARS (StaffSlip.tsx): the slip starts on A4, and still fits one A5 sheet when chosen.
    const slip = await checkSlip(desk, saved);
    expect(slip).toContain(`尾号 ${phone.slice(-4)}`);
    await axeClean(desk, 'slip');

    // The case page counts Art. 22's 15 days from the day of receipt, not from data entry: 5 days
    // left when the 15th day is a working day (the office's day rule may move it past a holiday).
    const due = periodEnd(receivedOn, 15).due;
    const left = Math.round((Date.parse(due) - Date.parse(today)) / 86_400_000);
    if (due === addCalendarDays(receivedOn, 15)) expect(left).toBe(5);
    await desk.click('a:has-text("返回事项")');
    await desk.locator('.deadline-list').first().waitFor();
    await expect(desk.locator('.deadline-list').first().textContent()).resolves.toContain(`剩 ${left} 天`);
    await expect(desk.locator('section[aria-labelledby="case-files"]').textContent()).resolves.toContain(
      '来信扫描件.pdf',
    );

    const tracked = await track(citizen, saved.code, phone.slice(-4));
    expect(tracked).toContain(STATES.registered.label);
  });

  it('a group visit at a 领导接访日 without a phone: the oral record confirmed, the leader on the slip, tracked with the printed PIN', async () => {
    const r = await desk.request.get(`${base()}/staff/receptions.json`);
    const { receptions } = (await r.json()) as { receptions: { id: string; date: string; leader: { name: string } }[] };
    const reception = receptions
      .filter((x) => x.date <= today && x.date >= addCalendarDays(today, -366))
      .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    await openIntake(desk, 'visit');
    await fillIntake(desk, {
      channel: 'visit',
      name: '孙老汉',
      title: `征地补偿款未发放 ${unique()}`,
      oral: true,
      group: { size: 8, representatives: ['赵代表', '钱代表'] },
      ...(reception ? { receptionId: reception.id } : {}),
    });
    if (reception) await expect(desk.inputValue('#intake-receivedOn')).resolves.toBe(reception.date);
    const saved = await save(desk);
    expect(saved.pin).toMatch(/^\d{4}$/);
    // A title past A5_TITLE_CHARS (StaffSlip.tsx): the slip starts on A4, and still fits one A5 sheet when chosen.
    const slip = await checkSlip(desk, saved);
    expect(slip).toContain('查询密码');
    expect(slip).toContain(saved.pin);
    if (reception) expect(slip).toContain(`包案领导：${reception.leader.name}`);

    const tracked = await track(citizen, saved.code, saved.pin!);
    expect(tracked).toContain(STATES.registered.label);
    // Someone who found the code without the slip sees nothing.
    const wrong = String((Number(saved.pin) + 1) % 10000).padStart(4, '0');
    expect(await track(citizen, saved.code, wrong)).not.toContain(STATES.registered.label);
  });

  it('a call: the form says field by field what is missing, the summary takes focus; then saved and printed on A4', async () => {
    const phone = `1390000${unique().padStart(4, '0').slice(-4)}`;
    await openIntake(desk, 'phone');
    await desk.click('button:has-text("保存登记")');
    await desk.locator('.error-summary').waitFor();
    await expect(desk.evaluate(() => document.activeElement?.id)).resolves.toBe('intake-errors');
    await expect(desk.title()).resolves.toMatch(/^错误：/);
    const summary = (await desk.locator('.error-summary').textContent()) ?? '';
    expect(summary).toContain('姓名（名称）');
    expect(summary).toContain('如实记录');
    await axeClean(desk, 'intake form with errors');
    // The summary's link takes the person to the field.
    await desk.click('.error-summary a:has-text("标题")');
    await expect(desk.evaluate(() => document.activeElement?.id)).resolves.toBe('intake-title');

    // A title this long would not fit one A5 sheet at 14 pt: the slip starts on A4.
    const title = `城关镇人民路北段十二盏路灯连续两个月不亮夜间出行不安全 ${unique()}`;
    await fillIntake(desk, { channel: 'phone', name: '周来电', phone, title });
    await desk.click('button:has-text("保存登记")');
    await expect(desk.locator('.error-summary').textContent()).resolves.toContain('如实记录');
    await desk.check('#intake-oralConfirmed');
    const saved = await save(desk);
    await desk.goto(base() + saved.slipHref);
    await desk.locator('input[name=paper][value=A4]:checked').waitFor();
    await checkSlip(desk, saved, 'A4');
    expect(await track(citizen, saved.code, phone.slice(-4))).toContain(STATES.registered.label);
  });

  it('a fax from someone who wrote before: the earlier case is shown with its link, nothing is refused', async () => {
    const phone = `1360000${unique().padStart(4, '0').slice(-4)}`;
    const facts =
      '本人在城关镇某工地做木工，2026 年 8 月至 10 月的工资共 18000 元至今未发，多次找项目部，对方推说没钱。';
    await openIntake(desk, 'letter');
    await fillIntake(desk, { channel: 'letter', name: '吴重复', phone, title: '工地拖欠木工工资', facts });
    const first = await save(desk);

    await openIntake(desk, 'fax');
    await fillIntake(desk, {
      channel: 'fax',
      name: '吴重复',
      phone,
      title: '工地拖欠木工工资',
      facts: `${facts}再次反映。`,
    });
    const second = await save(desk);
    expect(second.code).not.toBe(first.code);
    const repeats = desk.locator('.repeat-list li', { hasText: first.code });
    await repeats.waitFor();
    await expect(repeats.textContent()).resolves.toContain('姓名和手机号码相同');
    await expect(desk.locator('.repeats').textContent()).resolves.toContain('系统不会自动拒绝');
    await axeClean(desk, 'intake answer with repeats');
    await repeats.locator('a').click();
    await desk.waitForURL(/\/staff\/case\/\?id=/);
    await desk.locator('main h1', { hasText: '工地拖欠木工工资' }).waitFor();
    // The case page names the channel and lists the later letter among its possible repeats.
    await expect(desk.locator('.case-facts').first().textContent()).resolves.toContain('书信');
    await expect(desk.locator('.repeats').textContent()).resolves.toContain(second.code);
    await axeClean(desk, 'case page with repeats');
    await checkSlip(desk, second);
    expect(await track(citizen, second.code, phone.slice(-4))).toContain(STATES.registered.label);
  });
});
