import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_METHODS, apiFallback, methodsFor } from '@/server/api-methods';

const apiDir = resolve(import.meta.dirname, '../../functions/api');

/** Every route file under functions/api as its Pages path and the methods it exports handlers for. */
function routeFiles(dir = apiDir): { file: string; path: string; methods: string[]; source: string }[] {
  const out: { file: string; path: string; methods: string[]; source: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      out.push(...routeFiles(file));
      continue;
    }
    if (name.startsWith('_') || name.startsWith('[[')) continue;
    const path = `/api/${relative(apiDir, file)}`
      .replace(/\.ts$/, '')
      .replace(/\/index$/, '')
      .replace(/\[([A-Za-z]+)\]/g, ':$1');
    const source = readFileSync(file, 'utf8');
    const methods = [...source.matchAll(/export const onRequest(Get|Post|Put|Patch|Delete)\b/g)]
      .map((m) => m[1]!.toUpperCase())
      .sort();
    out.push({ file, path, methods, source });
  }
  return out;
}

describe('the API fallback knows every route and its methods', () => {
  it('lists exactly the methods each file in functions/api exports (the outbox trigger stays unlisted)', () => {
    const fromFiles = Object.fromEntries(
      routeFiles()
        .filter((r) => r.path !== '/api/outbox/process')
        .map((r) => [r.path, r.methods]),
    );
    const fromTable = Object.fromEntries(Object.entries(API_METHODS).map(([p, m]) => [p, [...m].sort()]));
    expect(fromTable).toEqual(fromFiles);
  });

  it('no route file keeps a catch-all handler of its own', () => {
    for (const r of routeFiles()) expect(r.methods.length, r.path).toBeGreaterThan(0);
    const own = routeFiles()
      .filter((r) => /export const onRequest\b/.test(r.source))
      .map((r) => r.file);
    expect(own).toEqual([]);
  });

  it('matches literal segments before parameters, with or without a trailing slash', () => {
    expect(methodsFor('/api/staff/cases/export')).toEqual(['GET']);
    expect(methodsFor('/api/staff/cases/0f3a')).toEqual(['GET']);
    expect(methodsFor('/api/staff/cases/0f3a/actions/accept')).toEqual(['POST']);
    expect(methodsFor('/api/track/')).toEqual(['POST']);
    expect(methodsFor('/api/track/rate/x')).toBeNull();
    expect(methodsFor('/api')).toBeNull();
  });

  it('answers 405 with Allow for a known path and a JSON 404 otherwise, in Chinese', async () => {
    const wrong = apiFallback(new Request('https://x.example/api/staff/templates', { method: 'PUT' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(await wrong.json()).toEqual({ error: '不支持这种请求方式' });
    const none = apiFallback(new Request('https://x.example/api/petition', { method: 'POST' }));
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/application\/json/);
    expect(await none.json()).toEqual({ error: '没有这个接口，请核对地址' });
  });
});
