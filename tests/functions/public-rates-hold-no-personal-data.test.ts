/**
 * Issue 14: the public 三率 (GET /api/stats/rates and the page /stats/) carry figures only — no
 * name, phone, address, code or words of any petition — and withhold every count from 1 to 4.
 * The staff figures (GET /api/staff/stats) show every count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/lib/tracking-code';
import { regionIds } from '../../src/lib/settings';
import { call, ORIGIN, submitOk } from './helpers';
import { act, authEnv, DEMO_HANDLER, request, signIn } from './staff-helpers';

const PERSON = {
  name: '慕容雪晴',
  phone: '13955554444',
  email: 'murong.xq@example.org',
  address: '青山乡示例村 88 号',
};
const TITLE = '宅基地确权纠纷一事';

describe('the public 三率', () => {
  const codes: string[] = [];
  beforeAll(async () => {
    const cookie = await signIn(DEMO_HANDLER);
    // Six cases in the first town and one in the second, each registered and transferred at once.
    for (const region of [...Array(6).fill(regionIds[0]), regionIds[1]] as string[]) {
      const { code } = await submitOk({ ...PERSON, region, title: TITLE });
      codes.push(normaliseCode(code));
      const row = await authEnv.DB.prepare('SELECT id FROM petitions WHERE code = ?')
        .bind(normaliseCode(code))
        .first<{ id: string }>();
      expect((await act(cookie, row!.id, 'register')).status).toBe(200);
      expect((await act(cookie, row!.id, 'transfer', { unit: '县自然资源局' })).status).toBe(200);
    }
  });

  it('answers JSON with the rates, a town of one case withheld, and no personal field', async () => {
    const r = await call(new Request(`${ORIGIN}/api/stats/rates`));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await r.text();
    for (const secret of [...Object.values(PERSON), TITLE, ...codes]) expect(text).not.toContain(secret);
    const body = JSON.parse(text) as {
      suppressBelow: number;
      note: string;
      total: { rates: Record<string, { rate: number | null; den: number | null; suppressed: boolean }> };
      regions: {
        key: string;
        rates: Record<string, { rate: number | null; den: number | null; suppressed: boolean }>;
      }[];
    };
    expect(body.suppressBelow).toBe(5);
    expect(body.note).toContain('少于 5 件');
    expect(body.total.rates['accept']!.den).toBeGreaterThanOrEqual(7);
    const first = body.regions.find((x) => x.key === regionIds[0])!;
    const second = body.regions.find((x) => x.key === regionIds[1])!;
    expect(first.rates['accept']).toEqual({ rate: 100, den: 6, suppressed: false });
    expect(second.rates['accept']).toEqual({ rate: null, den: null, suppressed: true });
    // Nothing listed under a key a person could be found by.
    expect(text).not.toMatch(/"(name|phone|email|address|idNumber|code|title|request|facts)"/);
  });

  it('shows the same on a page that needs no script, saying why small counts are missing', async () => {
    const r = await call(new Request(`${ORIGIN}/stats/`));
    expect(r.status).toBe(200);
    const page = await r.text();
    for (const secret of [...Object.values(PERSON), TITLE, ...codes]) expect(page).not.toContain(secret);
    expect(page).toContain('为保护信访人的个人信息，任何少于 5 件的数字都不公布');
    expect(page).toContain('不足 5 件，不公布');
    expect(page).toMatch(/<table class="stats-table">/);
    expect(page).toMatch(/<svg [^>]*aria-hidden="true"/);
    expect(page).not.toMatch(/<script/);
  });

  it('refuses months it cannot read with a 400 naming the field, and the page falls back to the default months', async () => {
    const r = await call(new Request(`${ORIGIN}/api/stats/rates?from=2026-13&to=2999-01`));
    expect(r.status).toBe(400);
    expect(Object.keys((await r.json<{ fields: object }>()).fields).sort()).toEqual(['from']);
    expect((await call(new Request(`${ORIGIN}/stats/?from=junk`))).status).toBe(200);
  });

  it('gives staff every count, small ones too', async () => {
    const r = await request('GET', '/api/staff/stats', { cookie: await signIn(DEMO_HANDLER) });
    expect(r.status).toBe(200);
    const body = await r.json<{ regions: { key: string; rates: Record<string, { num: number; den: number }> }[] }>();
    expect(body.regions.find((x) => x.key === regionIds[1])!.rates['accept']).toMatchObject({ num: 1, den: 1 });
  });
});
