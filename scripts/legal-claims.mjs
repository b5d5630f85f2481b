// Every citation of 《信访工作条例》 that the portal shows, read from the source (pages, guides,
// notices, src/lib tables, islands, the receipt), checked against the official text in
// content/law, and written as docs/legal-claims.md for the office's legal reviewer.
//
//   node scripts/legal-claims.mjs          write docs/legal-claims.md (fails on a wrong citation)
//   node scripts/legal-claims.mjs --check  fail when a citation is wrong or the table is stale
//
// tests/content/legal-citations.test.ts runs the same checks. Reading the source as text (not
// importing it) keeps this a plain Node script and sees citations in modules nothing imports yet.
import { readFileSync, readdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLAIMS_FILE = join(ROOT, 'docs/legal-claims.md');
const LAW_FILE = join(ROOT, 'content/law/xinfang-gongzuo-tiaoli.mdx');

/** Where citations may stand; the law pages themselves and the citation helpers are not claims. */
const SCAN = [
  'content/guides',
  'content/notices',
  'src/lib',
  'src/components',
  'src/pages',
  'src/layouts',
  'src/islands',
  'src/server/receipt-info.ts',
];
const SKIP = new Set(['src/lib/law-cite.ts', 'src/components/Art.astro', 'src/components/Guidance.astro']);

/**
 * Articles of the official text: each article's paragraphs (款) with their items (项). An item
 * line （一）… belongs to the paragraph before it; every other block opens a new paragraph.
 */
export function readLaw(text = readFileSync(LAW_FILE, 'utf8')) {
  /** @type {Map<number, { label: string; text: string; paragraphs: { text: string; items: string[] }[] }>} */
  const articles = new Map();
  for (const m of text.matchAll(/<LawArticle n=\{(\d+)\} label="([^"]+)">\n\n([\s\S]*?)\n\n<\/LawArticle>/g)) {
    const body = m[3].slice(m[2].length + 1);
    const paragraphs = [];
    for (const block of body.split(/\n\n+/)) {
      if (/^（[一二三四五六七八九十]+）/.test(block) && paragraphs.length > 0) paragraphs.at(-1).items.push(block);
      else paragraphs.push({ text: block, items: [] });
    }
    articles.set(Number(m[1]), { label: m[2], text: body, paragraphs });
  }
  return articles;
}

/**
 * Why a citation does not hold, or null when its quote stands where it says.
 * @param {Map<number, { label: string; text: string; paragraphs: { text: string; items: string[] }[] }>} law
 * @param {{ article: number; paragraph?: number | undefined; item?: number | undefined; quote?: string | undefined }} c
 * @returns {string | null}
 */
export function checkCitation(law, { article, paragraph, item, quote }) {
  const a = law.get(article);
  if (!a) return `没有第 ${article} 条`;
  if (!quote) return `${a.label}没有引用原文（quote）`;
  if (!a.text.includes(quote)) return `${a.label}中没有“${quote}”`;
  if (paragraph !== undefined) {
    const p = a.paragraphs[paragraph - 1];
    if (!p) return `${a.label}没有第 ${paragraph} 款`;
    if (![p.text, ...p.items].join('\n').includes(quote)) return `${a.label}第 ${paragraph} 款中没有“${quote}”`;
  }
  if (item !== undefined) {
    const items = paragraph !== undefined ? a.paragraphs[paragraph - 1].items : a.paragraphs.flatMap((p) => p.items);
    const it = items[item - 1];
    if (!it) return `${a.label}没有第 ${item} 项`;
    if (!it.includes(quote)) return `${a.label}第 ${item} 项中没有“${quote}”`;
  }
  return null;
}

function walk(rel) {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true }).flatMap((d) => walk(join(rel, d.name)));
}

const num = (attrs, name) => {
  const m = new RegExp(`\\b${name}=\\{(\\d+)\\}`).exec(attrs);
  return m ? Number(m[1]) : undefined;
};

