import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/server/env';
import { call, env, ORIGIN, TARGET } from './helpers';

describe('readiness probe: /api/ready says whether the database answers', () => {
  it('200 {ok, db, runtime, database} when the database answers a query', async () => {
    const r = await call(new Request(`${ORIGIN}/api/ready`));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const [runtime, database] = {
      'workerd+d1': ['cloudflare', 'd1'],
      'node+sqlite': ['node', 'sqlite'],
      'node+postgres': ['node', 'postgres'],
    }[TARGET];
    expect(await r.json()).toEqual({ ok: true, db: true, runtime, database });
  });

  it('503 with Retry-After and a Chinese message when the database fails', async () => {
    const broken = {
      DB: {
        ...env.DB,
        kind: env.DB.kind,
        prepare: () => {
          throw new Error('database unavailable');
        },
      },
    } as unknown as Partial<Env>;
    const r = await call(new Request(`${ORIGIN}/api/ready`), broken);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    const body = await r.json<{ ok: boolean; db: boolean; error: string }>();
    expect(body).toMatchObject({ ok: false, db: false });
    expect(body.error).toMatch(/系统暂时无法处理/);
  });
});
