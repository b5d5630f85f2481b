import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { CASE_STAGES, RATINGS, REPLY_DECISIONS } from '../../src/lib/workflow';
import { STAFF_ROLES } from '../../src/server/auth';

// The CHECK lists of migrations/0003_staff.sql are copies of the const arrays in the code.
async function checkList(table: string, column: string): Promise<string[]> {
  const sql = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .bind(table)
    .first<string>('sql'))!;
  const m = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql);
  if (!m) throw new Error(`no CHECK list for ${table}.${column}`);
  return m[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
}

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
    ]);
  });
});