/** Plain words of the sentence that ends where a citation stands, for the reviewer. */
function sentenceBefore(text, index) {
  const before = text.slice(Math.max(0, index - 400), index);
  const plain = before
    .replace(/<Art\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\{[^{}]*\}/g, '')
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const cut = Math.max(
    plain.lastIndexOf('。'),
    plain.lastIndexOf('\n'),
    plain.lastIndexOf('|'),
    plain.lastIndexOf('；'),
  );
  return plain
    .slice(cut + 1)
    .replace(/[（(]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The nearest string literal before a cite() in code: the text that the citation supports. */
function literalBefore(text, index) {
  // Earlier cite() calls are citations, not the sentence: drop their quotes before looking back.
  const before = text
    .slice(Math.max(0, index - 1200), index)
    .replace(/\bcite\(\s*\d+,\s*'(?:[^'\\]|\\.)*'(?:,\s*\{[^}]*\})?\s*\)/g, '');
  const lits = [
    ...before.matchAll(/'((?:[^'\\\n]|\\.)*[\u4e00-\u9fff](?:[^'\\\n]|\\.)*)'|`([^`]*[\u4e00-\u9fff][^`]*)`/g),
  ];
  const last = lits.at(-1);
  return last ? (last[1] ?? last[2]).replace(/\$\{[^}]*\}/g, '…').trim() : '';
}

/**
 * Every citation and guidance marker in the scanned source, in file order:
 * { file, line, article?, paragraph?, item?, quote?, claim, kind: 'cite' | 'guidance' | 'bare' }.
 * `bare` is an <Art> without quote or a cite without words: always an error.
 */
export function collectClaims() {
  const out = [];
  const files = SCAN.flatMap(walk)
    .filter((f) => /\.(mdx?|astro|tsx?)$/.test(f) && !SKIP.has(f))
    .sort();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const lineOf = (i) => text.slice(0, i).split('\n').length;
    if (/\.(mdx?|astro)$/.test(file)) {
      for (const m of text.matchAll(/<Art\b([^>]*?)\/?>/g)) {
        const attrs = m[1];
        const quote = /\bquote="([^"]*)"/.exec(attrs)?.[1];
        const dynamic = /\bcite=\{/.test(attrs);
        if (dynamic) continue; // a citation object from src/lib, checked where cite() made it
        const article = num(attrs, 'n');
        out.push({
          file,
          line: lineOf(m.index),
          kind: quote ? 'cite' : 'bare',
          article,
          paragraph: num(attrs, 'p'),
          item: num(attrs, 'item'),
          quote,
          claim: sentenceBefore(text, m.index),
        });
      }
      for (const m of text.matchAll(/<Guidance\b([^>]*?)\/?>/g)) {
        const law = /\blaw="([^"]*)"/.exec(m[1])?.[1];
        const art = /\barticle="([^"]*)"/.exec(m[1])?.[1];
        out.push({
          file,
          line: lineOf(m.index),
          kind: 'guidance',
          law: law ? `${law}${art ?? ''}` : '本机关做法或建议',
          claim: sentenceBefore(text, m.index),
        });
      }
    }
    if (/\.(tsx?|astro)$/.test(file)) {
      for (const m of text.matchAll(/\bcite\(\s*(\d+),\s*'((?:[^'\\]|\\.)*)'(?:,\s*\{([^}]*)\})?\s*\)/g)) {
        const at = m[3] ?? '';
        const p = /paragraph:\s*(\d+)/.exec(at)?.[1];
        const it = /item:\s*(\d+)/.exec(at)?.[1];
        out.push({
          file,
          line: lineOf(m.index),
          kind: m[2] ? 'cite' : 'bare',
          article: Number(m[1]),
          paragraph: p ? Number(p) : undefined,
          item: it ? Number(it) : undefined,
          quote: m[2],
          claim: literalBefore(text, m.index),
        });
      }
      for (const m of text.matchAll(/\bguidance\(\s*'((?:[^'\\]|\\.)*)'(?:,\s*'((?:[^'\\]|\\.)*)')?/g)) {
        out.push({ file, line: lineOf(m.index), kind: 'guidance', law: m[2] ?? '本机关做法或建议', claim: m[1] });
      }
      // An article number without its words: `{ article: 34 }` or `articleHref(34)` written by hand.
      for (const m of text.matchAll(/\{\s*article:\s*\d+[^}]*\}|\barticle(?:Href|Link)\(\s*\d+\s*\)/g)) {
        if (/quote:/.test(m[0])) continue;
        out.push({ file, line: lineOf(m.index), kind: 'bare', claim: m[0] });
      }
    }
  }
  return out;
}

