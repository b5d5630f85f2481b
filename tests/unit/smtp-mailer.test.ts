/**
 * Mail through an office's own SMTP server: a real SMTP server (smtp-server) on a free loopback
 * port stands in for it. The outbox on a real SQLite database sends through the SMTP mailer, marks
 * the row sent and drops its body; a refusal (5xx) is permanent, a temporary failure (4xx) retried.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '@/server/env';
import { insertOutboxStatement, processOutbox } from '@/server/mail';
import { smtpMailer } from '@/server/node/smtp-mailer';
import { applyMigrations, migrationsDir } from '@/server/platform/migrate';
import { sqliteDatabase } from '@/server/platform/sqlite';

interface Received {
  to: string[];
  raw: string;
}
const received: Received[] = [];
let refuse: 'none' | 'permanent' | 'temporary' = 'none';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(_address, _session, done) {
    if (refuse === 'permanent') return done(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
    if (refuse === 'temporary') return done(Object.assign(new Error('try again later'), { responseCode: 451 }));
    done();
  },
  onData(stream, session, done) {
    let raw = '';
    stream.on('data', (b: Buffer) => (raw += b.toString()));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      done();
    });
  },
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function outboxEnv(): Promise<Env> {
  const db = sqliteDatabase(join(mkdtempSync(join(tmpdir(), 'xf-smtp-')), 'db.sqlite'));
  await applyMigrations(db, migrationsDir('sqlite'));
  return {
    DB: db,
    DATA_KEY: randomBytes(32).toString('base64'),
    HASH_KEY: randomBytes(32).toString('base64'),
    MAILER: smtpMailer(url, 'xinfang.example.gov.cn'),
    MAIL_FROM: 'xinfang@example.gov.cn',
    MAIL_TIMEOUT_MS: '3000',
  } as unknown as Env;
}

async function queue(env: Env, id: string, to: string): Promise<void> {
  const m = {
    id,
    petitionId: null,
    kind: 'staff-notify',
    to,
    subject: '新的信访事项',
    html: '<p>有新事项</p>',
    text: '有新事项',
  };
  await (await insertOutboxStatement(env, env.DB, m, new Date().toISOString())).run();
}

describe('the outbox sends through an office SMTP server', () => {
  it('delivers once, with the outbox id as Message-ID, and drops the body after sending', async () => {
    refuse = 'none';
    const env = await outboxEnv();
    await queue(env, 'mail-1', 'staff@example.gov.cn');
    expect(await processOutbox(env)).toEqual({ attempted: 1, sent: 1, failed: 0 });
    const mine = received.filter((r) => r.raw.includes('<mail-1@xinfang.example.gov.cn>'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.to).toEqual(['staff@example.gov.cn']);
    expect(mine[0]!.raw).toMatch(/^From: xinfang@example\.gov\.cn/m);
    const row = await env.DB.prepare('SELECT status, html, body_ct FROM mail_outbox WHERE id = ?')
      .bind('mail-1')
      .first();
    expect(row).toEqual({ status: 'sent', html: '', body_ct: null });
    // Nothing is due any more: a second run sends nothing.
    expect(await processOutbox(env)).toEqual({ attempted: 0, sent: 0, failed: 0 });
  });

  it('a refused address (5xx) fails for good; a temporary failure (4xx) is retried later', async () => {
    const env = await outboxEnv();
    refuse = 'permanent';
    await queue(env, 'mail-2', 'nobody@example.gov.cn');
    expect(await processOutbox(env)).toMatchObject({ attempted: 1, failed: 1 });
    expect(await env.DB.prepare('SELECT status FROM mail_outbox WHERE id = ?').bind('mail-2').first('status')).toBe(
      'failed',
    );
    refuse = 'temporary';
    await queue(env, 'mail-3', 'later@example.gov.cn');
    expect(await processOutbox(env)).toMatchObject({ attempted: 1, failed: 1 });
    const row = await env.DB.prepare('SELECT status, attempts, body_ct FROM mail_outbox WHERE id = ?')
      .bind('mail-3')
      .first<{ status: string; attempts: number; body_ct: string | null }>();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.body_ct).not.toBeNull();
    refuse = 'none';
  });
});
