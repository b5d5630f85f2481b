/**
 * Issue 12, finding 12: with DEV_MODE on (as in this suite), the development switches — the
 * x-debug-now clock, /dev/outbox/ and the unguarded outbox runner — answer only a client on the
 * same machine. The suite names clients by CF-Connecting-IP; 127.x is loopback, 198.51.x is not.
 */
import { describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/lib/tracking-code';
import { verifyDatabase } from '../../src/server/audit';
import { readChainHash } from '../../src/server/chain-hash';
import { chainEvent, listEvents } from '../../src/server/petition-events';
import { call, freshIp, ORIGIN, submitOk } from './helpers';
import { act, authEnv, DEMO_HANDLER, request, signIn, staffMember } from './staff-helpers';

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

  it('an event whose time the development clock moved still carries the server time of writing, under its hash', async () => {
    const { code } = await submitOk();
    const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?')
      .bind(normaliseCode(code))
      .first<{ id: string }>();
    const moved = '2026-01-05T02:00:00.000Z';
    const before = Date.now();
    const handler = staffMember(DEMO_HANDLER);
    const r = await act(await handler.at(moved), row!.id, 'register', {}, moved);
    expect(r.status).toBe(200);
    const after = Date.now();
    const events = await listEvents(authEnv.DB, row!.id);
    const registered = events.find((e) => e.type === 'register')!;
    expect(registered.at).toBe(moved);
    // The server's clock, not the request's: within the request's own span.
    const recorded = Date.parse(registered.recordedAt!);
    expect(recorded).toBeGreaterThanOrEqual(before - 1000);
    expect(recorded).toBeLessThanOrEqual(after + 1000);
    for (const e of events) expect(e.recordedAt, e.type).toBeTruthy();
    expect((await verifyDatabase(authEnv.DB)).broken).toEqual([]);
    // Covered by the hash: the same event with the time of writing changed does not hash the same.
    const prev = events[events.indexOf(registered) - 1]!.hash;
    const algorithm = await readChainHash(authEnv.DB);
    const edited = await chainEvent(prev, { ...registered, recordedAt: moved }, algorithm);
    expect(edited.hash).not.toBe(registered.hash);
    expect((await chainEvent(prev, registered, algorithm)).hash).toBe(registered.hash);
  });
});
