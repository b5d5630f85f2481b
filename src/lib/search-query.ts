/**
 * Runs a citizen's query against the Pagefind index so that dictionary terms match only as whole
 * words (see search-terms.ts). Runtime-neutral: the search page runs it in the browser and the
 * acceptance test runs it in Node against the real built index, so both measure the same thing.
 */
import { formsOf, markerOf, segmentQuery, stripMarkers, subTerms, type QueryPart } from './search-terms.ts';

/** The part of Pagefind's JS API this module uses (pagefind.js, 1.x). */
export interface PagefindApi {
  search(term: string, options?: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
}
export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindData>;
}
export interface PagefindData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}

/** A section of a page (an article of the regulation, a heading of a guide) that matched. */
export interface SearchSection {
  title: string;
  url: string;
  /** Escaped HTML; only <mark> elements around whole query words. */
  excerptHtml: string;
}

export interface SearchHit {
  url: string;
  title: string;
  /** Content type (法规 / 指南 / 接访安排 / 公告). */
  type: string;
  /** Escaped HTML; only <mark> elements around whole query words. */
  excerptHtml: string;
  sections: SearchSection[];
  /** Query parts found whole in the page, out of all parts. */
  matched: number;
  /** Relevance used for ordering (higher first). */
  score: number;
  /** Page text without markers, for checks; not shown. */
  text: string;
}

export interface SearchOutcome {
  parts: QueryPart[];
  /** Dictionary terms of the query that no page contains; the search went on without them. */
  missing: string[];
  hits: SearchHit[];
  /**
   * True when no page contains every part of the question, so the hits are pages with some of its
   * parts: the search page says so in a line above them.
   */
  partial: boolean;
}

/** The Pagefind query for parts: dictionary terms become their markers, other words go as typed. */
export function pagefindQuery(parts: QueryPart[]): string {
  return parts.map((p) => (p.term ? markerOf(p.text)! : p.text)).join(' ');
}

/** The Pagefind query of one form of each part (the first, i.e. as typed). */
function firstForms(parts: QueryPart[]): QueryPart[] {
  return parts.map((p) => formsOf(p)[0]!);
}

/**
 * Finds candidates with Pagefind (the whole query, then each part alone, so a page that lacks one
 * word of a long question is still found), then ranks them by whole-word matches:
 * BM25 over whole occurrences of each part, a bonus for parts in the title, and a strong weight on
 * how many of the query's parts the page contains. Pages that contain none of the query's
 * dictionary terms are dropped, so 信访事项 never returns a page that only has 信.
 */
export async function runSearch(pagefind: PagefindApi, query: string, limit = 40): Promise<SearchOutcome> {
  const { parts, missing } = await expandAbsentTerms(pagefind, segmentQuery(query));
  if (parts.length === 0) return { parts, missing, hits: [], partial: false };

  // Plain-language words go in one by one too: Pagefind wants every word, a citizen's sentence rarely has them all.
  const looseWords = parts.flatMap((p) => (p.term || p.forms ? [] : wordsOf(p.text).filter((w) => w.length >= 2)));
  // Each form of an everyday word alone: the pages say 多人走访 where the person typed 集体上访.
  const synonymForms = parts.flatMap((p) => (p.forms ? p.forms.map((f) => [f]) : []));
  const queries = [
    firstForms(parts),
    ...(parts.length > 1 ? parts.map((p) => [formsOf(p)[0]!]) : []),
    ...synonymForms,
    ...(looseWords.length > 1 ? looseWords.map((w) => [{ text: w, term: false }]) : []),
  ];
  const found = new Map<string, { result: PagefindResult; rank: number }>();
  for (const q of queries) {
    const response = await pagefind.search(pagefindQuery(q));
    for (const result of (response?.results ?? []).slice(0, limit)) {
      if (!found.has(result.id)) found.set(result.id, { result, rank: found.size });
    }
    if (found.size >= limit) break;
  }

  const words = highlightWords(parts);
  const pages = await Promise.all(
    [...found.values()].slice(0, limit).map(async ({ result, rank }) => ({ data: await result.data(), rank })),
  );
  const scored = scorePages(
    parts,
    pages.map((p) => ({ ...p, text: stripMarkers(p.data.content), title: stripMarkers(p.data.meta['title'] ?? '') })),
  );
  const hits = scored.map(({ page, score, matched }) => toHit(page.data, page.text, score, matched, words, parts));
  return {
    parts,
    missing,
    hits,
    partial: parts.length > 1 && hits.length > 0 && !hits.some((h) => h.matched === parts.length),
  };
}

