// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { readFileSync } from 'node:fs';

const settings = JSON.parse(readFileSync(new URL('./content/settings.json', import.meta.url), 'utf8'));

export default defineConfig({
  site: process.env.SITE_URL ?? settings.site.url,
  output: 'static',
  // Overridable so that several builds (parallel work, benches) never clobber one another.
  outDir: process.env.DIST_DIR ?? './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  integrations: [
    mdx(),
    // Preact with compat under react-hook-form and the staff islands: the React client alone was 64 KB
    // gzip of the petition page's 121.6 KB (issue 11, finding 4); the islands keep their React imports.
    preact({ compat: true }),
    sitemap({ filter: (page) => !page.includes('/dev/') && !page.includes('/staff/') }),
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
