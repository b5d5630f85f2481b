// After `astro build`: Astro writes its island rule `<style>astro-island,…{display:contents}</style>`
// into <body> just before the first island, which HTML forbids (a style element in body must be
// its parent's first child; the W3C checker counts it as an error, issue 11 finding 12). It is moved
// into <head>, byte for byte, so the page looks the same and the checker finds nothing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '..', process.env.DIST_DIR ?? 'dist');
const ISLAND_STYLE = /<style>astro-island,astro-slot,astro-static-slot\{display:contents\}<\/style>/g;

function* htmlFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* htmlFiles(path);
    else if (name.endsWith('.html')) yield path;
  }
}

let moved = 0;
for (const file of htmlFiles(dist)) {
  const page = readFileSync(file, 'utf8');
  const head = page.indexOf('</head>');
  const first = page.search(ISLAND_STYLE);
  if (head < 0 || first < head) continue;
  const style = page.match(ISLAND_STYLE)[0];
  const body = page.slice(head).replace(ISLAND_STYLE, '');
  writeFileSync(file, page.slice(0, head) + style + body);
  moved++;
}
console.log(`tidy-html: island style moved into <head> on ${moved} page(s)`);
