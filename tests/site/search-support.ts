// Loads the real built Pagefind bundle (dist/pagefind/pagefind.js) in Node. Pagefind fetches its
// WebAssembly and index chunks relative to its own URL; Node's fetch cannot read file: URLs, so the
// loader answers those from disk and leaves every other request alone.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PagefindApi } from '../../src/lib/search-query.ts';

export const distDir = resolve(process.env.DIST_DIR ?? 'dist');

let patched = false;
function patchFetchForFiles(): void {
  if (patched) return;
  patched = true;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) return new Response(await readFile(new URL(url)));
    return networkFetch(input, init);
  };
}

export interface LoadedPagefind extends PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  destroy?(): Promise<void>;
}

/** The Pagefind API of the built site, with result URLs as the site serves them (/law/…/). */
export async function loadPagefind(dist = distDir): Promise<LoadedPagefind> {
  patchFetchForFiles();
  const bundle = join(dist, 'pagefind');
  const pf = (await import(pathToFileURL(join(bundle, 'pagefind.js')).href)) as LoadedPagefind;
  await pf.options({ basePath: pathToFileURL(bundle).href + '/', baseUrl: '/', excerptLength: 40 });
  await pf.init();
  return pf;
}
