/**
 * robots.txt, built from settings so that the sitemap link follows the office's own origin
 * (content/settings.json site.url, or SITE_URL at build time) instead of a hard-coded host.
 */
import type { APIRoute } from 'astro';
import { settings } from '../lib/settings';

export const GET: APIRoute = ({ site }) => {
  const origin = (site ?? new URL(settings.site.url)).origin;
  const body = [
    '# Guidance pages may be indexed; staff pages and the API are not pages for search engines.',
    'User-agent: *',
    'Disallow: /staff/',
    'Disallow: /api/',
    '',
    `Sitemap: ${origin}/sitemap-index.xml`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
