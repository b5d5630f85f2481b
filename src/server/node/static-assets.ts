/**
 * The ASSETS port on Node: the built site in dist/ served the way Cloudflare Pages serves it, so
 * both targets answer the same: a folder's index.html, `/a` → 308 `/a/` when that is a folder, the
 * site's 404.html with status 404, and the headers of public/_headers (copied into dist/ by the
 * build) on every file.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Assets } from '../platform/ports';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}

/** Parses the _headers format of Cloudflare Pages: a path pattern, then indented `Name: value` lines. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const escaped = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*');
      current = { pattern: new RegExp(`^${escaped}$`), headers: [] };
      rules.push(current);
    } else if (current) {
      const i = line.indexOf(':');
      if (i > 0) current.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function staticAssets(distDir: string): Assets {
  const root = resolve(distDir);
  let rules: HeaderRule[] = [];
  try {
    rules = parseHeadersFile(readFileSync(join(root, '_headers'), 'utf8'));
  } catch {
    // A build without _headers: the app's middleware still sets the security headers.
  }
  const headersFor = (pathname: string, type: string): Headers => {
    const h = new Headers({ 'content-type': type });
    for (const rule of rules) if (rule.pattern.test(pathname)) for (const [k, v] of rule.headers) h.set(k, v);
    return h;
  };
  const serve = async (file: string, pathname: string, status: number, head: boolean): Promise<Response> => {
    const body = head ? null : await readFile(file);
    const h = headersFor(pathname, TYPES[extname(file)] ?? 'application/octet-stream');
    if (body) h.set('content-length', String(body.byteLength));
    return new Response(body, { status, headers: h });
  };
  return {
    async fetch(input, init) {
      const request = typeof input === 'string' ? new Request(input, init) : input;
      const url = new URL(request.url);
      const head = (init?.method ?? request.method) === 'HEAD';
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        pathname = '/__invalid__';
      }
      const target = resolve(root, `.${pathname}`);
      if (target === root || target.startsWith(root + sep)) {
        if (pathname.endsWith('/')) {
          const index = join(target, 'index.html');
          if (isFile(index)) return serve(index, pathname, 200, head);
        } else if (isFile(target) && !target.endsWith(`${sep}_headers`)) {
          return serve(target, pathname, 200, head);
        } else if (isFile(join(target, 'index.html'))) {
          return new Response(null, { status: 308, headers: { location: `${url.pathname}/${url.search}` } });
        } else if (isFile(`${target}.html`)) {
          return serve(`${target}.html`, pathname, 200, head);
        }
      }
      const notFound = join(root, '404.html');
      if (isFile(notFound)) return serve(notFound, pathname, 404, head);
      return new Response('页面不存在', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    },
  };
}
