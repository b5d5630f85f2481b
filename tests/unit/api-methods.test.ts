import { describe, expect, it } from 'vitest';
import { API_METHODS, apiFallback, methodsFor } from '@/server/api-methods';
import { app } from '@/server/app';

/** Every /api route the app declares, as path -> methods (Hono's route list, middleware left out). */
function appRoutes(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of app.routes) {
    if (!r.path.startsWith('/api/') || r.path.endsWith('*') || r.method === 'ALL') continue;
    (out[r.path] ??= []).push(r.method);
  }
  return Object.fromEntries(Object.entries(out).map(([p, m]) => [p, [...new Set(m)].sort()]));
}

describe('the API fallback knows every route and its methods', () => {
  it('lists exactly the methods each route of the app answers (the outbox trigger stays unlisted)', () => {
    const fromApp = Object.fromEntries(Object.entries(appRoutes()).filter(([p]) => p !== '/api/outbox/process'));
    const fromTable = Object.fromEntries(Object.entries(API_METHODS).map(([p, m]) => [p, [...m].sort()]));
    expect(fromTable).toEqual(fromApp);
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
