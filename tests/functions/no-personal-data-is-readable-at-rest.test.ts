/**
 * Issue 9's promise: no personal data, and no live secret, is readable in any table of the database,
 * on every target. A petition with distinctive personal data (and an attachment whose file name is
 * personal), its mails, a staff sign-in and a staff note go through the real app; then every row of
 * every table is read raw and searched for each secret — the personal data, and the raw session id
 * and sign-in tokens the client holds (issue 12, finding 2) — every value shaped like such a secret
 * is tried against the app, and every stored blob is searched for the file's bytes.
 */
import { describe, expect, it } from 'vitest';
import { asFormFields, env, postMultipart, submit, validPetition } from './helpers';
import { cookieFrom, DEMO_ADMIN, latestLoginToken, request } from './staff-helpers';

const SECRET = {
  name: '欧阳明远',
  phone: '13566778899',
  email: 'ouyang.mingyuan@example.org',
  address: '和平镇幸福村 2046 号',
  idNumber: '11010519491231002X',
};
const FILE_NAME = '欧阳明远身份证正面.pdf';
const SECRET_SMS_PHONE = '13577665544';
const SECRET_REPRESENTATIVE = '司马慧琳';
const SECRET_REPRESENTATIVE_PHONE = '13622334455';
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\nSECRET-PDF-CONTENT-7731');

async function tableNames(): Promise<string[]> {
  const sql =
    env.DB.dialect === 'postgres'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'";
  const { results } = await env.DB.prepare(sql).all<{ name: string }>();
  return results.map((r) => r.name).sort();
}

async function dumpEveryTable(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames()) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${name}`).all();
    out[name] = JSON.stringify(results);
  }
  return out;
}

describe('no personal data and no live secret is readable in any table', () => {
  it('after a petition with an attachment, its mails, a staff sign-in and a staff action', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(asFormFields(validPetition(SECRET)))) form.append(k, v);
    form.append('attachments', new File([PDF], FILE_NAME, { type: 'application/pdf' }));
    const r = await submit(postMultipart('/api/petitions', form));
    expect(r.status).toBe(303);

    // A sign-in mail carries a live token; after signing in, a second one is left unused. The raw
    // values the client holds (the spent and the live token, the session id) are searched for below.
    expect((await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } })).status).toBe(202);
    const spentToken = await latestLoginToken(DEMO_ADMIN);
    const confirmed = await request('POST', '/api/staff/login/confirm', { body: { token: spentToken } });
    expect(confirmed.status).toBe(200);
    const cookie = cookieFrom(confirmed);
    const sessionId = cookie.split('=')[1]!;
    expect((await request('POST', '/api/staff/login', { body: { email: DEMO_ADMIN } })).status).toBe(202);
    const liveToken = await latestLoginToken(DEMO_ADMIN);
    expect(liveToken).not.toBe(spentToken);
    const list = await request('GET', '/api/staff/cases', { cookie });
    expect(list.status).toBe(200);

    // A visit registered by staff (issue 13): a representative's number and the SMS rows it makes.
    const registered = await request('POST', '/api/staff/cases', {
      cookie,
      body: {
        submissionId: crypto.randomUUID(),
        channel: 'visit',
        receivedOn: new Date().toISOString().slice(0, 10),
        oralConfirmed: true,
        ...Object.fromEntries(
          ['region', 'kind', 'issueArea', 'title', 'request', 'facts'].map((k) => [k, validPetition()[k]]),
        ),
        ...SECRET,
        phone: SECRET_SMS_PHONE,
        groupSize: 8,
        representatives: [{ name: SECRET_REPRESENTATIVE, phone: SECRET_REPRESENTATIVE_PHONE }],
      },
    });
    expect(registered.status).toBe(201);

    const tables = await dumpEveryTable();
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(['petitions', 'attachments', 'mail_outbox', 'petition_events']),
    );
    const secrets = [
      ...Object.values(SECRET),
      SECRET.phone.slice(0, 7),
      FILE_NAME,
      liveToken,
      spentToken,
      sessionId,
      SECRET_SMS_PHONE,
      SECRET_SMS_PHONE.slice(0, 7),
      SECRET_REPRESENTATIVE,
      SECRET_REPRESENTATIVE_PHONE,
    ];
    for (const [table, rows] of Object.entries(tables)) {
      for (const s of secrets) expect(rows.includes(s), `${table} holds ${s}`).toBe(false);
    }
    // Nor anything else that would sign in: every value in any table shaped like a client's secret
    // (43 characters of base64url) is tried as a session cookie and as a sign-in link's token.
    const shaped = new Set<string>(
      Object.values(tables).flatMap((rows) =>
        [...rows.matchAll(/(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_+/=-])/g)].map((m) => m[0]),
      ),
    );
    console.log(`values shaped like a client's secret, tried against the app: ${shaped.size}`);
    for (const candidate of shaped) {
      const me = await request('GET', '/api/staff/me', { cookie: `__Host-xf_session=${candidate}` });
      expect(me.status, `a stored value opens a session: ${candidate}`).toBe(401);
      const link = await request('POST', '/api/staff/login/confirm', { body: { token: candidate } });
      expect(link.status, `a stored value signs in: ${candidate}`).toBe(401);
    }
    // The live token still works (the search above would have found it had it been stored).
    expect((await request('POST', '/api/staff/login/confirm', { body: { token: liveToken } })).status).toBe(200);
    // The mails were written (sealed), so the check above did look at them.
    expect(tables['mail_outbox']!.length).toBeGreaterThan(100);
    // Both petitions queued an SMS (sealed), so the SMS rows were looked at too.
    expect((JSON.parse(tables['sms_outbox']!) as unknown[]).length).toBeGreaterThanOrEqual(2);

    // The attachment's bytes are sealed in the blob store too.
    const key = JSON.parse(tables['attachments']!) as { r2_key: string }[];
    expect(key.length).toBeGreaterThan(0);
    const blob = await env.ATTACHMENTS.get(key[0]!.r2_key);
    expect(new TextDecoder().decode(blob!.bytes)).not.toContain('SECRET-PDF-CONTENT-7731');
    expect(JSON.stringify(blob!.meta)).not.toContain(SECRET.name);
  });
});
