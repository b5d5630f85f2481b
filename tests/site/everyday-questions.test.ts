// Search in the words people use (issue 11, finding 10): questions written as people with these
// problems type them, against the REAL built Pagefind index, through the same query code the search
// page runs. Adds its figures to bench-results/search-everyday.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { highlightWords, runSearch } from '../../src/lib/search-query';
import { distDir, loadPagefind, type LoadedPagefind } from './search-support';

interface Question {
  q: string;
  expect: string;
  also?: string[];
}

const questions = (
  JSON.parse(readFileSync(new URL('./everyday-questions.json', import.meta.url), 'utf8')) as { queries: Question[] }
).queries;
const official = (
  JSON.parse(readFileSync(new URL('./search-queries.json', import.meta.url), 'utf8')) as { queries: { q: string }[] }
).queries.map((c) => c.q);
const answers = (url: string, expected: string) =>
  expected.endsWith('*') ? url.startsWith(expected.slice(0, -1)) : url === expected;

let pagefind: LoadedPagefind;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  if (!existsSync(join(distDir, 'pagefind', 'pagefind.js')))
    throw new Error(`No Pagefind index in ${distDir}: run npm run build first`);
  pagefind = await loadPagefind();
});

afterAll(() => {
  if (Object.keys(figures).length === 0) return;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    'bench-results/search-everyday.json',
    JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2) + '\n',
  );
});

describe('questions in everyday words', () => {
  it('are at least 60, none copied from the site-term list', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.filter((c) => official.includes(c.q))).toEqual([]);
    expect(new Set(questions.map((c) => c.q)).size).toBe(questions.length);
  });

  it('find the page that answers them in the top 3 (hit@3 ≥ 0.9), never an empty page', async () => {
    const misses: string[] = [];
    const empty: string[] = [];
    for (const c of questions) {
      const outcome = await runSearch(pagefind, c.q);
      if (outcome.hits.length === 0) empty.push(c.q);
      const top = outcome.hits.slice(0, 3).map((h) => h.url);
      if (!top.some((u) => [c.expect, ...(c.also ?? [])].some((e) => answers(u, e))))
        misses.push(`${c.q}: expected ${c.expect}, got ${top.join(', ') || 'nothing'}`);
    }
    const hitAt3 = +((questions.length - misses.length) / questions.length).toFixed(3);
    Object.assign(figures, { questions: questions.length, hitAt3, misses, empty });
    expect(empty).toEqual([]);
    expect(hitAt3, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});

describe('how the question is read', () => {
  it('matches dictionary terms in any order', async () => {
    const a = await runSearch(pagefind, '复查期限');
    const b = await runSearch(pagefind, '期限 复查');
    expect(a.hits.length).toBeGreaterThan(0);
    expect(b.hits.slice(0, 3).map((h) => h.url)).toEqual(a.hits.slice(0, 3).map((h) => h.url));
  });

  it('searches an everyday word through the words of the pages (集体上访 -> 多人走访)', async () => {
    const outcome = await runSearch(pagefind, '集体上访');
    expect(outcome.hits.slice(0, 3).map((h) => h.url)).toContain('/guide/group-visits/');
    expect(outcome.hits[0]?.text).not.toContain('集体上访');
    expect(outcome.hits[0]?.text.replace(/\s+/g, '')).toContain('多人走访');
    // The page's own word is highlighted, so the person sees why it was found.
    expect(highlightWords(outcome.parts)).toContain('多人走访');
  });

  it('says when the hits have only some parts of the question', async () => {
    const partial = await runSearch(pagefind, '复查 宇宙飞船');
    expect(partial.hits.length).toBeGreaterThan(0);
    expect(partial.partial).toBe(true);
    const whole = await runSearch(pagefind, '复查 期限');
    expect(whole.partial).toBe(false);
  });

  it('finds nothing for a question the site does not answer', async () => {
    const outcome = await runSearch(pagefind, '宇宙飞船');
    expect(outcome.hits).toEqual([]);
  });
});
