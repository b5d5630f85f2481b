/**
 * Issue 12, findings 3 and 4: wrong digits on a known code are bounded per code, checked and
 * recorded in one atomic step (1,000 concurrent guesses from distinct addresses are answered "miss"
 * at most the limit's number of times), and only misses count: the owner's right answers on
 * tracking, rating and 复查 never use up the code's budget.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/rate-limit';
import { freshIp, postJson, submitOk, track } from './helpers';

const LIMIT = DEFAULT_LIMITS.trackCode.max;
const wrong = (right: string) => String((Number(right) + 1) % 10000).padStart(4, '0');

describe('guesses on one code', () => {
  it('1,000 concurrent wrong guesses from distinct addresses: at most the limit are evaluated', async () => {
    const { code, body } = await submitOk();
    const digits = wrong(String(body['phone']).slice(-4));
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        track(
          postJson(
            '/api/track',
            { code, phoneLast4: digits },
            `2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::1`,
          ),
        ),
      ),
    );
    const statuses = answers.map((r) => r.status);
    const misses = statuses.filter((s) => s === 404).length;
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
    expect(misses).toBeLessThanOrEqual(LIMIT);
    expect(misses).toBeGreaterThan(0);
  }, 120_000);

  it('the owner rates and asks again and again without using up the code’s budget (only misses count)', async () => {
    const { code, body } = await submitOk();
    const phoneLast4 = String(body['phone']).slice(-4);
    // Not replied yet: each of these proves code and digits, then is refused for the case's state (409).
    for (let i = 0; i < LIMIT + 5; i++) {
      const rate = await track(
        postJson('/api/track/rate', { code, phoneLast4, rating: 'satisfied' }, freshIp(), {
          origin: 'https://xinfang.example',
        }),
      );
      expect(rate.status, `rating ${i + 1}`).toBe(409);
      const review = await track(
        postJson(
          '/api/track/review',
          { code, phoneLast4, request: '请求复查处理意见', reasons: '处理意见没有回应我提出的事实。' },
          freshIp(),
          { origin: 'https://xinfang.example' },
        ),
      );
      expect(review.status, `review ${i + 1}`).toBe(409);
      expect((await track(postJson('/api/track', { code, phoneLast4 }, freshIp()))).status).toBe(200);
    }
  });
});
