// Checks over the built guides, channel finder, notices and robots.txt: every statement's citation
// appears in the page's "本页依据" list and the other way round, the FAQ has its dozen answers,
// notices show their dates in the promised order, and no finder page needs JavaScript.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { settings } from '@/lib/settings';
import { channelNodeHref, channelNodes } from '@/lib/channel-finder';

const dist = resolve(process.env.DIST_DIR ?? 'dist');
const read = (path: string) => readFileSync(join(dist, path), 'utf8');
const articleLinks = (html: string) =>
  new Set([...html.matchAll(/href="\/law\/xinfang-gongzuo-tiaoli\/#article-(\d+)"/g)].map((m) => Number(m[1])));

/** The part of a page between two markers (exclusive), or fail loudly. */
function between(html: string, start: string, end: string, where: string): string {
  const i = html.indexOf(start);
  const j = html.indexOf(end, i + start.length);
  if (i < 0 || j < 0) throw new Error(`${where}: cannot find ${start} … ${end}`);
  return html.slice(i + start.length, j);
}

const guideSlugs = existsSync(join(dist, 'guide'))
  ? readdirSync(join(dist, 'guide')).filter((d) => existsSync(join(dist, 'guide', d, 'index.html')))
  : [];

describe('guides', () => {
  it('are all built, the eight procedure guides and the FAQ', () => {
    for (const slug of [
      'how-to-petition',
      'what-to-include',
      'other-legal-routes',
      'after-submission',
      'review-and-re-examination',
      'rights-and-duties',
      'group-visits',
      'track-and-rate',
      'faq',
    ]) {
      expect(guideSlugs).toContain(slug);
    }
  });

  it.each(guideSlugs)('%s cites in its text exactly the articles listed under 本页依据', (slug) => {
    const html = read(`guide/${slug}/index.html`);
    const body = between(html, 'class="guide-body"', 'class="guide-basis"', slug);
    const basis = between(html, 'id="guide-basis-title"', '</section>', slug);
    const cited = articleLinks(body);
    expect(cited.size, `${slug} cites the regulation`).toBeGreaterThan(0);
    expect([...articleLinks(basis)].sort((a, b) => a - b)).toEqual([...cited].sort((a, b) => a - b));
  });

  it.each(guideSlugs)('%s shows a breadcrumb, its last-checked date and is indexed as 指南', (slug) => {
    const html = read(`guide/${slug}/index.html`);
    expect(html).toContain('aria-label="当前位置"');
    expect(html).toMatch(/最后核对日期：<time datetime="\d{4}-\d{2}-\d{2}">\d{4}年\d{1,2}月\d{1,2}日<\/time>/);
    expect(html).toContain('data-pagefind-filter="type">指南<');
  });

  it('puts the 60-day limit on Art. 34 and 复查 on Art. 35, never on the 2005 numbering', () => {
    const html = read('guide/after-submission/index.html');
    const sixty = between(html, '办结期限：60 日', 'id="日怎么算"', 'after-submission');
    expect(articleLinks(sixty)).toEqual(new Set([34]));
    const review = read('guide/review-and-re-examination/index.html');
    expect(articleLinks(between(review, 'id="复查"', 'id="复核"', 'review'))).toEqual(new Set([35]));
    expect(articleLinks(between(review, 'id="复核"', 'id="复核之后"', 'review'))).toEqual(new Set([36]));
  });

  it('says the regulation does not define 日 and shows the office rule from settings', () => {
    const html = read('guide/after-submission/index.html');
    expect(html).toContain('没有规定“日”是自然日还是工作日');
    expect(html).toContain(settings.days.ruleNote);
  });

  it('gives at least 12 questions and answers in the FAQ', () => {
    const body = between(read('guide/faq/index.html'), 'class="guide-body"', 'class="guide-basis"', 'faq');
    const questions = [...body.matchAll(/<h2[^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(questions.length).toBeGreaterThanOrEqual(12);
    for (const q of questions) expect(q).toMatch(/？$/);
  });

  it('takes the office details from settings', () => {
    const html = read('guide/how-to-petition/index.html');
    for (const s of [
      settings.channels.letter.address,
      settings.channels.phone.number,
      settings.channels.fax.number,
      settings.channels.visit.hours,
    ]) {
      expect(html).toContain(s);
    }
  });
});

describe('the channel finder', () => {
  it.each(channelNodes.map((n) => n.id))('%s is a page that needs no JavaScript of its own', (id) => {
    const html = read(`${channelNodeHref(id).slice(1)}index.html`);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    // Only the layout's 适老化 mode (inline, before first paint) and its switch, which the finder
    // does not depend on.
    expect(scripts).toEqual(['<script>', '<script src="/mode.js" defer>']);
    expect(articleLinks(html).size).toBeGreaterThan(0);
  });
});

describe('notices', () => {
  it('are listed pinned first, then newest first, each with its date', () => {
    const html = read('notices/index.html');
    const list = between(html, 'class="notice-list', '</ul>', 'notices');
    const dates = [...list.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]!);
    const pinned = [...list.matchAll(/<li[\s\S]*?<\/li>/g)].map((m) => m[0].includes('置顶'));
    expect(dates.length).toBeGreaterThanOrEqual(4);
    const firstUnpinned = pinned.indexOf(false);
    expect(
      pinned.slice(firstUnpinned).every((p) => !p),
      'pinned notices come first',
    ).toBe(true);
    const rest = dates.slice(firstUnpinned);
    expect(rest).toEqual([...rest].sort().reverse());
  });

  it('show the three newest on the home page', () => {
    const home = read('index.html');
    const list = between(home, 'id="notices-title"', '查看全部公告', 'home');
    const dates = [...list.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]!);
    expect(dates.length).toBe(3);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe('robots.txt', () => {
  it('points to the sitemap at the site origin and keeps staff pages out', () => {
    const robots = read('robots.txt');
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toContain('Disallow: /staff/');
    expect(robots).toMatch(/^Sitemap: https?:\/\/[^\s]+\/sitemap-index\.xml$/m);
    expect(existsSync(join(dist, 'sitemap-index.xml'))).toBe(true);
  });
});
