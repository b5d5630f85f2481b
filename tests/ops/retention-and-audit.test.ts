// npm run retention anonymises closed cases past the period and keeps the statistics;
// npm run audit:verify finds a row edited behind the triggers' back. On SQLite and PostgreSQL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { act, openOpsTarget, signIn, submitPetition, type OpsTarget } from './support';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9, 9, 9, 9, 9, 9]);
const STATS =
  'SELECT kind, issue_area, region, status, channel, substr(created_at, 1, 7) AS month, COUNT(*) AS n FROM petitions GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6';

let opened: OpsTarget[] = [];
afterEach(async () => {
  for (const t of opened) await t.cleanup();
  opened = [];
});

describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  it('retention anonymises the closed cases older than the period and nothing else', async () => {
    const t = await openOpsTarget(kind);
    opened.push(t);
    const oldClosed = await submitPetition(t.env, {}, { name: '张三身份证.png', bytes: PNG, type: 'image/png' });
    const oldFinal = await submitPetition(t.env, { kind: 'suggestion' });
    const oldOpen = await submitPetition(t.env);
    const newClosed = await submitPetition(t.env);
    // The period counts from a case's last change; closing through every step is the functions
    // suite's job, so the clock of these cases is set back directly.
    const set = (id: string, status: string, updated: string) =>
      t.db.prepare('UPDATE petitions SET status = ?, updated_at = ? WHERE id = ?').bind(status, updated, id).run();
    await set(oldClosed.id, 'closed', '2020-01-10T00:00:00.000Z');
    await set(oldFinal.id, 'closed_final', '2020-06-10T00:00:00.000Z');
    await set(oldOpen.id, 'accepted', '2020-01-10T00:00:00.000Z');
    await set(newClosed.id, 'closed', '2026-10-01T00:00:00.000Z');
    const blob = (await t.db
      .prepare('SELECT r2_key FROM attachments WHERE petition_id = ?')
      .bind(oldClosed.id)
      .first<string>('r2_key'))!;
    expect(existsSync(join(t.dir, 'attachments', blob))).toBe(true);
    const stats = (await t.db.prepare(STATS).all()).results;
    const now = '2026-11-22T00:00:00Z';

    const dry = await t.ops('retention', '--now', now, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('2 件待匿名化');
    expect(await t.db.prepare('SELECT count(*) AS n FROM petitions WHERE anonymised_at IS NOT NULL').first('n')).toBe(
      0,
    );

    const r = await t.ops('retention', '--now', now);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('已匿名化 2 件，删除附件 1 个');
    expect((await t.db.prepare(STATS).all()).results).toEqual(stats);
    const rows = (
      await t.db
        .prepare('SELECT id, pii_ct, phone_hash, track_verifier, title, request, facts, anonymised_at FROM petitions')
        .all()
    ).results;
    const byId = new Map(rows.map((x) => [String(x['id']), x]));
    for (const { id } of [oldClosed, oldFinal]) {
      const text = JSON.stringify(byId.get(id));
      expect(text).not.toMatch(/张三|工资|13812345678/);
      expect(byId.get(id)).toMatchObject({ pii_ct: '', anonymised_at: '2026-11-22T00:00:00.000Z' });
    }
    for (const { id } of [oldOpen, newClosed])
      expect(byId.get(id)).toMatchObject({ anonymised_at: null, title: '工资被拖欠三个月' });
    expect(await t.db.prepare('SELECT count(*) AS n FROM attachments').first('n')).toBe(0);
    expect(existsSync(join(t.dir, 'attachments', blob))).toBe(false);
    const mail = (
      await t.db.prepare('SELECT DISTINCT petition_id FROM mail_outbox ORDER BY petition_id').all()
    ).results.map((m) => m['petition_id']);
    expect(mail).toEqual([oldOpen.id, newClosed.id].sort());
    // The audit chain is kept as it was.
    expect((await t.ops('audit-verify')).code).toBe(0);
    const again = await t.ops('retention', '--now', now);
    expect(again.out).toContain('0 件待匿名化');
  });

  it('audit:verify passes an intact chain and names the row an intruder edited', async () => {
    const t = await openOpsTarget(kind);
    opened.push(t);
    const c = await submitPetition(t.env);
    const cookie = await signIn(t.env);
    await act(t.env, cookie, c.id, 'register');
    await act(t.env, cookie, c.id, 'note', { text: '已联系。' });
    const ok = await t.ops('audit-verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('审计链完整：1 件信访事项，3 条记录');

    const pg = kind === 'postgres';
    await t.db.exec(`DROP TRIGGER petition_events_no_update${pg ? ' ON petition_events' : ''}`);
    await t.db
      .prepare("UPDATE petition_events SET actor = 'someone-else' WHERE petition_id = ? AND seq = 2")
      .bind(c.id)
      .run();
    const broken = await t.ops('audit-verify');
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('审计链已被破坏：1 件');
    expect(broken.err).toContain(`petition ${c.id}, event seq 2`);
    expect(broken.err).toContain('edited');
  });
});
