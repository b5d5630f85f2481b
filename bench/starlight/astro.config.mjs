import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  outDir: process.env.DIST_DIR ?? './dist',
  integrations: [starlight({ title: '示例县信访局（Starlight 对照）', defaultLocale: 'root', locales: { root: { label: '简体中文', lang: 'zh-CN' } } })],
});
