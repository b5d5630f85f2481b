/**
 * `seed-demo-ledger`: a clearly fictional ledger (示例) for the demo office — fictional cases from
 * scripts/seed-cases.ts (示例信访人N, sealed like real ones), then the ledger's own function
 * (performBacklogAction) run as the demo handler and the demo leader at pretend times over the last
 * four months: leaders, 一案一策 plans, grades, 督办, 回访, some cases signed off and struck off, one
 * sent back after a 不满意 回访. So the demo's 统计表 and 三率 come from real chains.
 */
import { LIUYOU_ITEMS, riskGrades, type BacklogAction } from '../../lib/backlog';
import { addCalendarDays, shanghaiDate } from '../../lib/deadlines';
import { settings } from '../../lib/settings';
import { seedCases, type SeedEnv } from '../../../scripts/seed-cases';
import type { Session, StaffMember } from '../auth';
import { performBacklogAction } from '../backlog';
import type { Database } from '../platform/database';

const DAY = 86_400_000;

async function demoSession(db: Database, id: string): Promise<Session> {
  const s = await db
    .prepare('SELECT id, email, name, role, active, demo FROM staff WHERE id = ? AND active = 1 AND demo = 1')
    .bind(id)
    .first<{ id: string; email: string; name: string; role: 'handler' | 'admin'; active: number; demo: number }>();
  if (!s) throw new Error(`演示账号 ${id} 不存在或已停用：演示台账只能在示例部署中生成`);
  const staff: StaffMember = { ...s, active: true, demo: true };
  return { idHash: 'seed-demo-ledger', staff, expiresAt: '' };
}

const MEASURES = [
  '示例：召开协调会，督促责任单位分期解决，法律顾问现场释法明理。',
  '示例：组织实地核查，重新测量，依政策补偿，心理咨询师做好疏导。',
  '示例：乡贤代表参与调解，责任单位书面答复并落实整改。',
];
const TEAMS = [
  {
    legalAdviser: '示例律师事务所律师（示例）',
    psychologist: '县心理服务中心（示例）',
    gentry: '示例村乡贤代表',
    departments: ['示例县人社局'],
  },
  {
    legalAdviser: '县法律援助中心（示例）',
    psychologist: '县心理服务中心（示例）',
    gentry: '示例镇乡贤代表',
    departments: ['示例县住建局', '示例镇人民政府'],
  },
];

/** Fills the ledger with `n` fictional cases; returns how many were put in it. */
export async function seedDemoLedger(
  db: Database,
  env: SeedEnv,
  options: { now?: Date; n?: number } = {},
): Promise<number> {
  if (!settings.isExample) throw new Error('演示台账只能在示例部署（settings.isExample 为 true）中生成');
  const now = options.now ?? new Date();
  const n = options.n ?? 14;
  const handler = await demoSession(db, 'demo-handler');
  const leader = await demoSession(db, 'demo-leader');
  const start = new Date(now.getTime() - 125 * DAY);
  await seedCases(db, env, n, { now: start, spanDays: 20 });
  const { results } = await db
    .prepare(
      `SELECT p.id FROM petitions p LEFT JOIN backlog_cases b ON b.petition_id = p.id
       WHERE b.petition_id IS NULL AND p.title LIKE '示例%' ORDER BY p.created_at DESC, p.id LIMIT ?`,
    )
    .bind(n)
    .all<{ id: string }>();
  const grades = riskGrades();
  let done = 0;
  for (const [i, { id }] of results.entries()) {
    const t0 = start.getTime() + (i * 7 + 2) * DAY;
    const when = (d: number) => new Date(Math.min(t0 + d * DAY, now.getTime()));
    const day = (d: number) => shanghaiDate(when(d));
    const act = (who: Session, action: BacklogAction, body: unknown, d: number) =>
      performBacklogAction(db, who, id, action, body, when(d));
    await act(
      handler,
      'mark',
      {
        source: (['assigned', 'screening', 'repeat'] as const)[i % 3],
        class: (['livelihood', 'legacy', 'personnel'] as const)[i % 3],
        leaderId: 'demo-leader',
        leaderTitle: i % 2 === 0 ? '副县长（示例）' : '县委常委（示例）',
        team: TEAMS[i % TEAMS.length],
        measures: MEASURES[i % MEASURES.length],
        milestones: [
          { due: addCalendarDays(day(0), 15), what: '示例：召开协调会' },
          { due: addCalendarDays(day(0), 45), what: '示例：书面答复' },
        ],
        // Some plans run out before today, so the demo shows what is overdue.
        timeLimit: addCalendarDays(day(0), i % 4 === 3 ? 30 : 150),
        riskGrade: grades[i % grades.length],
        riskReason: '示例：多次重复信访，诉求涉及多个部门',
      },
      0,
    );
    await act(
      handler,
      'supervise',
      {
        method: 'letter',
        on: day(10),
        by: '县信访工作联席会议办公室（示例）',
        content: '示例：发督办函，要求 10 日内报告进展',
      },
      10,
    );
    if (i % 2 === 0)
      await act(
        handler,
        'supervise',
        { method: 'phone', on: day(20), by: '县信访局（示例）', content: '示例：电话督促落实化解措施' },
        20,
      );
    if (i % 5 === 1)
      await act(handler, 'grade', { riskGrade: grades.at(-1), riskReason: '示例：已达成初步协议，风险降低' }, 25);
    if (i % 3 !== 2) {
      const opinion = i % 6 === 4 ? 'unsatisfied' : i % 2 === 0 ? 'satisfied' : 'basically';
      await act(
        handler,
        'visit',
        {
          method: i % 2 ? 'phone' : 'in-person',
          on: day(40),
          by: '县信访局（示例）',
          opinion,
          content: '示例：回访信访人，了解落实情况',
        },
        40,
      );
      await act(handler, 'checklist', { items: [...LIUYOU_ITEMS] }, 41);
      await act(leader, 'sign_off', { note: '示例：同意销号' }, 42);
      await act(handler, 'strike', { note: '示例：已化解' }, 43);
      if (opinion === 'unsatisfied')
        await act(handler, 'send_back', { reason: '示例：信访人对落实情况不满意，回炉重办' }, 45);
    }
    done++;
  }
  return done;
}
