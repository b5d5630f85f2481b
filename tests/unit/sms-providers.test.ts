/**
 * The SMS adapters with their real SDKs (Aliyun Dysmsapi, Tencent Cloud SMS) against local HTTP
 * servers standing in for the providers' APIs (SMS_ENDPOINT points the SDKs at them), through the
 * real outbox on SQLite: what each sends, and that a provider outage delays a message without
 * losing it or sending it twice. The template texts' length and content are checked here too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '@/server/env';
import { applyMigrations, migrationsDir } from '@/server/platform/migrate';
import { aliyunSms } from '@/server/platform/sms-aliyun';
import type { SmsSender } from '@/server/platform/sms';
import { tencentSms } from '@/server/platform/sms-tencent';
import { sqliteDatabase } from '@/server/platform/sqlite';
import {
  insertSmsStatement,
  listSmsOutbox,
  processSmsOutbox,
  renderSms,
  SMS_SEGMENT,
  SMS_TEMPLATES,
} from '@/server/sms';

interface Hit {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A provider stand-in: records each request and answers with the next scripted reply. */
function standIn(reply: (hit: Hit) => { status: number; body: unknown } | 'hang') {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const hit = { url: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      const r = reply(hit);
      if (r === 'hang') return; // never answers: the client times out
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  return {
    hits,
    server,
    async start() {
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
      return `127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((ok) => server.closeAllConnections() ?? server.close(() => ok())),
  };
}

async function outboxEnv(sender: SmsSender): Promise<Env> {
  const db = sqliteDatabase(join(mkdtempSync(join(tmpdir(), 'xf-sms-')), 'db.sqlite'));
  await applyMigrations(db, migrationsDir('sqlite'));
  return {
    DB: db,
    DATA_KEY: randomBytes(32).toString('base64'),
    HASH_KEY: randomBytes(32).toString('base64'),
    SMS: sender,
    SMS_TIMEOUT_MS: '1500',
  } as unknown as Env;
}

async function queue(env: Env, to = '13912345678', code = 'ABCD-EFGH-JKLM'): Promise<string> {
  const id = crypto.randomUUID();
  const stmt = await insertSmsStatement(
    env,
    env.DB,
    { id, petitionId: null, to, template: 'code', params: { code } },
    new Date().toISOString(),
  );
  await stmt.run();
  return id;
}

const later = (minutes: number) => ({ now: new Date(Date.now() + minutes * 60_000) });

describe('template texts', () => {
  it.each(Object.keys(SMS_TEMPLATES) as (keyof typeof SMS_TEMPLATES)[])(
    '%s fits one 70-character segment with the signature and names nothing but the code',
    (key) => {
      const text = renderSms({ SMS_SIGN_NAME: '示例县人民政府信访局' }, key, { code: 'ABCD-EFGH-JKLM' });
      expect(Array.from(text).length).toBeLessThanOrEqual(SMS_SEGMENT);
      expect(SMS_TEMPLATES[key].params).toEqual(['code']);
      expect(text).toContain('ABCD-EFGH-JKLM');
    },
  );
});

describe('Aliyun SMS (SDK against a local stand-in)', () => {
  let mode: 'ok' | 'down' | 'hang' | 'bad-number' = 'ok';
  const api = standIn(() => {
    if (mode === 'hang') return 'hang';
    if (mode === 'down')
      return {
        status: 503,
        body: {
          Code: 'ServiceUnavailable',
          Message: 'The request has failed due to a temporary failure of the server.',
          RequestId: 'r-down',
        },
      };
    if (mode === 'bad-number')
      return { status: 200, body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: 'r-bad' } };
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: `biz-${api.hits.length}`, RequestId: 'r-ok' } };
  });
  let endpoint = '';
  beforeAll(async () => void (endpoint = await api.start()));
  afterAll(() => api.stop());
  const sender = () =>
    aliyunSms({
      accessKeyId: 'LTAI-test',
      accessKeySecret: 'secret',
      signName: '示例县信访局',
      templates: { code: 'SMS_100001', status: 'SMS_100002' },
      endpoint,
    });

  it('sends SendSms with the signature, the template id, the code and the row id as OutId', async () => {
    mode = 'ok';
    const env = await outboxEnv(sender());
    const id = await queue(env);
    expect(await processSmsOutbox(env)).toEqual({ attempted: 1, sent: 1, failed: 0 });
    const hit = api.hits.at(-1)!;
    const all = decodeURIComponent(`${hit.url}&${hit.body}`.replace(/\+/g, ' '));
    expect(hit.headers['x-acs-action']).toBe('SendSms');
    expect(all).toContain('PhoneNumbers=13912345678');
    expect(all).toContain('SignName=示例县信访局');
    expect(all).toContain('TemplateCode=SMS_100001');
    expect(all).toContain('"code":"ABCD-EFGH-JKLM"');
    expect(all).toContain(`OutId=${id}`);
    expect(String(hit.headers['authorization'])).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-test/);
    const [row] = await listSmsOutbox(env);
    expect(row).toMatchObject({ status: 'sent', provider: 'aliyun', params: {} });
  });

  it('waits out an outage and then delivers exactly once', async () => {
    const env = await outboxEnv(sender());
    await queue(env);
    mode = 'down';
    const before = api.hits.length;
    expect((await processSmsOutbox(env)).failed).toBe(1);
    expect((await processSmsOutbox(env)).attempted).toBe(0); // backoff: not due yet
    expect((await processSmsOutbox(env, later(2))).failed).toBe(1);
    mode = 'ok';
    expect((await processSmsOutbox(env, later(10))).sent).toBe(1);
    expect((await processSmsOutbox(env, later(100))).attempted).toBe(0);
    const okHits = api.hits.slice(before).filter((_, i, all) => i === all.length - 1);
    expect(api.hits.length - before).toBe(3);
    expect(okHits).toHaveLength(1);
    expect((await listSmsOutbox(env))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives up on a number the provider refuses for good', async () => {
    mode = 'bad-number';
    const env = await outboxEnv(sender());
    await queue(env);
    await processSmsOutbox(env);
    expect((await listSmsOutbox(env))[0]).toMatchObject({ status: 'failed' });
    expect((await listSmsOutbox(env))[0]!.lastError).toContain('isv.MOBILE_NUMBER_ILLEGAL');
  });

  it('never sends again after an answer that did not come (the provider may have it)', async () => {
    mode = 'hang';
    const env = await outboxEnv(sender());
    await queue(env);
    const before = api.hits.length;
    await processSmsOutbox(env);
    mode = 'ok';
    expect((await processSmsOutbox(env, later(60))).attempted).toBe(0);
    expect(api.hits.length - before).toBe(1);
    expect((await listSmsOutbox(env))[0]).toMatchObject({ status: 'unknown' });
  });
});

describe('Tencent Cloud SMS (SDK against a local stand-in)', () => {
  let mode: 'ok' | 'down' = 'ok';
  const api = standIn(() => {
    if (mode === 'down')
      return {
        status: 200,
        body: { Response: { Error: { Code: 'InternalError.Timeout', Message: '服务内部错误' }, RequestId: 'r-down' } },
      };
    return {
      status: 200,
      body: {
        Response: {
          SendStatusSet: [
            {
              SerialNo: `serial-${api.hits.length}`,
              PhoneNumber: '+8613912345678',
              Fee: 1,
              Code: 'Ok',
              Message: 'send success',
              IsoCode: 'CN',
            },
          ],
          RequestId: 'r-ok',
        },
      },
    };
  });
  let endpoint = '';
  beforeAll(async () => void (endpoint = await api.start()));
  afterAll(() => api.stop());
  const sender = () =>
    tencentSms({
      secretId: 'AKID-test',
      secretKey: 'secret',
      sdkAppId: '1400000001',
      signName: '示例县信访局',
      templates: { code: '100001', status: '100002' },
      endpoint,
    });

  it('sends SendSms in E.164 with the app id, the signature, the template and the code as its one parameter', async () => {
    mode = 'ok';
    const env = await outboxEnv(sender());
    const id = await queue(env);
    expect(await processSmsOutbox(env)).toEqual({ attempted: 1, sent: 1, failed: 0 });
    const hit = api.hits.at(-1)!;
    expect(hit.headers['x-tc-action']).toBe('SendSms');
    expect(String(hit.headers['authorization'])).toContain('TC3-HMAC-SHA256');
    const body = JSON.parse(hit.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      PhoneNumberSet: ['+8613912345678'],
      SmsSdkAppId: '1400000001',
      SignName: '示例县信访局',
      TemplateId: '100001',
      TemplateParamSet: ['ABCD-EFGH-JKLM'],
      SessionContext: id,
    });
    expect((await listSmsOutbox(env))[0]).toMatchObject({
      status: 'sent',
      provider: 'tencent',
      providerId: expect.stringMatching(/^serial-/),
    });
  });

  it('waits out an outage and then delivers exactly once', async () => {
    const env = await outboxEnv(sender());
    await queue(env, '+85291234567');
    mode = 'down';
    const before = api.hits.length;
    await processSmsOutbox(env);
    expect((await listSmsOutbox(env))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    mode = 'ok';
    expect((await processSmsOutbox(env, later(5))).sent).toBe(1);
    expect((await processSmsOutbox(env, later(60))).attempted).toBe(0);
    expect(api.hits.length - before).toBe(2);
    expect((JSON.parse(api.hits.at(-1)!.body) as { PhoneNumberSet: string[] }).PhoneNumberSet).toEqual([
      '+85291234567',
    ]);
  });
});
