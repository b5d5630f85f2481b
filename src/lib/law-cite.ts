/**
 * Citations of 《信访工作条例》 that carry the words they rest on.
 *
 * A bare article number can drift from the sentence it supports (the 2005 numbering, a neighbouring
 * article) and nobody notices. So every citation in code is made with `cite(n, quote)`, where
 * `quote` is copied verbatim from article n (and, when given, from its paragraph or item).
 * scripts/legal-claims.mjs reads every cite(…) and `<Art n quote>` in the source and
 * tests/content/legal-citations.test.ts checks each against the official text in content/law: a
 * wrong number fails. So write cite() calls with a number and a single-quoted string literal.
 *
 * A statement that rests on other law or on the office's own practice is not a citation of the
 * regulation and must say so where it is shown: `guidance(...)` (and `<Guidance>` in pages).
 */
import { articleHref, articleLabel, toChineseNumeral } from './law-links';

/** An article of the regulation in force, the paragraph (款) or item (项) where it matters, and its words. */
export interface Citation {
  article: number;
  paragraph?: number;
  item?: number;
  /** Words copied verbatim from that article (paragraph, item); what the sentence rests on. */
  quote: string;
}

/**
 * A citation of article `article` resting on `quote`. `at` narrows it to a paragraph (款, counted
 * from 1 as printed) or an item (项, （一） = 1) of that article.
 */
export function cite(article: number, quote: string, at: { paragraph?: number; item?: number } = {}): Citation {
  if (!Number.isInteger(article) || article < 1) throw new RangeError(`cite: bad article number ${article}`);
  if (!quote.trim()) throw new RangeError(`cite: article ${article} needs the words it rests on`);
  const c: Citation = { article, quote };
  if (at.paragraph !== undefined) c.paragraph = at.paragraph;
  if (at.item !== undefined) c.item = at.item;
  return c;
}

/** 第二十二条第一款, 第三十一条第六项, 第三十四条. */
export function citationLabel(c: Pick<Citation, 'article' | 'paragraph' | 'item'>): string {
  let s = articleLabel(c.article);
  if (c.paragraph !== undefined) s += `第${toChineseNumeral(c.paragraph)}款`;
  if (c.item !== undefined) s += `第${toChineseNumeral(c.item)}项`;
  return s;
}

/** Link to the cited article on the law page. */
export function citationHref(c: Pick<Citation, 'article'>): string {
  return articleHref(c.article);
}

/** 《信访工作条例》第三十四条, for running text in mails and receipts. */
export function citationText(c: Citation): string {
  return `《信访工作条例》${citationLabel(c)}`;
}

/**
 * A statement that does not rest on 《信访工作条例》: on another law (named, e.g. 《民法典》第二百零一条,
 * applied by analogy) or on this office's own practice. Shown as such, never as a citation.
 */
export interface Guidance {
  /** The statement as the reader sees it. */
  text: string;
  /** The other law and article it rests on, e.g. 《民法典》第二百零一条; null for the office's own practice. */
  law: string | null;
}

/** A statement marked as guidance; scripts/legal-claims.mjs lists it apart from the citations. */
export function guidance(text: string, law?: string): Guidance {
  return { text, law: law ?? null };
}

/** The note shown after such a statement. */
export function guidanceNote(g: Pick<Guidance, 'law'>): string {
  return g.law ? `依据${g.law}，不是《信访工作条例》的规定` : '本站建议，不是《信访工作条例》的规定';
}
