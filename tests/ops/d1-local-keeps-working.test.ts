// The Cloudflare target's path (--d1-local): wrangler's export and execute for backup and restore,
// the same audit and retention code on miniflare's D1 and R2. Slow (wrangler and workerd start).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { d1Query } from '../../scripts/d1-local';
import { runOps } from '../../src/server/node/ops';
import { applyD1Migrations } from '../e2e/support/server';

const root = resolve(import.meta.dirname, '../..');

async function ops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOps(args, {
    env: { ...process.env, DEV_VARS_FILE: '/nonexistent/.dev.vars' },
    cwd: root,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function snapshot(persistTo: string): Record<string, Record<string, unknown>[]> {
  const tables = d1Query(
    persistTo,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).map((r) => String(r['name']));
  return Object.fromEntries(tables.map((t) => [t, d1Query(persistTo, `SELECT * FROM "${t}" ORDER BY rowid`)]));
}

describe('--d1-local', () => {
  it('backs up, restores (refusing a used folder), verifies and runs retention on the local D1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-ops-d1-'));
    try {
      const source = join(dir, 'source');
      const target = join(dir, 'target');
      applyD1Migrations(source);
      d1Query(source, "INSERT INTO meta (key, value) VALUES ('probe', '引号''和换行\n测试 <b>&amp;</b>')");
      const file = join(dir, 'backup.sql');
      const b = await ops('backup', '--d1-local', '--persist-to', source, '--out', file);
      expect(b.code, b.err).toBe(0);
      const r = await ops('restore', file, '--d1-local', '--persist-to', target);
      expect(r.code, r.err).toBe(0);
      expect(snapshot(target)).toEqual(snapshot(source));
      const again = await ops('restore', file, '--d1-local', '--persist-to', target);
      expect(again.code).toBe(1);
      expect(again.err).toContain('已有本地数据库');

      const audit = await ops('audit-verify', '--d1-local', '--persist-to', target);
      expect(audit.code, audit.err).toBe(0);
      expect(audit.out).toContain('审计链完整');
      const retention = await ops('retention', '--d1-local', '--persist-to', target, '--dry-run');
      expect(retention.code, retention.err).toBe(0);
      expect(retention.out).toContain('0 件待匿名化');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 480_000); // About 2 minutes alone (one wrangler process per step); twice that on a loaded machine.
});
