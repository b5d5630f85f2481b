// The regulation on the site must be the official text: every article present, in order, and
// byte-identical to the source file it was imported from. Deliberately re-implements the splitting
// with plain string operations instead of reusing src/lib/law-text.ts, so a bug there cannot hide.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { toChineseNumeral } from '../../src/lib/law-links';

const SHARED = new URL('../../../shared/data/law/', import.meta.url);
const CONTENT = new URL('../../content/law/', import.meta.url);

const LAWS = [
  { source: 'xinfang-gongzuo-tiaoli-2022.md', mdx: 'xinfang-gongzuo-tiaoli.mdx', count: 50 },
  { source: 'xinfang-tiaoli-2005.md', mdx: 'xinfang-tiaoli-2005.mdx', count: 51 },
];

/** Articles of a source file: each starts a line with 第…条 and runs to the next article or chapter heading. */
function sourceArticles(text: string): string[] {
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  const out: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    if (/^第[一二三四五六七八九十百]+条 /.test(line)) {
      if (current) out.push(current.join('\n').trim());
      current = [line];
    } else if (line.startsWith('#')) {
      if (current) out.push(current.join('\n').trim());
      current = null;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) out.push(current.join('\n').trim());
  return out;
}

/** Articles of a generated MDX file: the text between <LawArticle …> and </LawArticle>. */
function mdxArticles(text: string): { n: number; label: string; text: string }[] {
  return [...text.matchAll(/<LawArticle n=\{(\d+)\} label="([^"]+)">\n\n([\s\S]*?)\n\n<\/LawArticle>/g)].map((m) => ({
    n: Number(m[1]),
    label: m[2]!,
    text: m[3]!,
  }));
}

const expectedLabels = (count: number) => Array.from({ length: count }, (_, i) => `第${toChineseNumeral(i + 1)}条`);

describe.each(LAWS)('$mdx', ({ source, mdx, count }) => {
  const mdxText = readFileSync(new URL(mdx, CONTENT), 'utf8');
  const articles = mdxArticles(mdxText);

  it(`holds exactly ${count} articles, 第一条 to 第${toChineseNumeral(count)}条 in order`, () => {
    expect(articles.map((a) => a.label)).toEqual(expectedLabels(count));
    expect(articles.map((a) => a.n)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const a of articles) expect(a.text.startsWith(`${a.label} `)).toBe(true);
  });

  it('declares the same articleCount in its frontmatter', () => {
    expect(/^articleCount: (\d+)$/m.exec(mdxText)?.[1]).toBe(String(count));
  });

  const sourceUrl = new URL(source, SHARED);
  // The shared data folder is absent in some checkouts; the committed MDX is then the reference.
  it.skipIf(!existsSync(sourceUrl))('matches the source file article by article, byte for byte', () => {
    const src = sourceArticles(readFileSync(sourceUrl, 'utf8'));
    expect(src.map((t) => t.slice(0, t.indexOf(' ')))).toEqual(expectedLabels(count));
    expect(articles.length).toBe(src.length);
    articles.forEach((a, i) => expect(a.text, a.label).toBe(src[i]));
  });

  it.skipIf(!existsSync(sourceUrl))('cites the commit and path given in the source header', () => {
    const header = readFileSync(sourceUrl, 'utf8').slice(0, 2000);
    const commit = /^ {2}commit: "([0-9a-f]{40})"$/m.exec(mdxText)?.[1];
    const path = /^ {2}path: "(.+)"$/m.exec(mdxText)?.[1];
    expect(commit).toBeDefined();
    expect(header).toContain(`commit: ${commit}`);
    expect(header).toContain(`path:   ${path}`);
  });
});
