// Search acceptance: realistic citizen queries against the REAL built Pagefind index, through the
// same query code the search page runs (src/lib/search-query.ts). Writes the measured figures to
// bench-results/search-precision.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSearch, pagefindQuery, type SearchOutcome } from '../../src/lib/search-query';
import { SEARCH_TERMS, markerOf, stripMarkers } from '../../src/lib/search-terms';
import { distDir, loadPagefind, type LoadedPagefind } from './search-support';

interface QueryCase {
  q: string;
  expect: string;
  section?: string;
}

const cases = (
  JSON.parse(readFileSync(new URL('./search-queries.json', import.meta.url), 'utf8')) as { queries: QueryCase[] }
).queries;
const matchesExpected = (url: string, expected: string) =>
  expected.endsWith('*') ? url.startsWith(expected.slice(0, -1)) : url === expected;

const figures: Record<string, unknown> = {};
let pagefind: LoadedPagefind;

beforeAll(async () => {
  if (!existsSync(join(distDir, 'pagefind', 'pagefind.js')))
    throw new Error(`No Pagefind index in ${distDir}: run npm run build first`);
  pagefind = await loadPagefind();
});

afterAll(() => {
  if (Object.keys(figures).length === 0) return;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    'bench-results/search-precision.json',
    JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2) + '\n',
  );
});

describe('citizen queries', () => {
  it(`has at least 30 queries`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('each returns its expected page in the top 3', async () => {
    const failures: string[] = [];
    const latencies: number[] = [];
    let sectionChecks = 0;
    for (const c of cases) {
      const t0 = performance.now();
      const outcome: SearchOutcome = await runSearch(pagefind, c.q);
      latencies.push(performance.now() - t0);
      const top = outcome.hits.slice(0, 3);
      const hit = top.find((h) => matchesExpected(h.url, c.expect));
      if (!hit) {
        failures.push(`${c.q}: expected ${c.expect}, got ${top.map((h) => h.url).join(', ') || 'nothing'}`);
        continue;
      }
      if (c.section) {
        sectionChecks++;
        if (!hit.sections.some((s) => s.url.endsWith(`#${c.section}`))) {
          failures.push(
            `${c.q}: ${c.expect} found, but without #${c.section} among ${hit.sections.map((s) => s.url).join(', ')}`,
          );
        }
      }
    }
    latencies.sort((a, b) => a - b);
    figures['queries'] = cases.length;
    figures['passedAt3'] = cases.length - failures.length;
    // Share of queries whose expected page (and article, where given) is among the first three results.
    figures['precisionAt3'] = +((cases.length - failures.length) / cases.length).toFixed(3);
    figures['sectionChecks'] = sectionChecks;
    figures['latencyMs'] = {
      p50: +latencies[Math.floor(latencies.length / 2)]!.toFixed(1),
      max: +latencies.at(-1)!.toFixed(1),
    };
    figures['failures'] = failures;
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('whole-term matching', () => {
  it('returns, for every dictionary term, only pages that contain the whole term', async () => {
    const violations: string[] = [];
    let ours = 0;
    let oursWhole = 0;
    let plain = 0;
    let plainWhole = 0;
    for (const term of SEARCH_TERMS) {
      const outcome = await runSearch(pagefind, term);
      for (const h of outcome.hits) {
        ours++;
        const parts = outcome.parts.filter((p) => p.term).map((p) => p.text);
        // A term no page contains is searched through the terms inside it (领导接访日 -> 接访日).
        if (parts.some((p) => h.text.includes(p))) oursWhole++;
        else violations.push(`${term}: ${h.url}`);
      }
      // Pagefind on its own, same index, same query text: how often it returns pages without the term.
      const raw = await pagefind.search(term);
      for (const r of raw?.results ?? []) {
        const data = await r.data();
        plain++;
        if (stripMarkers(data.content).replace(/\s+/g, '').includes(term)) plainWhole++;
      }
    }
    figures['wholeTermPrecision'] = {
      terms: SEARCH_TERMS.length,
      withDictionary: {
        results: ours,
        containingWholeTerm: oursWhole,
        share: +(oursWhole / Math.max(1, ours)).toFixed(3),
      },
      pagefindAlone: {
        results: plain,
        containingWholeTerm: plainWhole,
        share: +(plainWhole / Math.max(1, plain)).toFixed(3),
      },
    };
    expect(violations).toEqual([]);
    expect(ours).toBeGreaterThan(0);
    // About 120 terms, each searched twice with every result loaded: allow for a busy 2-core machine.
  }, 180_000);

  it('does not return pages that only contain 信 for 信访事项', async () => {
    const raw = await pagefind.search('信访事项');
    const rawUrls = await Promise.all((raw?.results ?? []).map(async (r) => (await r.data()).url));
    const outcome = await runSearch(pagefind, '信访事项');
    expect(outcome.hits.length).toBeGreaterThan(0);
    for (const h of outcome.hits) expect(h.text, h.url).toContain('信访事项');
    expect(pagefindQuery(outcome.parts)).toBe(markerOf('信访事项'));
    // The excerpt highlights the whole term, never 信 alone, and shows no marker tokens.
    for (const h of outcome.hits) {
      expect(h.excerptHtml).not.toMatch(/qx[a-z]{7}/);
      expect(h.excerptHtml).not.toContain('<mark>信</mark>');
    }
    expect(rawUrls.length).toBeGreaterThanOrEqual(outcome.hits.length);
  });
});
