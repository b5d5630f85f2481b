/**
 * The static page shells the Astro build would produce, for the functions suite (which does not
 * build the site): the ASSETS port of every target serves these.
 */
import { readFileSync } from 'node:fs';

const FIXTURES: Record<string, string> = {
  '/petition/': 'petition.html',
  '/petition/receipt/': 'receipt.html',
  '/track/': 'track.html',
  '/404.html': '404.html',
  '/staff/receptions.json': 'receptions.json',
};

export function fixtureResponse(request: Request): Response {
  const file = FIXTURES[new URL(request.url).pathname];
  if (!file) return new Response('not found', { status: 404 });
  const html = readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8');
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
