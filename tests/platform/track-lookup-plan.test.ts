/**
 * The tracking lookup stays an index lookup once SQLite has statistics (ANALYZE, PRAGMA optimize,
 * or D1's own). Almost every parent_id is NULL; SQLite's statistics count the NULLs
 * as one value, and its planner then scanned every petition for the linked cases of the one looked
 * up (found by the bench: 10 ms per lookup at 10,000 cases, growing with the table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACK_LOOKUP_SQL } from '../../src/server/track';
import { applyMigrations } from '../../src/server/platform/migrate';
import { insertPetition, openTarget, type Target } from './targets';

// PostgreSQL keeps a null fraction per column and plans this lookup by cost: only SQLite's plan is pinned.
describe('the tracking lookup on sqlite', () => {
  let target: Target;
  beforeAll(async () => {
    target = await openTarget('sqlite');
    await applyMigrations(target.db);
    const rows = Array.from({ length: 400 }, (_, i) =>
      insertPetition(target.db, `plan-${i}`, { code: `P${String(i).padStart(11, '0')}` }),
    );
    await target.db.batch(rows);
    await target.db.exec('ANALYZE');
  });
  afterAll(() => target?.cleanup());

  it('reads the linked cases through the parent index, not by scanning petitions', async () => {
    const { results } = await target.db
      .prepare(`EXPLAIN QUERY PLAN ${TRACK_LOOKUP_SQL.sqlite}`)
      .bind('k', 1, 'k2', 1, 'P00000000007')
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan.some((d) => /petitions_parent/.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN (p|c|q)\b/.test(d))).toEqual([]);
  });
});
