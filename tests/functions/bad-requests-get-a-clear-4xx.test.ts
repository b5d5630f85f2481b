import { describe, expect, it } from 'vitest';
import { call, env, freshIp, ORIGIN, postJson, submit, track } from './helpers';
import { MAX_MULTIPART_BODY_BYTES, MAX_TEXT_BODY_BYTES } from '../../src/server/petition-routes';

describe('requests the API cannot take are answered with a clear 4xx, never a 5xx', () => {
  it('400 for JSON that does not parse', async () => {
    const r = await submit(postJson('/api/petitions', '{"name": "张三",'));
    expect(r.status).toBe(400);
    expect((await r.json<{ error: string }>()).error).toMatch(/格式不正确/);
  });

  it('400 for a body that is not UTF-8', async () => {
    const r = await submit(
      new Request(`${ORIGIN}/api/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      }),
    );
    expect(r.status).toBe(400);
  });

  it('415 for a content type it does not take', async () => {
    for (const type of ['text/plain', 'application/xml', '']) {
      const r = await submit(
        new Request(`${ORIGIN}/api/petitions`, {
          method: 'POST',
          headers: { 'content-type': type, 'cf-connecting-ip': freshIp() },
          body: 'x',
        }),
      );
      expect(r.status).toBe(415);
    }
    const t = await track(
      new Request(`${ORIGIN}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'cf-connecting-ip': freshIp() },
        body: '--x--',
      }),
    );
    expect(t.status).toBe(415);
  });

  it('413 when Content-Length announces too much', async () => {
    const r = await submit(
      postJson('/api/petitions', '{}', freshIp(), { 'content-length': String(MAX_TEXT_BODY_BYTES + 1) }),
    );
    expect(r.status).toBe(413);
  });

  it('413 when the body is larger than it claimed (or claimed nothing)', async () => {
    const big = 'x'.repeat(MAX_TEXT_BODY_BYTES + 10);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(`{"name":"${big}"}`));
        c.close();
      },
    });
    const r = await submit(
      new Request(`${ORIGIN}/api/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(r.status).toBe(413);
  });

  it('413 for a multipart body beyond five full attachments', async () => {
    const r = await submit(
      new Request(`${ORIGIN}/api/petitions`, {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=b',
          'content-length': String(MAX_MULTIPART_BODY_BYTES + 1),
          'cf-connecting-ip': freshIp(),
        },
        body: '--b--',
      }),
    );
    expect(r.status).toBe(413);
  });

  it('400 for a broken multipart body', async () => {
    const r = await submit(
      new Request(`${ORIGIN}/api/petitions`, {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=zzz',
          accept: 'application/json',
          'cf-connecting-ip': freshIp(),
        },
        body: '--zzz\r\nContent-Disposition: form-data; name="name"\r\n\r\nunterminated',
      }),
    );
    expect([400, 422]).toContain(r.status);
  });

  it('405 for other methods, naming the one that works', async () => {
    const r = await call(new Request(`${ORIGIN}/api/petitions`, { method: 'GET' }));
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await r.json<{ error: string }>()).error).toBe('不支持这种请求方式');
    const staff = await call(new Request(`${ORIGIN}/api/staff/cases/abc/actions/accept`, { method: 'GET' }));
    expect(staff.status).toBe(405);
    expect(staff.headers.get('allow')).toBe('POST');
  });

  it('a JSON 404 for an API path that does not exist', async () => {
    for (const path of ['/api/nothing', '/api/staff/cases/a/b/c', '/api/outbox/process']) {
      const r = await call(new Request(`${ORIGIN}${path}`, { method: 'GET' }));
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect((await r.json<{ error: string }>()).error).toMatch(/没有这个接口/);
    }
  });

  it('keeps working after all of that: the database is untouched by refused requests', async () => {
    const n = await env.DB.prepare('SELECT count(*) AS n FROM petitions').first<number>('n');
    expect(n).toBe(0);
  });
});