/**
 * A long dictionary term that no page contains (领导接访日 when pages say 接访日 and 领导接访) is
 * replaced by the dictionary terms inside it, so the person still finds the pages about it. A term
 * with nothing inside it that no page contains is reported as missing and left out.
 */
async function expandAbsentTerms(
  pagefind: PagefindApi,
  input: QueryPart[],
): Promise<{ parts: QueryPart[]; missing: string[] }> {
  const parts: QueryPart[] = [];
  const missing: string[] = [];
  const add = (p: QueryPart) => {
    if (!parts.some((q) => q.text === p.text)) parts.push(p);
  };
  for (const part of input) {
    if (!part.term) {
      // An everyday word is kept even when some of its forms are on no page: the others may be.
      add(part);
      continue;
    }
    const response = await pagefind.search(markerOf(part.text)!);
    if ((response?.results.length ?? 0) > 0) {
      add(part);
      continue;
    }
    const inner = subTerms(part.text);
    if (inner.length > 0) for (const t of inner) add({ text: t, term: true });
    else missing.push(part.text);
  }
  return { parts, missing };
}

interface Candidate {
  data: PagefindData;
  rank: number;
  text: string;
  title: string;
}

const compact = (s: string) => s.replace(/\s+/g, '');

function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

const wordSegmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

