// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
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
  integrations: [mdx(), react(), sitemap({ filter: (page) => !page.includes('/dev/') && !page.includes('/staff/') })],
  devToolbar: { enabled: false },
  vite: { resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } } },
});
