import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src/server/api-methods';
import { DEMO_ADMIN, DEMO_HANDLER, request, signIn } from './staff-helpers';

/** Every (method, path) a staff route answers, with sample params; the two sign-in steps are open by design. */
const guarded = Object.entries(API_METHODS)
  .filter(([path]) => path.startsWith('/api/staff/') && !path.startsWith('/api/staff/login'))
  .flatMap(([path, methods]) =>
    methods.map((method) => ({
      method,
      path: path.replace(/:[a-zA-Z]+/g, (p) => (p === ':action' ? 'register' : 'sample-id')),
    })),
  );

describe('every /api/staff route refuses strangers', () => {
  let admin = '';
  let handler = '';
  beforeAll(async () => {
    admin = await signIn(DEMO_ADMIN);
    handler = await signIn(DEMO_HANDLER);
  });

  it('covers every staff route module', () => {
    expect(guarded.map((g) => `${g.method} ${g.path}`)).toHaveLength(23);
  });

  it.each(guarded.map((g) => [`${g.method} ${g.path}`, g] as const))('%s: 401 without a session', async (_n, g) => {
    const r = await request(g.method, g.path, { body: g.method === 'GET' ? undefined : {} });
    expect(r.status).toBe(401);
    expect((await r.json<{ error: string }>()).error).toContain('请先登录');
  });

  it.each(guarded.map((g) => [`${g.method} ${g.path}`, g] as const))(
    '%s: 403 from another origin, even with a session',
    async (_n, g) => {
      const r = await request(g.method, g.path, {
        cookie: admin,
        origin: 'https://evil.example',
        body: g.method === 'GET' ? undefined : {},
      });
      expect(r.status).toBe(403);
    },
  );

  it.each(guarded.filter((g) => g.method !== 'GET').map((g) => [`${g.method} ${g.path}`, g] as const))(
    '%s: 403 without an Origin header',
    async (_n, g) => {
      const r = await request(g.method, g.path, { cookie: admin, origin: null, body: {} });
      expect(r.status).toBe(403);
    },
  );

  it.each(guarded.filter((g) => g.method === 'GET').map((g) => [`${g.method} ${g.path}`, g] as const))(
    '%s: 403 when the browser marks the read cross-site',
    async (_n, g) => {
      const r = await request(g.method, g.path, { cookie: admin, headers: { 'sec-fetch-site': 'cross-site' } });
      expect(r.status).toBe(403);
    },
  );

  it('lets a handler work cases but not manage staff or templates', async () => {
    expect((await request('GET', '/api/staff/cases', { cookie: handler })).status).toBe(200);
    expect((await request('GET', '/api/staff/templates', { cookie: handler })).status).toBe(200);
    expect((await request('GET', '/api/staff/admin/staff', { cookie: handler })).status).toBe(403);
    expect(
      (
        await request('POST', '/api/staff/admin/staff', {
          cookie: handler,
          body: { email: 'x@example.gov.cn', name: '某某', role: 'admin' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await request('PATCH', '/api/staff/admin/staff/demo-handler', { cookie: handler, body: { role: 'admin' } }))
        .status,
    ).toBe(403);
    const t = await request('POST', '/api/staff/templates', {
      cookie: handler,
      body: {
        issueArea: 'labour',
        title: '模板',
        decision: 'support',
        factsAndReasons: '经调查核实',
        opinion: '予以支持',
        legalBasis: '第三十二条',
      },
    });
    expect(t.status).toBe(403);
    expect((await t.json<{ error: string }>()).error).toBe('只有管理员可以进行这项操作');
  });

  it('lets an admin manage the staff list, and a deactivated person is signed out at once', async () => {
    const created = await request('POST', '/api/staff/admin/staff', {
      cookie: admin,
      body: { email: 'Li.Si@Example.gov.cn', name: '李四', role: 'handler' },
    });
    expect(created.status).toBe(201);
    const { staff } = await created.json<{ staff: { id: string; email: string } }>();
    expect(staff.email).toBe('li.si@example.gov.cn');
    const dup = await request('POST', '/api/staff/admin/staff', {
      cookie: admin,
      body: { email: 'li.si@example.gov.cn', name: '李四', role: 'handler' },
    });
    expect(dup.status).toBe(409);
    const bad = await request('POST', '/api/staff/admin/staff', {
      cookie: admin,
      body: { email: 'not-an-email', name: '', role: 'boss' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json<{ fields: Record<string, string> }>()).fields).sort()).toEqual([
      'email',
      'name',
      'role',
    ]);

    const lisi = await signIn('li.si@example.gov.cn');
    expect((await request('GET', '/api/staff/me', { cookie: lisi })).status).toBe(200);
    const off = await request('PATCH', `/api/staff/admin/staff/${staff.id}`, {
      cookie: admin,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect((await request('GET', '/api/staff/me', { cookie: lisi })).status).toBe(401);
    // And cannot ask for a new link: the answer is the same, but no mail is written.
    const before = await request('GET', '/api/staff/admin/staff', { cookie: admin });
    expect(
      (await before.json<{ staff: { email: string; active: boolean }[] }>()).staff.find(
        (s) => s.email === 'li.si@example.gov.cn',
      )?.active,
    ).toBe(false);
  });

  it('stops an admin from demoting or deactivating themselves', async () => {
    const r = await request('PATCH', '/api/staff/admin/staff/demo-admin', { cookie: admin, body: { role: 'handler' } });
    expect(r.status).toBe(409);
  });

  it('refuses citizen case steps posted from another site', async () => {
    for (const path of ['/api/track/rate', '/api/track/review']) {
      const r = await request('POST', path, {
        origin: 'https://evil.example',
        body: { code: 'x', phoneLast4: '1234' },
      });
      expect(r.status).toBe(403);
    }
  });
});
