// Builds the Pagefind index over the built site ($DIST_DIR or dist/). Runs after `astro build` and
// fails loudly: any Pagefind error, a page without a valid type filter, or an empty index stops the build.
//
// Before indexing, every dictionary term in a page's searchable text gets a marker token right after
// it (see src/lib/search-terms.ts for why), and the page title is passed to Pagefind unmarked.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { annotateText, SEARCH_TYPES } from '../src/lib/search-terms.ts';

const dist = resolve(process.env.DIST_DIR ?? 'dist');
const outputPath = join(dist, 'pagefind');

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return p === outputPath ? [] : htmlFiles(p);
    return d.name.endsWith('.html') ? [p] : [];
  });
}

/** dist/law/x/index.html -> /law/x/ */
function urlOf(file) {
  const rel = relative(dist, file).split(sep).join('/');
  return '/' + rel.replace(/(^|\/)index\.html$/, '$1');
}

const textOf = (html) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Inserts markers into the text (never the tags) of the searchable part of a page. */
export function prepareForIndex(html, where = 'page') {
  const bodyAt = html.search(/<[a-z]+[^>]*\sdata-pagefind-body[\s>=]/);
  if (bodyAt < 0) return null;
  let head = html.slice(0, bodyAt);
  let body = html.slice(bodyAt);

  // The title as people should see it, before markers go into the headings.
  const titled = /<([a-z0-9]+)[^>]*\sdata-pagefind-meta="title"[^>]*>([\s\S]*?)<\/\1>/.exec(body);
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body);
  const title = titled ? textOf(titled[2]) : h1 ? textOf(h1[1]) : '';
  if (!title) throw new Error(`${where}: searchable page has no <h1> to use as its title`);
  body = body.replace(/\sdata-pagefind-meta="title"/g, '');

  let skipping = null;
  // Text right after a filter or meta tag is a value (e.g. 接访安排), not prose: leave it unmarked.
  let valueNext = false;
  body = body
    .split(/(<[^>]+>)/)
    .map((piece) => {
      if (piece.startsWith('<')) {
        const open = /^<(script|style|template)\b/i.exec(piece);
        if (open && !piece.endsWith('/>')) skipping = open[1].toLowerCase();
        else if (skipping && new RegExp(`^</${skipping}`, 'i').test(piece)) skipping = null;
        valueNext = /\sdata-pagefind-(filter|meta)="[^":]*"/.test(piece);
        return piece;
      }
      if (skipping || valueNext) return piece;
      return annotateText(piece);
    })
    .join('');

  // Filter and meta values are data, not text: keep them out of excerpts (Pagefind still reads them).
  body = body.replace(/<span hidden (data-pagefind-(?:filter|meta)=)/g, '<span hidden data-pagefind-ignore $1');
  // Insert the clean title just inside the searchable element.
  body = body.replace(/^(<[^>]+>)/, `$1<span hidden data-pagefind-ignore data-pagefind-meta="title">${title}</span>`);
  return head + body;
}

async function main() {
  const started = Date.now();
  rmSync(outputPath, { recursive: true, force: true });
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh' });
  if (!index || errors.length) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);

  const counts = Object.fromEntries(SEARCH_TYPES.map((t) => [t, 0]));
  let pages = 0;
  for (const file of htmlFiles(dist)) {
    const html = readFileSync(file, 'utf8');
    const url = urlOf(file);
    const prepared = prepareForIndex(html, url);
    if (prepared === null) continue;
    const types = [...html.matchAll(/data-pagefind-filter="type"[^>]*>([^<]*)</g)].map((m) => m[1].trim());
    if (types.length !== 1 || !SEARCH_TYPES.includes(types[0])) {
      throw new Error(
        `${url}: a searchable page needs exactly one type filter (${SEARCH_TYPES.join(' / ')}), found [${types.join(', ')}]`,
      );
    }
    const r = await index.addHTMLFile({ url, content: prepared });
    if (r.errors.length) throw new Error(`${url}: Pagefind refused the page: ${r.errors.join('; ')}`);
    counts[types[0]]++;
    pages++;
  }
  if (pages === 0) throw new Error(`No searchable pages (data-pagefind-body) found in ${dist}; did the build run?`);
  if (counts['法规'] === 0)
    throw new Error('The regulation is not in the search index; check the law pages pass searchType="法规"');

  const w = await index.writeFiles({ outputPath });
  if (w.errors.length) throw new Error(`Pagefind could not write the index: ${w.errors.join('; ')}`);
  await pagefind.close();
  const summary = Object.entries(counts)
    .map(([t, n]) => `${t} ${n}`)
    .join('，');
  console.log(
    `build-search: indexed ${pages} pages (${summary}) into ${relative(process.cwd(), outputPath) || outputPath} in ${Date.now() - started} ms`,
  );
}

if (import.meta.main) {
  main().catch(async (err) => {
    console.error(`build-search: ${err instanceof Error ? err.message : String(err)}`);
    await pagefind.close().catch(() => {});
    process.exit(1);
  });
}
