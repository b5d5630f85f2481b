/**
 * Issue 14's demo data: `seed-demo-ledger` (src/server/node/demo-ledger.ts) fills a ledger of
 * clearly fictional cases through the ledger's own function; the console then shows leaders,
 * plans, grades, 督办 and 回访, and the 统计表 of a past month counts them.
 */
import { describe, expect, it } from 'vitest';
import { seedDemoLedger } from '../../src/server/node/demo-ledger';
import { verifyDatabase } from '../../src/server/audit';
import { authEnv, DEMO_HANDLER, request, signIn } from './staff-helpers';

describe('the demo ledger', () => {
  it('is filled through the real functions and reads as a ledger', async () => {
    const now = new Date();
    expect(await seedDemoLedger(authEnv.DB, authEnv, { now })).toBe(14);
    const cookie = await signIn(DEMO_HANDLER);
    const all = await (
      await request('GET', '/api/staff/backlog?status=all', { cookie })
    ).json<{
      total: number;
      items: {
        petitionId: string;
        title: string;
        leaderName: string;
        riskGrade: string;
        supervisionCount: number;
        visitCount: number;
        status: string;
        overdue: boolean;
      }[];
    }>();
    expect(all.total).toBe(14);
    expect(all.items.every((i) => i.title.startsWith('示例'))).toBe(true);
    expect(new Set(all.items.map((i) => i.leaderName))).toEqual(new Set(['演示包案领导']));
    expect(new Set(all.items.map((i) => i.riskGrade)).size).toBeGreaterThanOrEqual(3);
    expect(all.items.every((i) => i.supervisionCount >= 1)).toBe(true);
    expect(all.items.some((i) => i.visitCount >= 1)).toBe(true);
    expect(all.items.some((i) => i.status === 'struck')).toBe(true);
    expect(all.items.some((i) => i.overdue)).toBe(true);
    const one = await (
      await request('GET', `/api/staff/backlog/${all.items[0]!.petitionId}`, { cookie })
    ).json<{ measures: string; milestones: unknown[] }>();
    expect(one.measures).toContain('示例');
    expect(one.milestones).toHaveLength(2);
    const month = new Date(now.getTime() - 62 * 86_400_000).toISOString().slice(0, 7);
    const report = await (
      await request('GET', `/api/staff/backlog/report?month=${month}`, { cookie })
    ).json<{ total: { counts: Record<string, number> } }>();
    expect(report.total.counts['supervisions']).toBeGreaterThan(0);
    expect((await verifyDatabase(authEnv.DB)).broken).toEqual([]);
  });
});
