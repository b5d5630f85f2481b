/**
 * Issue 12, finding 1: the request's Host never decides a link or an allowed Origin. The suite's
 * env has SITE_URL = ORIGIN (https://xinfang.example); requests here arrive for attacker.example.
 */
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/server/mail';
import { call, env, freshIp, ORIGIN, validPetition } from './helpers';
import { DEMO_ADMIN } from './staff-helpers';

const EVIL = 'http://attacker.example';
const noMail = { RESEND_API_KEY: undefined };

function post(path: string, body: unknown, origin: string): Request {
  return new Request(`${EVIL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp(), origin },
    body: JSON.stringify(body),
  });
}

const absoluteLinks = (text: string) => [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);

describe('absolute links and allowed origins come from the configured site URL', () => {
  it('a sign-in request for another Host with a matching Origin is refused', async () => {
    const r = await call(post('/api/staff/login', { email: DEMO_ADMIN }, EVIL), noMail);
    expect(r.status).toBe(403);
  });

  it('the sign-in link points at SITE_URL whatever Host the request named', async () => {
    const r = await call(post('/api/staff/login', { email: DEMO_ADMIN }, ORIGIN), noMail);
    expect(r.status).toBe(202);
    const mail = (await listOutbox(env, 20)).find((m) => m.kind === 'staff-login' && m.to === DEMO_ADMIN);
    expect(mail).toBeDefined();
    const links = absoluteLinks(`${mail!.text}\n${mail!.html}`);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${ORIGIN}/`), link).toBe(true);
  });

  it('receipt and staff-notify mails link to SITE_URL, not to the Host of the request', async () => {
    const email = `links-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const r = await call(post('/api/petitions', validPetition({ email }), ORIGIN), noMail);
    expect(r.status).toBe(201);
    const { code } = await r.json<{ code: string }>();
    const mails = (await listOutbox(env, 50)).filter((m) => m.subject.includes(code));
    expect(mails.map((m) => m.kind)).toEqual(expect.arrayContaining(['receipt']));
    for (const m of mails) {
      const text = `${m.text}\n${m.html}`;
      expect(text).not.toContain('attacker.example');
      for (const link of absoluteLinks(text)) expect(link.startsWith(`${ORIGIN}/`), link).toBe(true);
    }
  });

  it('the receipt page for another Host shows the SITE_URL tracking link', async () => {
    const r = await call(post('/api/petitions', validPetition(), ORIGIN), noMail);
    const { receiptUrl } = await r.json<{ receiptUrl: string }>();
    const page = await (
      await call(new Request(new URL(receiptUrl, EVIL), { headers: { 'cf-connecting-ip': freshIp() } }))
    ).text();
    expect(page).toContain(`${ORIGIN}/track/`);
    expect(page).not.toContain('attacker.example');
  });
});
