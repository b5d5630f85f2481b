import { describe, expect, it } from 'vitest';
import { env } from './helpers';
import { checkList } from './helpers';
import { CASE_STAGES, RATINGS, REPLY_DECISIONS } from '../../src/lib/workflow';
import { STAFF_ROLES } from '../../src/server/auth';

describe('the case-handling tables follow the lists in the code', () => {
  it.each([
    ['petitions', 'stage', [...CASE_STAGES]],
    ['staff', 'role', [...STAFF_ROLES]],
    ['ratings', 'rating', [...RATINGS]],
    ['reply_templates', 'decision', [...REPLY_DECISIONS]],
  ])('%s.%s', async (table, column, values) => {
    expect(await checkList(table, column)).toEqual(values);
  });

  it('marks the seeded staff accounts as demo accounts', async () => {
    const { results } = await env.DB.prepare('SELECT email, demo FROM staff ORDER BY email').all<{
      email: string;
      demo: number;
    }>();
    expect(results).toEqual([
      { email: 'admin@example.gov.cn', demo: 1 },
      { email: 'handler@example.gov.cn', demo: 1 },
      // The demo leader of the backlog ledger (migration 0017).
      { email: 'leader@example.gov.cn', demo: 1 },
    ]);
  });
});
