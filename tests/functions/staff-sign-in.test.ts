import { describe, expect, it } from 'vitest';
import { LOGIN_SENT_MESSAGE } from '../../src/server/staff-sign-in';
import { listOutbox } from '../../src/server/mail';
import {
  authEnv,
  cookieFrom,
  DEMO_ADMIN,
  DEMO_HANDLER,
  deliveredMail,
  latestLoginToken,
  request,
  signIn,
} from './staff-helpers';

const T0 = new Date('2026-11-23T01:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('a staff member signs in with a one-time link', () => {
  it('gets the same answer for an unknown address, and no mail is written for it', async () => {
    const before = (await listOutbox(authEnv, 500)).length;
    const unknown = await request('POST', '/api/staff/login', { body: { email: 'nobody@example.com' } });
    const known = await request('POST', '/api/staff/login', { body: { email: DEMO_HANDLER } });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.json()).toEqual({ message: LOGIN_SENT_MESSAGE });
    expect(await known.json()).toEqual({ message: LOGIN_SENT_MESSAGE });
    const mails = await listOutbox(authEnv, 500);
    expect(mails.length).toBe(before + 1);
    expect(mails[0]).toMatchObject({ kind: 'staff-login', to: DEMO_HANDLER });
    expect((await deliveredMail(mails[0]!.id)).text).toMatch(/\/staff\/login\/\?token=[A-Za-z0-9_-]{43}/);
  });

  it('stores only a hash of the token', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } });
    const token = await latestLoginToken(DEMO_ADMIN);
    const { results } = await authEnv.DB.prepare('SELECT token_hash FROM staff_login_tokens').all<{
      token_hash: string;
    }>();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.token_hash).not.toContain(token);
    }
  });

  it('is neither signed in nor spends the token when the link is prefetched (GET)', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } });
    const token = await latestLoginToken(DEMO_ADMIN);
    const usedBefore = await authEnv.DB.prepare(
      'SELECT count(*) AS n FROM staff_login_tokens WHERE used_at IS NOT NULL',
    ).first<number>('n');
    const sessionsBefore = await authEnv.DB.prepare('SELECT count(*) AS n FROM staff_sessions').first<number>('n');
    for (let i = 0; i < 3; i++) {
      const page = await request('GET', `/staff/login/?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      // Under no-referrer the browser would send `Origin: null` with the button's post.
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
      const html = await page.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('action="/api/staff/login/confirm"');
      expect(html).toContain(`value="${token}"`);
      expect(html).toMatch(/<button type="submit">登录<\/button>/);
    }
    expect(
      await authEnv.DB.prepare('SELECT count(*) AS n FROM staff_login_tokens WHERE used_at IS NOT NULL').first<number>(
        'n',
      ),
    ).toBe(usedBefore);
    expect(await authEnv.DB.prepare('SELECT count(*) AS n FROM staff_sessions').first<number>('n')).toBe(
      sessionsBefore,
    );
    // The button still works afterwards.
    const r = await request('POST', '/api/staff/login/confirm', { body: { token } });
    expect(r.status).toBe(200);
  });

  it('gets a __Host- cookie that is HttpOnly, Secure and SameSite=Strict', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } });
    const token = await latestLoginToken(DEMO_ADMIN);
    const r = await request('POST', '/api/staff/login/confirm', { body: { token } });
    expect(r.status).toBe(200);
    const set = r.headers.get('set-cookie')!;
    expect(set).toMatch(/^__Host-xf_session=[A-Za-z0-9_-]{43};/);
    for (const attr of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(set).toContain(attr);
    expect(set).not.toMatch(/Domain=/i);
    const me = await request('GET', '/api/staff/me', { cookie: cookieFrom(r) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ staff: { email: DEMO_ADMIN, role: 'admin' } });
  });

  it('can use a token once only', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } });
    const token = await latestLoginToken(DEMO_ADMIN);
    expect((await request('POST', '/api/staff/login/confirm', { body: { token } })).status).toBe(200);
    const again = await request('POST', '/api/staff/login/confirm', { body: { token } });
    expect(again.status).toBe(401);
    expect((await again.json<{ error: string }>()).error).toContain('重新获取登录链接');
  });

  it('cannot use a token after 15 minutes', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN }, now: T0 });
    const token = await latestLoginToken(DEMO_ADMIN);
    expect(
      (await request('POST', '/api/staff/login/confirm', { body: { token }, now: later(15 * MIN + 1000) })).status,
    ).toBe(401);
  });

  it('signs in from the page’s button (a form post) and is sent to the console', async () => {
    await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } });
    const token = await latestLoginToken(DEMO_ADMIN);
    const r = await request('POST', '/api/staff/login/confirm', { body: { token }, as: 'form' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/staff/');
    expect(r.headers.get('set-cookie')).toMatch(/^__Host-xf_session=/);
    const bad = await request('POST', '/api/staff/login/confirm', { body: { token }, as: 'form' });
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toBe('/staff/login/?error=invalid');
  });

  it('is signed out after 8 hours without use, and kept signed in while active', async () => {
    const cookie = await signIn(DEMO_ADMIN, T0);
    expect((await request('GET', '/api/staff/me', { cookie, now: later(7 * HOUR) })).status).toBe(200);
    expect((await request('GET', '/api/staff/me', { cookie, now: later(14 * HOUR) })).status).toBe(200);
    expect((await request('GET', '/api/staff/me', { cookie, now: later(22 * HOUR + MIN) })).status).toBe(401);
  });

  it('is signed out by logout', async () => {
    const cookie = await signIn();
    const out = await request('POST', '/api/staff/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await request('GET', '/api/staff/me', { cookie })).status).toBe(401);
  });

  it('is refused a sign-in link request from another site', async () => {
    const r = await request('POST', '/api/staff/login', {
      body: { email: DEMO_ADMIN },
      origin: 'https://evil.example',
    });
    expect(r.status).toBe(403);
  });
});
