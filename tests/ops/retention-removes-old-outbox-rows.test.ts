// Issue 12, finding 2 (the rest): npm run retention removes mail and SMS outbox rows queued longer
// ago than settings.outboxRetentionDays — sent, given up, or unsent and untried for a whole period —
// whatever state their case is in, and keeps the rest. On SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { settings } from '../../src/lib/settings';
import { insertOutboxStatement } from '../../src/server/mail';
import { insertSmsStatement } from '../../src/server/sms';
import { openOpsTarget, type OpsTarget } from './support';

let opened: OpsTarget[] = [];
afterEach(async () => {
  for (const t of opened) await t.cleanup();
  opened = [];
});

const NOW = '2026-11-22T00:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * DAY).toISOString();

describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  it('retention removes outbox rows older than the period and keeps the rest', async () => {
    const t = await openOpsTarget(kind);
    opened.push(t);
    const period = settings.outboxRetentionDays;
    // id -> [status, queued days ago, next attempt days ago, kept?]
    const rows: Record<string, [string, number, number, boolean]> = {
      'old-sent': ['sent', period + 1, period + 1, false],
      'old-failed': ['failed', period + 30, period + 29, false],
      'old-pending-untried': ['pending', period + 5, period + 4, false],
      'old-pending-due-soon': ['pending', period + 5, 0, true],
      'new-sent': ['sent', period - 1, period - 1, true],
      'new-pending': ['pending', 1, 0, true],
    };
    for (const [id, [status, queued, next]] of Object.entries(rows)) {
      const mail = {
        id: `mail-${id}`,
        petitionId: null,
        kind: 'staff-login',
        to: 'handler@example.gov.cn',
        subject: 's',
        html: 'h',
        text: 't',
      };
      const sms = {
        id: `sms-${id}`,
        petitionId: null,
        to: '13812345678',
        template: 'code' as const,
        params: { code: 'X' },
      };
      await (await insertOutboxStatement(t.env, t.db, mail, daysAgo(queued))).run();
      await (await insertSmsStatement(t.env, t.db, sms, daysAgo(queued))).run();
      for (const table of ['mail_outbox', 'sms_outbox'])
        await t.db
          .prepare(`UPDATE ${table} SET status = ?, next_attempt_at = ? WHERE id = ?`)
          .bind(status, daysAgo(next), `${table.split('_')[0]}-${id}`)
          .run();
    }
    await t.db.prepare("UPDATE sms_outbox SET status = 'unknown' WHERE id = 'sms-old-failed'").run();
    const ids = async (table: string) =>
      (await t.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all<{ id: string }>()).results.map((r) => r.id);
    const kept = Object.entries(rows)
      .filter(([, r]) => r[3])
      .map(([id]) => id)
      .sort();

    const dry = await t.ops('retention', '--now', NOW, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`发件记录保存 ${period} 天`);
    expect(dry.out).toContain('6 条待删除');
    expect(await ids('mail_outbox')).toHaveLength(6);

    const r = await t.ops('retention', '--now', NOW);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('已删除 6 条');
    expect(await ids('mail_outbox')).toEqual(kept.map((id) => `mail-${id}`));
    expect(await ids('sms_outbox')).toEqual(kept.map((id) => `sms-${id}`));
    expect((await t.ops('retention', '--now', NOW)).out).toContain('已删除 0 条');
  });
});
