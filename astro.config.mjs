// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const settings = JSON.parse(readFileSync(new URL('./content/settings.json', import.meta.url), 'utf8'));

/**
 * Modulepreload hints for each island's static module graph. Without them a phone learns of the
 * island's chunks only after the island's own module has arrived: two more round trips before the
 * form can answer (issue 11, finding 4: time to interactive on a slow link). Nothing more is loaded
 * than before; the same modules are only asked for at once. A client:intent island gets the list
 * as its data-modulepreload attribute instead, for its directive to fetch after the page's load.
 */
function preloadIslands() {
  /** @param {string} dist @param {string} url @returns {string[]} */
  const imports = (dist, url) => {
    const code = readFileSync(join(dist, url), 'utf8');
    const out = [];
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+\.js)["']/g))
      out.push(new URL(/** @type {string} */ (m[1]), `http://x${url}`).pathname);
    return out;
  };
  /** An island's modules: its component and renderer with everything they import statically. */
  /** @param {string} dist @param {string} tag @returns {Set<string>} */
  const graph = (dist, tag) => {
    const seen = new Set();
    const queue = [...tag.matchAll(/\s(?:component|renderer)-url="(\/[^"]+\.js)"/g)].map((m) => m[1]);
    while (queue.length) {
      const url = /** @type {string} */ (queue.shift());
      if (seen.has(url)) continue;
      seen.add(url);
      queue.push(...imports(dist, url));
    }
    return seen;
  };
  /** @param {string} dir @returns {string[]} */
  const htmlFiles = (dir) =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? htmlFiles(p) : n.endsWith('.html') ? [p] : [];
    });
  return {
    name: 'preload-islands',
    hooks: {
      /** @param {{ dir: URL }} options */
      'astro:build:done': ({ dir }) => {
        const dist = fileURLToPath(dir);
        for (const file of htmlFiles(dist)) {
          let html = readFileSync(file, 'utf8');
          const islands = [...html.matchAll(/<astro-island\b[^>]*>/g)].map((m) => m[0]);
          if (islands.length === 0) continue;
          const head = new Set();
          for (const tag of islands) {
            const modules = graph(dist, tag);
            if (/\sclient="intent"/.test(tag)) {
              // client:intent fetches its modules itself once the page has loaded (hydrate-on-intent.ts):
              // fetched while the page paints, they would count towards its largest paint.
              html = html.replace(tag, tag.replace(/>$/, ` data-modulepreload="${[...modules].join(' ')}">`));
            } else for (const u of modules) head.add(u);
          }
          // Low priority: fetched at once all the same (nothing else is waiting), but not taken for
          // render-blocking — a module script never blocks the first paint, and Lighthouse's
          // simulation otherwise counts every high-priority script before it (FCP 1.6 s, not 0.9 s).
          const links = [...head].map((u) => `<link rel="modulepreload" fetchpriority="low" href="${u}">`).join('');
          writeFileSync(file, html.replace('</head>', `${links}</head>`));
        }
      },
    },
  };
}

/** `client:intent` (src/scripts/hydrate-on-intent.ts): the petition form hydrates when it is used. */
function hydrateOnIntent() {
  return {
    name: 'hydrate-on-intent',
    hooks: {
      /** @param {{ addClientDirective: (d: { name: string; entrypoint: string }) => void }} options */
      'astro:config:setup': ({ addClientDirective }) =>
        addClientDirective({ name: 'intent', entrypoint: './src/scripts/hydrate-on-intent.ts' }),
    },
  };
}

export default defineConfig({
  site: process.env.SITE_URL ?? settings.site.url,
  output: 'static',
  // Overridable so that several builds (parallel work, benches) never clobber one another.
  outDir: process.env.DIST_DIR ?? './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  // Stylesheets inline (about 6 KB gzip a page): on a phone's first visit, a stylesheet request
  // stands between the page and its first paint, a whole round trip on a slow network (issue 11).
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [
    mdx(),
    // Preact with compat under react-hook-form and the staff islands: the React client alone was 64 KB
    // gzip of the petition page's 121.6 KB (issue 11, finding 4); the islands keep their React imports.
    preact({ compat: true }),
    sitemap({ filter: (page) => !page.includes('/dev/') && !page.includes('/staff/') }),
    preloadIslands(),
    hydrateOnIntent(),
  ],
  devToolbar: { enabled: false },
  vite: {
    // A page script is never inlined, however small: the CSP allows scripts of this origin ('self') and
    // the hashes of Astro's own island loaders only. Other small assets keep Vite's 4 KB rule.
    build: { assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined) },
    resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
    // Bundled for the prerender too, so that their `react` import meets the compat alias and not React itself.
    ssr: { noExternal: ['react-hook-form', '@hookform/resolvers'] },
    environments: { prerender: { resolve: { noExternal: ['react-hook-form', '@hookform/resolvers'] } } },
  },
});
