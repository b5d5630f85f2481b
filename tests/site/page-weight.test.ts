// Size budgets (issue 11, finding 4): the gzip JavaScript each citizen page loads before any user
// action. A page that grows past its budget fails here, with the files it loads listed.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPage, dist, pageWeight } from './page-weight';

const KB = 1024;

/**
 * Budgets by path prefix; the first match wins. /petition/ is held to the target (Preact with
 * compat under react-hook-form; its zod/mini checks load on the form's first focus, after an action).
 */
const BUDGETS: readonly [prefix: string, bytes: number][] = [
  ['/staff/', Infinity],
  ['/petition/receipt/', 5 * KB],
  ['/petition/', 50 * KB],
  ['/track/', 15 * KB],
  // The search page loads Pagefind only when a search runs; before that it is a content page plus its
  // form script, which carries the table of everyday words (上访, 欠薪, 多少天 … about 110 entries).
  ['/search/', 8 * KB],
  ['/', 5 * KB],
];

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? pages(p) : name === 'index.html' ? [p] : [];
  });
}

const paths = pages(dist).map(
  (f) =>
    '/' +
    relative(dist, f)
      .split('\\')
      .join('/')
      .replace(/index\.html$/, ''),
);

describe('every citizen page stays within its JavaScript budget', () => {
  it('finds the built pages', () => {
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toContain('/petition/');
    expect(paths).toContain('/track/');
  });

  it.each(paths.filter((p) => !p.startsWith('/staff/')))('%s', (path) => {
    const budget = BUDGETS.find(([prefix]) => path.startsWith(prefix))![1];
    const w = pageWeight(builtPage(path));
    const listing = w.files.map((f) => `${f.url} ${(f.gzip / KB).toFixed(1)} KB`).join(', ');
    expect(
      w.gzip,
      `${path}: ${(w.gzip / KB).toFixed(1)} KB gzip > ${(budget / KB).toFixed(0)} KB (${listing})`,
    ).toBeLessThanOrEqual(budget);
  });

  it('counts an island with the modules it imports, and the track page has no island', () => {
    const petition = pageWeight(builtPage('/petition/'));
    expect(petition.files.some((f) => /PetitionForm/.test(f.url))).toBe(true);
    expect(petition.files.length).toBeGreaterThan(3);
    expect(builtPage('/track/')).not.toContain('<astro-island');
  });
});
