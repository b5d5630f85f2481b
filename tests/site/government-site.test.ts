// 《政府网站发展指引》 conventions on every built page (issue 11, finding 11): the five meta tags,
// and a footer with 主办单位, 网站标识码, ICP备案号, 公安备案号, the 党政机关网站标识 and 我要纠错,
// all from content/settings.json.
import { readdirSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settings } from '../../src/lib/settings';
import { dist } from './page-weight';

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? pages(p) : name.endsWith('.html') ? [p] : [];
  });
}

const meta = (html: string, name: string) => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(html)?.[1];

describe('government-site conventions', () => {
  const files = pages(dist).filter((f) => !relative(dist, f).startsWith('dev/'));

  it.each(files.map((f) => [relative(dist, f), f]))('%s has the meta tags and the footer', (_, file) => {
    const html = readFileSync(file, 'utf8');
    expect(meta(html, 'SiteName')).toBe(settings.site.title);
    expect(meta(html, 'SiteDomain')).toBe(settings.govSite.domain);
    expect(meta(html, 'SiteIDCode')).toBe(settings.govSite.siteIdCode);
    expect(meta(html, 'ColumnName')).toMatch(/\S/);
    expect(meta(html, 'ColumnType')).toMatch(/\S/);
    const footer = /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? '';
    for (const text of [
      `主办单位：${settings.govSite.sponsor}`,
      `网站标识码：${settings.govSite.siteIdCode}`,
      settings.govSite.icp,
      settings.govSite.psb,
      'alt="党政机关网站标识"',
      '我要纠错',
    ])
      expect(footer).toContain(text);
    if (settings.isExample) expect(footer).toContain('均为示例');
  });

  it('names each column as the navigation does', () => {
    const page = (p: string) => readFileSync(join(dist, p, 'index.html'), 'utf8');
    expect(meta(page('/'), 'ColumnName')).toBe('首页');
    expect(meta(page('/law/xinfang-gongzuo-tiaoli/'), 'ColumnName')).toBe('信访法规');
    expect(meta(page('/track/'), 'ColumnName')).toBe('查询进度');
  });
});
