// What a built page makes the browser fetch before anyone does anything: its <script src>, its
// modulepreloads and its islands' component and renderer modules, with every module they import
// statically, each counted once. A dynamic import() is left out: it waits for an action (the search
// index, say). Sizes are gzip, as the server sends them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const dist = resolve(process.env.DIST_DIR ?? 'dist');

const attr = (tag: string, name: string): string | null =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? null;

/** Root-relative URLs of the modules a page starts with. */
export function entryScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attr(m[0], 'src');
    if (src) out.push(src);
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    const href = attr(m[0], 'href');
    if (href) out.push(href);
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/g)) {
    for (const name of ['component-url', 'renderer-url']) {
      const url = attr(m[0], name);
      if (url) out.push(url);
    }
  }
  return out.filter((u) => u.startsWith('/'));
}

/** The static imports of a built module, as root-relative URLs. */
function staticImports(url: string, code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']/g)) {
    const spec = m[1]!;
    if (spec.startsWith('./') || spec.startsWith('../'))
      out.push(resolve(dirname(url), spec).replace(/^.*?(?=\/)/, ''));
    else if (spec.startsWith('/')) out.push(spec);
  }
  return out;
}

export interface PageWeight {
  files: { url: string; gzip: number }[];
  /** Sum of the gzip sizes, bytes. */
  gzip: number;
}

/** The gzip weight of the JavaScript a built page loads before any user action. */
export function pageWeight(html: string): PageWeight {
  const seen = new Set<string>();
  const files: PageWeight['files'] = [];
  const queue = entryScripts(html);
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const file = join(dist, url.split('?')[0]!);
    if (!existsSync(file)) throw new Error(`${url} is loaded by the page but not in ${dist}`);
    const code = readFileSync(file);
    files.push({ url, gzip: gzipSync(code, { level: 9 }).length });
    queue.push(...staticImports(url, code.toString('utf8')));
  }
  return { files, gzip: files.reduce((n, f) => n + f.gzip, 0) };
}

/** Built page for a path such as /petition/. */
export function builtPage(path: string): string {
  return readFileSync(join(dist, path, 'index.html'), 'utf8');
}
