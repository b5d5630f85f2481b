/**
 * Issue 12, finding 11: two admins who deactivate (or demote) each other at the same moment must
 * not leave the office without an active admin. Only one of the two changes is kept, on every
 * database; the other is answered 409 with a Chinese message.
 */
import { describe, expect, it } from 'vitest';
import { isDbError } from '../../src/server/platform/database';
import { authEnv, DEMO_ADMIN, request, signIn } from './staff-helpers';

type Listed = { id: string; email: string; role: string; active: boolean };

async function staffList(cookie: string): Promise<Listed[]> {
  const r = await request('GET', '/api/staff/admin/staff', { cookie });
  return (await r.json<{ staff: Listed[] }>()).staff;
}
const activeAdmins = async (cookie: string): Promise<Listed[]> =>
  (await staffList(cookie)).filter((s) => s.role === 'admin' && s.active);

async function newAdmin(by: string, email: string): Promise<string> {
  const r = await request('POST', '/api/staff/admin/staff', {
    cookie: by,
    body: { email, name: '管理员', role: 'admin' },
  });
  expect(r.status).toBe(201);
  return (await r.json<{ staff: { id: string } }>()).staff.id;
}

/** Makes the two given admins the only active ones (`by` deactivates every other admin). */
async function onlyThese(by: string, keep: string[]): Promise<void> {
  for (const s of await activeAdmins(by)) {
    if (keep.includes(s.id)) continue;
    expect(
      (await request('PATCH', `/api/staff/admin/staff/${s.id}`, { cookie: by, body: { active: false } })).status,
    ).toBe(200);
  }
  expect((await activeAdmins(by)).map((s) => s.id).sort()).toEqual([...keep].sort());
}

describe('two admins at once', () => {
  let keeper = '';

  it('deactivating or demoting each other through the app, several times over, always leaves one active admin', async () => {
    keeper = await signIn(DEMO_ADMIN);
    for (let round = 0; round < 4; round++) {
      const aId = await newAdmin(keeper, `a${round}@example.gov.cn`);
      const bId = await newAdmin(keeper, `b${round}@example.gov.cn`);
      const a = await signIn(`a${round}@example.gov.cn`);
      const b = await signIn(`b${round}@example.gov.cn`);
      await onlyThese(a, [aId, bId]);
      const change = round % 2 === 0 ? { active: false } : { role: 'handler' };
      const [byA, byB] = await Promise.all([
        request('PATCH', `/api/staff/admin/staff/${bId}`, { cookie: a, body: change }),
        request('PATCH', `/api/staff/admin/staff/${aId}`, { cookie: b, body: change }),
      ]);
      const statuses = [byA.status, byB.status].sort();
      // One wins; the other is refused: 409 by the guard, or 401/403 when its session ended first.
      expect(statuses[0], `round ${round}: ${statuses.join(',')}`).toBe(200);
      expect(statuses[1], `round ${round}: ${statuses.join(',')}`).not.toBe(200);
      const loser = byA.status === 200 ? byB : byA;
      if (loser.status === 409)
        expect((await loser.json<{ error: string }>()).error).toMatch(/至少要保留一名启用的管理员/);
      keeper = byA.status === 200 ? a : b;
      expect(await activeAdmins(keeper)).toHaveLength(1);
    }
  });

  it('two updates that each remove the other admin, run at once on the database, keep one; the last is kept', async () => {
    const aId = await newAdmin(keeper, 'c@example.gov.cn');
    const bId = await newAdmin(keeper, 'd@example.gov.cn');
    await onlyThese(await signIn('c@example.gov.cn'), [aId, bId]);
    const db = authEnv.DB;
    const off = (id: string) =>
      db.batch([
        db.prepare('UPDATE staff SET active = 0, updated_at = ? WHERE id = ?').bind(new Date().toISOString(), id),
      ]);
    const settled = await Promise.allSettled([off(aId), off(bId)]);
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(isDbError((refused[0] as PromiseRejectedResult).reason, 'last-admin')).toBe(true);
    const admins = () => db.prepare("SELECT id FROM staff WHERE role = 'admin' AND active = 1").all<{ id: string }>();
    const { results } = await admins();
    expect(results).toHaveLength(1);
    // The one left can be neither deactivated nor demoted, by any statement.
    await expect(
      db.batch([db.prepare("UPDATE staff SET role = 'handler' WHERE id = ?").bind(results[0]!.id)]),
    ).rejects.toSatisfy((err: unknown) => isDbError(err, 'last-admin'));
    expect((await admins()).results).toHaveLength(1);
  });
});
