/**
 * Build-time queries over the `law` collection, for the law pages and their components.
 * Astro-only (astro:content); runtime code uses law-links.ts instead.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';

export type LawEntry = CollectionEntry<'law'>;

/** What a superseded text points readers to. */
export interface Supersession {
  /** Title of the text in force, with book-title marks. */
  title: string;
  /** Link to the text in force. */
  href: string;
  /** Date from which the old text no longer applies, in Chinese, e.g. 2022年5月1日. */
  since: string;
}

/** All law texts, in force first, then by `order`. */
export async function sortedLaws(): Promise<LawEntry[]> {
  const all = await getCollection('law');
  return all.sort((a, b) =>
    a.data.status === b.data.status ? a.data.order - b.data.order : a.data.status === 'current' ? -1 : 1,
  );
}

/** YYYY-MM-DD -> 2022年5月1日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** For a superseded text, the text that replaced it; undefined for a text in force. Fails the build on a dangling reference. */
export async function supersessionOf(entry: LawEntry): Promise<Supersession | undefined> {
  if (entry.data.status !== 'superseded') return undefined;
  const slug = entry.data.supersededBy;
  const next = slug ? await getEntry('law', slug) : undefined;
  if (!next) throw new Error(`content/law/${entry.id}: supersededBy "${slug ?? ''}" names no file in content/law/`);
  const since = entry.data.repealed ?? next.data.effective;
  return { title: `《${next.data.title}》`, href: `/law/${next.id}/`, since: chineseDate(since) };
}

/** The supersession of the law page being rendered, found from its URL (/law/<slug>/). */
export async function supersessionForPath(pathname: string): Promise<Supersession | undefined> {
  const slug = /^\/law\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (!slug) return undefined;
  const entry = await getEntry('law', slug);
  return entry ? supersessionOf(entry) : undefined;
}

/** One chapter in a law page's table of contents. */
export interface TocChapter {
  n: number;
  title: string;
  /** Labels and numbers of the chapter's articles, in order. */
  articles: { n: number; label: string }[];
}

/** Table of contents read from the generated MDX (the component tags written by scripts/import-law.mjs). */
export function tableOfContents(entry: LawEntry): TocChapter[] {
  const body = entry.body ?? '';
  const toc: TocChapter[] = [];
  for (const m of body.matchAll(
    /<LawChapter n=\{(\d+)\} title="([^"]+)" \/>|<LawArticle n=\{(\d+)\} label="([^"]+)">/g,
  )) {
    if (m[1]) toc.push({ n: Number(m[1]), title: m[2]!, articles: [] });
    else toc.at(-1)?.articles.push({ n: Number(m[3]), label: m[4]! });
  }
  const count = toc.reduce((s, c) => s + c.articles.length, 0);
  if (count !== entry.data.articleCount) {
    throw new Error(`content/law/${entry.id}: found ${count} articles but articleCount is ${entry.data.articleCount}`);
  }
  return toc;
}
