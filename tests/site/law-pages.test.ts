// The built regulation pages: every article addressable, the superseded text marked everywhere,
// and no script on them but the layout's mode switch and the copy-link helper.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleHref, articleLabel } from '../../src/lib/law-links';

const dist = process.env.DIST_DIR ?? 'dist';
const page = (path: string) => {
  const file = join(dist, path, 'index.html');
  if (!existsSync(file)) throw new Error(`${file} missing: run npm run build first`);
  return readFileSync(file, 'utf8');
};
const ids = (html: string, prefix: string) =>
  [...html.matchAll(new RegExp(`\\sid="(${prefix}-\\d+)"`, 'g'))].map((m) => m[1]);
const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

describe('/law/xinfang-gongzuo-tiaoli/', () => {
  const html = page('law/xinfang-gongzuo-tiaoli');

  it('has #article-1 to #article-50, once each, in order, each labelled in Chinese', () => {
    expect(ids(html, 'article')).toEqual(Array.from({ length: 50 }, (_, i) => `article-${i + 1}`));
    for (let n = 1; n <= 50; n++) {
      expect(html).toContain(`<a href="#article-${n}"`);
      expect(html).toMatch(
        new RegExp(`id="article-${n}"[^>]*>\\s*<a href="#article-${n}"[^>]*>${articleLabel(n)}</a>`),
      );
    }
  });

  it('links every chapter from its table of contents', () => {
    const chapters = ids(html, 'chapter');
    expect(chapters).toEqual(['chapter-1', 'chapter-2', 'chapter-3', 'chapter-4', 'chapter-5', 'chapter-6']);
    for (const c of chapters) expect(html).toContain(`href="#${c}"`);
  });

  it('shows title, source and dates', () => {
    expect(html).toContain('《信访工作条例》</h1>');
    expect(html).toContain('2022年2月25日');
    expect(html).toContain('2022年5月1日');
    expect(html).toContain('LawRefBook/Laws');
  });

  it('offers a copy-link button per article that stays hidden until the script runs', () => {
    expect(html.match(/<button[^>]*class="copy-link"[^>]*hidden/g)).toHaveLength(50);
  });

  it('loads no script but the 适老化 mode and its switch, the copy-link helper and 语音阅读', () => {
    const srcs = scripts(html).map((s) =>
      (/src="([^"]+)"/.exec(s)?.[1] ?? 'inline').replace(/^\/_astro\/ReadAloud\..*$/, 'read-aloud'),
    );
    expect(srcs.sort()).toEqual(['/copy-link.js', '/mode.js', 'inline', 'read-aloud']);
  });

  it('has 语音阅读 controls that stay hidden until the script finds speech synthesis', () => {
    expect(html).toMatch(/<div class="read-aloud[^"]*" data-pagefind-ignore hidden/);
    expect(html).toMatch(
      /<button type="button" class="read-aloud-toggle"[^>]*aria-pressed="false"[^>]*>语音阅读<\/button>/,
    );
  });

  it('is what articleHref() points at', () => {
    expect(articleHref(34)).toBe('/law/xinfang-gongzuo-tiaoli/#article-34');
    expect(ids(html, 'article')).toContain('article-34');
  });
});

describe('/law/xinfang-tiaoli-2005/', () => {
  const html = page('law/xinfang-tiaoli-2005');

  it('says it is superseded at the top, at every chapter and under every article, linking to the current text', () => {
    expect(html).toMatch(/<h1[^>]*>《信访条例》（已废止）<\/h1>/);
    expect(html.indexOf('本法规已失效')).toBeLessThan(html.indexOf('<h1'));
    expect(ids(html, 'article')).toHaveLength(51);
    expect(html.match(/class="superseded-note"/g)).toHaveLength(51);
    expect(html.match(/class="superseded-banner"/g)).toHaveLength(7);
    expect(html.match(/href="\/law\/xinfang-gongzuo-tiaoli\/"/g)!.length).toBeGreaterThanOrEqual(51 + 7 + 1);
  });

  it('is searchable as 法规 under a title that says 已废止, and flagged so search ranks it lower', () => {
    expect(html).toMatch(/data-pagefind-filter="type"[^>]*>法规</);
    expect(html).toMatch(/data-pagefind-meta="superseded"[^>]*>已废止</);
  });
});

describe('/law/', () => {
  it('lists the current regulation before the superseded one', () => {
    const html = page('law');
    const current = html.indexOf('href="/law/xinfang-gongzuo-tiaoli/"');
    const old = html.indexOf('href="/law/xinfang-tiaoli-2005/"');
    expect(current).toBeGreaterThan(0);
    expect(old).toBeGreaterThan(current);
    expect(html).toContain('已废止');
  });
});

describe('search index', () => {
  it('was written by the build', () => {
    expect(existsSync(join(dist, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(existsSync(join(dist, 'pagefind', 'pagefind-entry.json'))).toBe(true);
  });
});
