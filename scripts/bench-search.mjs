// Search latency in Node over the acceptance query list, against a built site's real Pagefind index,
// through the same query code the search page runs. Called by scripts/bench.mjs:
//   node scripts/bench-search.mjs [distDir]
// Prints one JSON line last: { queries, runs, p50Ms, p99Ms, maxMs, precisionAt3, everydayHitAt3 }.
// The latency runs over both lists: the site's own terms and the questions in everyday words.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPagefind } from '../tests/site/search-support.ts';
import { runSearch } from '../src/lib/search-query.ts';

const dist = resolve(process.argv[2] ?? process.env.DIST_DIR ?? 'dist');
const load = (name) => JSON.parse(readFileSync(new URL(`../tests/site/${name}`, import.meta.url), 'utf8')).queries;
const siteTerms = load('search-queries.json');
const everyday = load('everyday-questions.json');
const queries = [...siteTerms, ...everyday.map((c) => ({ ...c, everyday: true }))];
const pagefind = await loadPagefind(dist);

// One warm-up pass loads the index chunks and fragments, as a person's first search would.
for (const { q } of queries) await runSearch(pagefind, q);

const RUNS = 5;
const times = [];
let hits = 0;
let everydayHits = 0;
for (let run = 0; run < RUNS; run++) {
  for (const { q, expect, also = [], everyday: isEveryday } of queries) {
    const t0 = performance.now();
    const { hits: results } = await runSearch(pagefind, q);
    times.push(performance.now() - t0);
    if (run === 0) {
      const ok = results
        .slice(0, 3)
        .some((h) => [expect, ...also].some((e) => (e.endsWith('*') ? h.url.startsWith(e.slice(0, -1)) : h.url === e)));
      if (ok && isEveryday) everydayHits++;
      else if (ok) hits++;
    }
  }
}
times.sort((a, b) => a - b);
const at = (p) => +times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(
  JSON.stringify({
    queries: queries.length,
    runs: RUNS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: +times.at(-1).toFixed(1),
    precisionAt3: +(hits / siteTerms.length).toFixed(3),
    everydayQuestions: everyday.length,
    everydayHitAt3: +(everydayHits / everyday.length).toFixed(3),
  }),
);
