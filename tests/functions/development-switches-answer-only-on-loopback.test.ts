/**
 * Issue 12, finding 12: with DEV_MODE on (as in this suite), the development switches — the
 * x-debug-now clock, /dev/outbox/ and the unguarded outbox runner — answer only a client on the
 * same machine. The suite names clients by CF-Connecting-IP; 127.x is loopback, 198.51.x is not.
 */
import { describe, expect, it } from 'vitest';
import { call, freshIp, ORIGIN } from './helpers';
import { request, signIn } from './staff-helpers';

const HOUR = 3600_000;
const remote = () => ({ 'cf-connecting-ip': freshIp() });
const loopback = { 'cf-connecting-ip': '127.0.0.1' };

describe('development switches answer only on loopback', () => {
  it('x-debug-now from a remote client is ignored: a fresh session stays valid', async () => {
    const cookie = await signIn();
    const later = new Date(Date.now() + 30 * HOUR).toISOString();
    const fromRemote = await call(
      new Request(`${ORIGIN}/api/staff/me`, { headers: { ...remote(), cookie, 'x-debug-now': later } }),
    );
    expect(fromRemote.status).toBe(200);
    const fromLoopback = await request('GET', '/api/staff/me', { cookie, now: later });
    expect(fromLoopback.status).toBe(401);
  });

  it('/dev/outbox/ and /dev/outbox/:id are not there for a remote client', async () => {
    expect((await call(new Request(`${ORIGIN}/dev/outbox/`, { headers: remote() }))).status).toBe(404);
    expect((await call(new Request(`${ORIGIN}/dev/outbox/x`, { headers: remote() }))).status).toBe(404);
    expect((await call(new Request(`${ORIGIN}/dev/outbox/`, { headers: loopback }))).status).toBe(200);
  });

  it('POST /api/outbox/process without the cron secret is not there for a remote client', async () => {
    const post = (headers: Record<string, string>) =>
      new Request(`${ORIGIN}/api/outbox/process`, { method: 'POST', headers });
    expect((await call(post(remote()))).status).toBe(404);
    expect((await call(post(loopback))).status).toBe(200);
  });
});
