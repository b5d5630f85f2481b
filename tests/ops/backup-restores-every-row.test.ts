// db:backup and db:restore: every table and row survives the round trip on SQLite, on PostgreSQL,
// and from SQLite to PostgreSQL and back (an office leaving the embedded default).
import { gunzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthEnv } from '../../src/server/auth';
import {
  act,
  call,
  newKeys,
  openOpsTarget,
  ORIGIN,
  signIn,
  snapshot,
  submitPetition,
  type Kind,
  type OpsTarget,
} from './support';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);

let opened: OpsTarget[] = [];
afterEach(async () => {
  for (const t of opened) await t.cleanup();
  opened = [];
});

async function target(kind: Kind, keys?: Record<string, string>): Promise<OpsTarget> {
  const t = await openOpsTarget(kind, keys);
  opened.push(t);
  return t;
}

/** Rows in most tables, made through the app: petitions (one with an attachment), events, mail, staff sign-in. */
async function fill(env: AuthEnv): Promise<{ id: string; code: string }> {
  const first = await submitPetition(env, {}, { name: '张三的欠条.png', bytes: PNG, type: 'image/png' });
  await submitPetition(env, { title: '引号\'与"换行"\n测试 <b>&amp;</b>', kind: 'suggestion' });
  const cookie = await signIn(env);
  await act(env, cookie, first.id, 'register');
  await act(env, cookie, first.id, 'note', { text: '已电话联系用人单位负责人。' });
  await env.DB.prepare("INSERT INTO meta (key, value) VALUES ('probe', '引号''和换行\n测试')").run();
  return first;
}

async function backup(t: OpsTarget, name = 'backup.jsonl.gz'): Promise<string> {
  const file = join(t.dir, name);
  const r = await t.ops('backup', '--out', file);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toContain('附件内容不在此文件中');
  expect(r.out).toContain(join(t.dir, 'attachments'));
  return file;
}

describe.each(['sqlite', 'postgres'] as const)('db:backup → db:restore on %s', (kind) => {
  it('restores every table and row into a fresh database, which the app then keeps using', async () => {
    const source = await target(kind);
    const first = await fill(source.env);
    const file = await backup(source);
    const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]!) as Record<
      string,
      unknown
    >;
    expect(header).toMatchObject({ format: 'xinfang-backup', version: 1, source: kind, chainHash: 'sha256' });

    const copy = await target(kind, {
      DATA_KEY: source.vars['DATA_KEY']!,
      HASH_KEY: source.vars['HASH_KEY']!,
      SESSION_KEY: source.vars['SESSION_KEY']!,
    });
    const r = await copy.ops('restore', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('审计链完整：2 件信访事项');
    const before = await snapshot(source.db);
    expect(await snapshot(copy.db)).toEqual(before);
    expect(before['petition_events']!.length).toBeGreaterThanOrEqual(4);
    expect(before['attachments']).toHaveLength(1);
    expect(before['staff_sessions']).toHaveLength(1);

    // The restored database takes new events after the restored ones (PostgreSQL's identity moved on).
    const copyEnv = { ...copy.env, ATTACHMENTS: source.env.ATTACHMENTS };
    const cookie = await signIn(copyEnv);
    await act(copyEnv, cookie, first.id, 'note', { text: '恢复后继续办理。' });
    const detail = await call(
      copyEnv,
      new Request(`${ORIGIN}/api/staff/cases/${first.id}`, { headers: { cookie, 'cf-connecting-ip': '192.0.2.1' } }),
    );
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ personal: { name: '张三' } });
    expect((await copy.ops('audit-verify')).code).toBe(0);

    // A second restore would mix rows: refused, unless --force replaces everything.
    const again = await copy.ops('restore', file);
    expect(again.code).toBe(1);
    expect(again.err).toContain('已有数据');
    const forced = await copy.ops('restore', file, '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(await snapshot(copy.db)).toEqual(before);
  });

  it('refuses a cut-short backup and restores nothing', async () => {
    const source = await target(kind);
    await fill(source.env);
    const whole = readFileSync(await backup(source, 'whole.jsonl'))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const cut = join(source.dir, 'cut.jsonl');
    writeFileSync(cut, whole.slice(0, -1).join('\n') + '\n');
    const copy = await target(kind);
    const empty = await snapshot(copy.db);
    const r = await copy.ops('restore', cut);
    expect(r.code).toBe(1);
    expect(r.err).toContain('不完整');
    expect(await snapshot(copy.db)).toEqual(empty);
  });
});

describe('moving between databases', () => {
  it('restores a SQLite backup into PostgreSQL and that one back into SQLite, row for row', async () => {
    const sqlite = await target('sqlite');
    await fill(sqlite.env);
    const keys = {
      DATA_KEY: sqlite.vars['DATA_KEY']!,
      HASH_KEY: sqlite.vars['HASH_KEY']!,
      SESSION_KEY: sqlite.vars['SESSION_KEY']!,
    };
    const pg = await target('postgres', keys);
    const r = await pg.ops('restore', await backup(sqlite));
    expect(r.code, r.err).toBe(0);
    const before = await snapshot(sqlite.db);
    expect(await snapshot(pg.db)).toEqual(before);

    const back = await target('sqlite', keys);
    const r2 = await back.ops('restore', await backup(pg));
    expect(r2.code, r2.err).toBe(0);
    expect(await snapshot(back.db)).toEqual(before);
  });

  it('backs up no table it does not know about', async () => {
    const t = await target('sqlite', newKeys());
    await t.db.exec('CREATE TABLE notes_added_later (id TEXT PRIMARY KEY)');
    const r = await t.ops('backup', '--out', join(t.dir, 'x.jsonl'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('notes_added_later');
  });
});
