// Every internal link in the built site leads somewhere: a built page or file, an anchor that
// exists on that page, or a Pages Function route. Runs over the whole dist/, so a renamed guide,
// a removed notice or a wrong article anchor (#article-N) fails the build's checks.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const dist = resolve(process.env.DIST_DIR ?? 'dist');
const functionsDir = resolve('functions');

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const decodeEntities = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e] ?? _);

/** URL path of a built HTML file: dist/guide/faq/index.html -> /guide/faq/. */
function pagePath(file: string): string {
  const rel = '/' + relative(dist, file).split('\\').join('/');
  return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

/** The built file a path is served from, or undefined. Mirrors Pages' static asset lookup. */
function builtFile(path: string): string | undefined {
  const p = decodeURIComponent(path);
  const candidates = p.endsWith('/')
    ? [join(dist, p, 'index.html')]
    : [join(dist, p), join(dist, p, 'index.html'), join(dist, `${p}.html`)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Whether a Pages Function under functions/ answers the path (index, [param] and [[catchall]] routes). */
function functionRoute(path: string): boolean {
  const segments = path.replace(/^\/|\/$/g, '').split('/');
  const match = (dir: string, rest: string[]): boolean => {
    if (!existsSync(dir)) return false;
    const entries = readdirSync(dir);
    const files = entries.filter((e) => /\.(ts|js)$/.test(e)).map((e) => e.replace(/\.(ts|js)$/, ''));
    if (files.some((f) => f.startsWith('[[') && f.endsWith(']]'))) return true;
    if (rest.length === 0) return files.includes('index');
    const [head, ...tail] = rest as [string, ...string[]];
    if (tail.length === 0 && (files.includes(head) || files.some((f) => /^\[[^[\]]+\]$/.test(f)))) return true;
    const dirs = entries.filter((e) => statSync(join(dir, e)).isDirectory());
    if (dirs.includes(head) && match(join(dir, head), tail)) return true;
    return dirs.filter((d) => /^\[[^[\]]+\]$/.test(d)).some((d) => match(join(dir, d), tail));
  };
  return match(functionsDir, segments);
}

/**
 * A page the app answers with no built section behind it (the no-script 长辈模式 switch, /elder/): one
 * of _routes.json's function paths, other than the site root, so the Pages function gets it too.
 */
function appPageRoute(path: string): boolean {
  const file = join(dist, '_routes.json');
  // Only a section the build has no folder for: a broken link under /petition/ or /track/ still fails.
  if (!existsSync(file) || existsSync(join(dist, path.split('/')[1] ?? ''))) return false;
  const { include } = JSON.parse(readFileSync(file, 'utf8')) as { include: string[] };
  return include.some(
    (p) => p !== '/' && !p.startsWith('/api') && (p === path || (p.endsWith('/*') && path.startsWith(p.slice(0, -1)))),
  );
}

const pages = existsSync(dist) ? walk(dist, '.html') : [];
const idsByFile = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let ids = idsByFile.get(file);
  if (!ids) {
    const html = readFileSync(file, 'utf8');
    ids = new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decodeEntities(m[1]!)));
    idsByFile.set(file, ids);
  }
  return ids;
}

interface Broken {
  page: string;
  href: string;
  why: string;
}

function checkLink(fromFile: string, raw: string): Broken | undefined {
  const href = decodeEntities(raw.trim());
  if (href === '' || /^(mailto:|tel:|javascript:|data:)/i.test(href)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined; // another site
  const base = new URL(pagePath(fromFile), 'http://site.invalid');
  const url = new URL(href, base);
  const page = pagePath(fromFile);
  const target = url.pathname === base.pathname ? fromFile : builtFile(url.pathname);
  if (!target) {
    if (url.pathname.startsWith('/api/') && functionRoute(url.pathname)) return undefined;
    if (appPageRoute(url.pathname)) return undefined;
    return { page, href, why: 'no built page or function answers this path' };
  }
  if (url.hash.length > 1 && target.endsWith('.html')) {
    const id = decodeURIComponent(url.hash.slice(1));
    if (!idsOf(target).has(id)) return { page, href, why: `no element with id "${id}" on ${pagePath(target)}` };
  }
  return undefined;
}

describe('internal links in the built site', () => {
  it('finds a built site to check', () => {
    expect(pages.length, `no HTML under ${dist}; run the build first`).toBeGreaterThan(10);
  });

  it('resolves every link and form target to a built page, file, anchor or function', () => {
    const broken: Broken[] = [];
    let checked = 0;
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      for (const m of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
        checked++;
        const b = checkLink(file, m[1]!);
        if (b) broken.push(b);
      }
      for (const m of html.matchAll(/<form\s[^>]*?action="([^"]*)"/g)) {
        checked++;
        const b = checkLink(file, m[1]!);
        if (b) broken.push(b);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(broken, broken.map((b) => `${b.page}: ${b.href} (${b.why})`).join('\n')).toEqual([]);
  });

  it('cites only articles that exist on the law page', () => {
    const law = builtFile('/law/xinfang-gongzuo-tiaoli/');
    expect(law, 'the law page is built').toBeDefined();
    const ids = idsOf(law!);
    for (let n = 1; n <= 50; n++) expect(ids.has(`article-${n}`), `#article-${n}`).toBe(true);
  });
});