/** Problems: citations whose words are not in the article they name, and citations without words. */
export function findProblems(claims = collectClaims(), law = readLaw()) {
  const problems = [];
  for (const c of claims) {
    if (c.kind === 'bare') problems.push(`${c.file}:${c.line}: 引用没有写明所依据的原文（${c.claim.slice(0, 60)}）`);
    if (c.kind !== 'cite') continue;
    const why = checkCitation(law, c);
    if (why) problems.push(`${c.file}:${c.line}: ${why}`);
  }
  return problems;
}

const CN = '零一二三四五六七八九';
function cn(n) {
  if (n < 10) return CN[n];
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ''}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}
const label = (c) =>
  `第${cn(c.article)}条${c.paragraph ? `第${cn(c.paragraph)}款` : ''}${c.item ? `第${cn(c.item)}项` : ''}`;
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** The reviewer's table. No line numbers: an edit elsewhere in a file must not make it stale. */
export function renderTable(claims = collectClaims()) {
  const cites = claims.filter((c) => c.kind === 'cite');
  const guidance = claims.filter((c) => c.kind === 'guidance');
  const lines = [
    '<!-- Generated by scripts/legal-claims.mjs from the source; do not edit by hand. -->',
    '',
    '# 本站引用《信访工作条例》的说法一览（供法制审核）',
    '',
    '本表由 `node scripts/legal-claims.mjs` 从页面、指南、公告和代码中读出，每一行都经测试核对：',
    '“所依据的原文”必须逐字出现在所引条文（款、项）的官方文本（content/law）中，否则构建失败。',
    '审核人只需判断每一行的“说法”是否为“原文”所支持。',
    '',
    `共 ${cites.length} 处引用，${guidance.length} 处标明为其他法律或本机关做法。`,
    '',
    '## 引用条例的说法',
    '',
    '| 文件 | 读者看到的说法 | 条文 | 所依据的原文 |',
    '| --- | --- | --- | --- |',
    ...cites.map((c) => `| ${cell(c.file)} | ${cell(c.claim)} | ${label(c)} | 「${cell(c.quote)}」 |`),
    '',
    '## 不以条例为依据的说法（页面上已标明）',
    '',
    '| 文件 | 说法 | 依据 |',
    '| --- | --- | --- |',
    ...guidance.map((c) => `| ${cell(c.file)} | ${cell(c.claim)} | ${cell(c.law)} |`),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const claims = collectClaims();
  const problems = findProblems(claims);
  if (problems.length > 0) {
    console.error(`${problems.length} 处引用有误：\n${problems.join('\n')}`);
    process.exit(1);
  }
  const table = renderTable(claims);
  if (process.argv.includes('--check')) {
    const current = existsSync(CLAIMS_FILE) ? readFileSync(CLAIMS_FILE, 'utf8') : '';
    if (current !== table) {
      console.error(`${relative(ROOT, CLAIMS_FILE)} is stale: run node scripts/legal-claims.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(CLAIMS_FILE, table);
    console.log(`wrote ${relative(ROOT, CLAIMS_FILE)}: ${claims.filter((c) => c.kind === 'cite').length} citations`);
  }
}
