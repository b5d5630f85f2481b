/**
 * Parses the plain-text statutes in ../shared/data/law/ (and the MDX generated from them) into
 * chapters and articles. Shared by scripts/import-law.mjs, the law pages and the content tests, so
 * "what an article is" is decided in one place. No imports: Node runs this file directly
 * (type stripping) from the import script.
 */

export interface LawArticle {
  /** Article number, 1-based, in arabic digits. */
  n: number;
  /** The Chinese label that opens the article, e.g. 第三十四条. */
  label: string;
  /** The article's text exactly as in the source: paragraphs separated by blank lines, no trailing newline. */
  text: string;
}

export interface LawChapter {
  /** Chapter number, 1-based. */
  n: number;
  /** The heading as printed, e.g. 第一章 总则. */
  title: string;
  articles: LawArticle[];
}

export interface ParsedLaw {
  /** The H1 of the source, e.g. 信访工作条例. */
  title: string;
  /** Lines between the title and the first chapter (adoption and promulgation notes), verbatim. */
  preamble: string[];
  chapters: LawChapter[];
}

const CN_DIGITS = '零一二三四五六七八九';
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 三十四 -> 34. Only the forms used in statute headings. */
export function parseChineseNumber(s: string): number {
  let total = 0;
  let current = 0;
  for (const c of s) {
    const unit = CN_UNITS[c];
    if (unit !== undefined) {
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
      continue;
    }
    const d = CN_DIGITS.indexOf(c);
    if (d < 0) throw new Error(`Not a Chinese numeral: ${s}`);
    current = d;
  }
  return total + current;
}

/** A line that opens an article: 第三十四条 followed by a space (ASCII or ideographic). */
export const ARTICLE_START = /^第([零一二三四五六七八九十百千]+)条[ \u3000]/;
const CHAPTER_HEADING = /^## (第([零一二三四五六七八九十百千]+)章[ \u3000].+)$/;

/** Removes HTML comments (the provenance header and markers such as INFO END). */
export function stripComments(md: string): string {
  return md.replace(/<!--[\s\S]*?-->/g, '');
}

/**
 * Parses a statute written as: `# title`, preamble lines, then `## 第N章 …` headings each followed by
 * articles that start a line with 第N条. Throws if chapters or articles are out of sequence, so a
 * damaged source never reaches the site.
 */
export function parseLaw(markdown: string): ParsedLaw {
  const lines = stripComments(markdown).replace(/\r\n/g, '\n').split('\n');
  let title = '';
  const preamble: string[] = [];
  const chapters: LawChapter[] = [];
  let article: { n: number; label: string; lines: string[] } | undefined;

  const closeArticle = () => {
    if (!article) return;
    const chapter = chapters.at(-1);
    if (!chapter) throw new Error(`${article.label} appears before any chapter`);
    chapter.articles.push({ n: article.n, label: article.label, text: trimBlankLines(article.lines).join('\n') });
    article = undefined;
  };

  for (const line of lines) {
    const h1 = /^# (.+)$/.exec(line);
    if (h1 && !title) {
      title = h1[1]!.trim();
      continue;
    }
    const ch = CHAPTER_HEADING.exec(line);
    if (ch) {
      closeArticle();
      const n = parseChineseNumber(ch[2]!);
      if (n !== chapters.length + 1)
        throw new Error(`Chapter ${ch[1]} out of sequence (expected ${chapters.length + 1})`);
      chapters.push({ n, title: ch[1]!.trim(), articles: [] });
      continue;
    }
    const art = ARTICLE_START.exec(line);
    if (art) {
      closeArticle();
      const n = parseChineseNumber(art[1]!);
      article = { n, label: `第${art[1]}条`, lines: [line] };
      continue;
    }
    if (article) article.lines.push(line);
    else if (chapters.length === 0 && title && line.trim()) preamble.push(line.trim());
    else if (line.trim()) throw new Error(`Unexpected text outside any article: ${line.slice(0, 40)}`);
  }
  closeArticle();

  const all = chapters.flatMap((c) => c.articles);
  all.forEach((a, i) => {
    if (a.n !== i + 1) throw new Error(`${a.label} out of sequence: expected article ${i + 1}`);
  });
  if (!title) throw new Error('No "# title" line found');
  return { title, preamble, chapters };
}

/** All articles in order. */
export function allArticles(law: ParsedLaw): LawArticle[] {
  return law.chapters.flatMap((c) => c.articles);
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}
