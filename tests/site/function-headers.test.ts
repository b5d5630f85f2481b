// Responses made by Functions carry the same security headers as static pages, and only the paths
// with Functions invoke the worker.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

  it('are applied by a root middleware', () => {
    const mw = readFileSync('functions/_middleware.ts', 'utf8');
    expect(mw).toContain('withSecurityHeaders');
  });

  it('_routes.json sends every Function path, and only those, to the worker', () => {
    const routes = JSON.parse(readFileSync(join(dist, '_routes.json'), 'utf8')) as { include: string[] };
    for (const name of readdirSync('functions')) {
      const p = join('functions', name);
      if (statSync(p).isDirectory()) expect(routes.include).toContain(`/${name}/*`);
    }
    expect(routes.include).toContain('/');
    expect(routes.include.some((r) => r.startsWith('/_astro') || r === '/*')).toBe(false);
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
  });
});
