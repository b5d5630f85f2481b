import { createPagesEventContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { onRequestGet as ready } from '../../functions/api/ready';
import type { Env } from '../../src/server/env';
import { call, ORIGIN } from './helpers';

describe('readiness probe: /api/ready says whether the database answers', () => {
  it('200 {ok, db} when D1 answers a query', async () => {
    const r = await call(ready, new Request(`${ORIGIN}/api/ready`));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.json()).toEqual({ ok: true, db: true });
  });

  it('503 with Retry-After and a Chinese message when the database fails', async () => {
    const broken = {
      ...(env as unknown as Env),
      DB: {
        prepare: () => {
          throw new Error('D1_ERROR: database unavailable');
        },
      },
    } as unknown as Env;
    const ctx = createPagesEventContext<PagesFunction<Env>>({
      request: new Request(`${ORIGIN}/api/ready`) as Request<unknown, IncomingRequestCfProperties>,
      params: {},
      data: {},
    });
    const r = await ready({ ...ctx, env: broken });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    const body = await r.json<{ ok: boolean; db: boolean; error: string }>();
    expect(body).toMatchObject({ ok: false, db: false });
    expect(body.error).toMatch(/系统暂时无法处理/);
  });
});
