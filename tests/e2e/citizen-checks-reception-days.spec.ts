// A citizen looks up the next leaders' reception day, opens it, adds it to a calendar, and never sees a
// reception that has already ended offered as upcoming: the list is decided by the time of the visit,
// not the time of the build.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe } from './support/browser';

interface Demo {
  slug: string;
  start: number;
  end: number;
  cancelled: boolean;
}

// The demo receptions as staff wrote them, read straight from content/ so the test follows the data.
function demoReceptions(): Demo[] {
  const dir = 'content/schedules';
  return readdirSync(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => {
      const text = readFileSync(`${dir}/${f}`, 'utf8');
      const field = (name: string) => new RegExp(`^${name}:\\s*'?([^'\\n]+)'?`, 'm').exec(text)?.[1]?.trim() ?? '';
      const date = field('date');
      return {
        slug: f.replace(/\.mdx?$/, ''),
        start: Date.parse(`${date}T${field('start')}:00+08:00`),
        end: Date.parse(`${date}T${field('end')}:00+08:00`),
        cancelled: /^cancelled:/m.test(text),
      };
    })
    .sort((a, b) => a.start - b.start);
}

async function listed(page: Page, list: string): Promise<string[]> {
  return page.$$eval(`[data-reception-list="${list}"] > li:not([hidden]) a`, (as) =>
    as.map((a) => a.getAttribute('href')!.replace(/^\/schedules\/|\/$/g, '')),
  );
}

describe('a citizen checks the leaders’ reception days', () => {
  const base = inject('baseUrl');
  const demos = demoReceptions();
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await browser.newContext();
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sees exactly the receptions that have not ended yet, soonest first, and none that has ended', async () => {
    await page.goto(`${base}/schedules/`);
    const now = Date.now();
    const upcoming = await listed(page, 'upcoming');
    expect(upcoming).toEqual(demos.filter((d) => d.end > now).map((d) => d.slug));
    for (const d of demos.filter((x) => x.end <= now)) expect(upcoming).not.toContain(d.slug);
    const empty = page.locator('[data-reception-empty="upcoming"]');
    expect(await empty.isVisible()).toBe(upcoming.length === 0);
  });

  it('sees the next three on the home page', async () => {
    await page.goto(`${base}/`);
    const now = Date.now();
    expect(await listed(page, 'home-upcoming')).toEqual(
      demos
        .filter((d) => d.end > now)
        .slice(0, 3)
        .map((d) => d.slug),
    );
  });

  it('sees the same list without JavaScript: nothing is decided in the browser', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p = await noJs.newPage();
    await p.goto(`${base}/schedules/`);
    const now = Date.now();
    expect(await listed(p, 'upcoming')).toEqual(demos.filter((d) => d.end > now).map((d) => d.slug));
    await noJs.close();
  });

  // The site was built before this test started, so receptions still ahead now were upcoming at build time.
  const ahead = demos.filter((d) => d.end > Date.now());

  it.skipIf(ahead.length < 2)(
    'on a later day, a reception that was upcoming when the site was built is no longer offered',
    async () => {
      // A moment just after the next demo reception ends (dev-only clock, see requestClock()).
      const [target, following] = ahead;
      const clocked = await browser.newContext({
        extraHTTPHeaders: { 'x-debug-now': new Date(target!.end + 60_000).toISOString() },
      });
      const p = await clocked.newPage();

      await p.goto(`${base}/schedules/`);
      const upcoming = await listed(p, 'upcoming');
      expect(upcoming).not.toContain(target!.slug);
      expect(upcoming[0]).toBe(following!.slug);

      // The home page shows the next three, and the one that ended has made room for the fourth.
      await p.goto(`${base}/`);
      expect(await listed(p, 'home-upcoming')).toEqual(ahead.slice(1, 4).map((d) => d.slug));

      await p.goto(`${base}/schedules/archive/`);
      const archive = await listed(p, 'past');
      expect(archive[0]).toBe(target!.slug);
      expect(archive).not.toContain(following!.slug);

      await p.goto(`${base}/schedules/${target!.slug}/`);
      await expect(p.locator('text=本场接访已经结束').isVisible()).resolves.toBe(target!.cancelled ? false : true);
      await expect(p.locator('text=本场接访按计划举行').count()).resolves.toBe(0);

      await clocked.close();

      // One minute before it ends, the same reception is still upcoming. (A fresh context: the pages may be
      // cached until the next reception ends, and this clock runs backwards.)
      const before = await browser.newContext({
        extraHTTPHeaders: { 'x-debug-now': new Date(target!.end - 60_000).toISOString() },
      });
      const q = await before.newPage();
      await q.goto(`${base}/schedules/`);
      expect((await listed(q, 'upcoming'))[0]).toBe(target!.slug);
      await q.goto(`${base}/schedules/archive/`);
      expect(await listed(q, 'past')).not.toContain(target!.slug);
      await before.close();
    },
  );

  it('opens a reception and finds date with weekday, time, leader, place, topics, booking and video', async () => {
    const next = demos.find((d) => !d.cancelled && d.end > Date.now()) ?? demos.find((d) => !d.cancelled)!;
    await page.goto(`${base}/schedules/${next.slug}/`);
    const h1 = await page.textContent('h1');
    expect(h1).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（星期[一二三四五六日]）/);
    const terms = await page.$$eval('dl.facts dt', (dts) => dts.map((d) => d.textContent?.trim()));
    expect(terms).toEqual(['日期', '时间', '接访领导', '地点', '接访内容', '预约方式', '视频接访']);
    expect(await page.textContent('dl.facts')).toContain('北京时间');
    expect(await page.locator('a[href="/guide/how-to-petition/"]').count()).toBe(1);
    expect(await page.getAttribute('main', 'data-pagefind-body')).toBe('');
  });

  it('adds it to a calendar: the .ics is served as text/calendar with the time in Asia/Shanghai', async () => {
    const next = demos.find((d) => !d.cancelled)!;
    await page.goto(`${base}/schedules/${next.slug}/`);
    const href = await page.getAttribute('a[href$=".ics"][download]', 'href');
    expect(href).toBe(`/schedules/${next.slug}.ics`);
    const res = await page.request.get(`${base}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/calendar; ?charset=utf-8$/i);
    const body = await res.text();
    expect(body).toContain('DTSTART;TZID=Asia/Shanghai:');
    expect(body).toContain(`UID:schedule-${next.slug}@`);
  });

  it('sees a cancelled reception marked as such, with the reason and no calendar download', async () => {
    const cancelled = demos.find((d) => d.cancelled)!;
    await page.goto(`${base}/schedules/${cancelled.slug}/`);
    await expect(page.locator('text=本场接访已取消').isVisible()).resolves.toBe(true);
    expect(await page.locator('a[href$=".ics"]').count()).toBe(0);
    expect((await page.request.get(`${base}/schedules/${cancelled.slug}.ics`)).status()).toBe(404);
  });

  it('has no accessibility violations on the list, the archive and a reception page', async () => {
    for (const path of ['/schedules/', '/schedules/archive/', `/schedules/${demos[0]!.slug}/`]) {
      await page.goto(`${base}${path}`);
      // Open the folded archive so that its entries are checked too.
      if ((await page.locator('summary').count()) > 0) await page.click('summary');
      expect(await runAxe(page), path).toEqual([]);
    }
  });
});