/** Words of a non-dictionary query part (以后还能再反映 -> 以后, 还能, 再, 反映). */
function wordsOf(text: string): string[] {
  if (!wordSegmenter) return [text];
  return [...wordSegmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * Whole occurrences of a query part. A dictionary term counts only whole. Other words count whole,
 * or at half weight when every word of them is present separately (写信反映问题 in a page that says
 * 写信 … 反映 … 问题), so a plain-language question still finds its page.
 */
function termFrequency(text: string, needle: string, isTerm: boolean): number {
  const whole = countOccurrences(text, needle);
  if (whole > 0 || isTerm) return whole;
  const words = wordsOf(needle);
  if (words.length < 2) return 0;
  return 0.5 * Math.min(...words.map((w) => countOccurrences(text, w)));
}

function scorePages(parts: QueryPart[], pages: Candidate[]): { page: Candidate; score: number; matched: number }[] {
  const k1 = 1.2;
  const b = 0.6;
  const texts = pages.map((p) => compact(p.text));
  const avgLen = texts.reduce((s, t) => s + t.length, 0) / Math.max(1, texts.length);
  const needles = parts.map((p) => formsOf(p).map((f) => ({ text: compact(f.text), term: f.term })));
  const df = needles.map((forms) => texts.filter((t) => forms.some((f) => t.includes(f.text))).length);
  const total = Math.max(pages.length, 20);
  // An everyday word stands for a dictionary term as well as any term does (集体上访 -> 多人走访).
  const hasTerms = parts.some((p) => p.term || p.forms);
  const sectionTitles = pages.map((p) => (p.data.sub_results ?? []).map((r) => compact(stripMarkers(r.title))));

  return (
    pages
      .map((page, i) => {
        const text = texts[i]!;
        const title = compact(page.title);
        let score = 0;
        let matched = 0;
        let termMatched = 0;
        needles.forEach((forms, j) => {
          const tf = forms.reduce((sum, f) => sum + termFrequency(text, f.text, f.term), 0);
          if (tf === 0) return;
          matched++;
          if (parts[j]!.term || parts[j]!.forms) termMatched++;
          const idf = Math.log(1 + (total - df[j]! + 0.5) / (df[j]! + 0.5));
          const norm = 1 - b + (b * text.length) / avgLen;
          score += idf * ((tf * (k1 + 1)) / (tf + k1 * norm));
          if (forms.some((f) => title.includes(f.text))) score += 1.5 * idf;
          // A heading that is exactly the query word (第三十四条, 复核) is the place the person wants.
          if (sectionTitles[i]!.some((t) => forms.some((f) => t === f.text))) score += 3 * idf;
          else if (sectionTitles[i]!.some((t) => forms.some((f) => t.includes(f.text)))) score += 0.5 * idf;
        });
        // Every part of the question present matters more than many repeats of one part.
        score *= (1 + matched) / (1 + parts.length);
        // Texts no longer in force stay findable but rank below the same words in current pages.
        if (page.data.meta['superseded']) score *= 0.5;
        return { page, score, matched, termMatched };
      })
      // Without a dictionary term or an everyday synonym, a page must hold more than half of the
      // question's words: 量子计算机 shares only 计算 with the pages on counting days, and the person is
      // better served by "nothing found" and the office's phone number than by those pages.
      .filter((s) => (hasTerms ? s.termMatched > 0 : s.matched * 2 > parts.length))
      .sort((a, b2) => b2.score - a.score || a.page.rank - b2.page.rank)
      .map(({ page, score, matched }) => ({ page, score, matched }))
  );
}

function toHit(
  data: PagefindData,
  text: string,
  score: number,
  matched: number,
  words: string[],
  parts: QueryPart[],
): SearchHit {
  const needles = parts.flatMap((p) => formsOf(p).map((f) => compact(f.text)));
  const sections = (data.sub_results ?? [])
    .filter((s) => s.url !== data.url && s.url.includes('#'))
    .map((s, order) => {
      const heading = compact(stripMarkers(s.title));
      const exact = needles.includes(heading) ? 1000 : 0;
      return { s, order, weight: exact + (s.locations?.length ?? 0) };
    })
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, 3)
    .map(({ s }) => ({
      title: stripMarkers(s.title),
      url: s.url,
      excerptHtml: highlight(plainExcerpt(s.excerpt), words),
    }));
  return {
    url: data.url,
    title: stripMarkers(data.meta['title'] ?? data.url),
    type: data.filters['type']?.[0] ?? data.meta['type'] ?? '',
    excerptHtml: highlight(plainExcerpt(data.excerpt), words),
    sections,
    matched,
    score,
    text,
  };
}

/** Pagefind's excerpt without its own <mark>s (which split 信|访) and without markers; stays HTML-escaped. */
function plainExcerpt(excerpt: string): string {
  // Pagefind escapes page text; any raw angle bracket left would be markup we did not write.
  return stripMarkers(excerpt.replace(/<\/?mark>/g, ''))
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
}

/** Words to highlight: each dictionary term whole; other words whole and, when absent, by their parts. */
export function highlightWords(parts: QueryPart[]): string[] {
  const words = new Set<string>();
  for (const p of parts.flatMap(formsOf)) {
    words.add(p.text);
    if (!p.term) for (const w of wordsOf(p.text)) if (w.length >= 2) words.add(w);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Wraps whole query words in <mark>. `escapedText` must already be HTML-escaped. */
export function highlight(escapedText: string, words: string[]): string {
  if (words.length === 0 || !escapedText) return escapedText;
  const pattern = new RegExp(words.map((w) => escapeRegExp(escapeHtml(w))).join('|'), 'gi');
  return escapedText.replace(pattern, (m) => `<mark>${m}</mark>`);
}
