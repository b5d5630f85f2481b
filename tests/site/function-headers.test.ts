// Responses made by Functions carry the same security headers as static pages, and only the paths
// with Functions invoke the worker.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SECURITY_HEADERS } from '../../src/server/security-headers';

const dist = resolve(process.env.DIST_DIR ?? 'dist');

function staticRule(): Record<string, string> {
  const text = readFileSync('public/_headers', 'utf8');
  const block = text.split('\n/*\n')[1]!.split('\n\n')[0]!;
  return Object.fromEntries(
    block
      .split('\n')
      .filter((l) => l.trim() && !l.trim().startsWith('#'))
      .map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
      }),
  );
}

describe('security headers for Function responses', () => {
  it('are exactly the "/*" rule of public/_headers', () => {
    expect(SECURITY_HEADERS).toEqual(staticRule());
  });

  it('are applied by the app to everything it answers', async () => {
    const { app } = await import('../../src/server/app');
    const r = await app.request('/api/health');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(r.headers.get(name), name).toBe(value);
  });

  it('_routes.json sends every page the app answers, and only those, to the Pages function', async () => {
    const { app } = await import('../../src/server/app');
    const routes = JSON.parse(readFileSync(join(dist, '_routes.json'), 'utf8')) as { include: string[] };
    const covers = (path: string) =>
      routes.include.some((p) => p === path || (p.endsWith('/*') && (path + '/').startsWith(p.slice(0, -1))));
    const pages = [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path !== '*').map((r) => r.path))];
    for (const path of pages) expect(covers(path.replace(/\/\*$/, '')), path).toBe(true);
    expect(routes.include).toContain('/api/*');
    expect(routes.include.some((r) => r.startsWith('/_astro') || r === '/*')).toBe(false);
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
  });
});
