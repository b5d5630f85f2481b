// Backup and restore round trip on a real local D1: every table, every row, compared.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../e2e/support/server';
import { d1Query, toolEnv } from '../../scripts/d1-local';

function snapshot(persistTo: string): Record<string, Record<string, unknown>[]> {
  const tables = d1Query(
    persistTo,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).map((r) => String(r.name));
  return Object.fromEntries(tables.map((t) => [t, d1Query(persistTo, `SELECT * FROM "${t}" ORDER BY rowid`)]));
}

describe('db:backup and db:restore', () => {
  it('round-trips every table and row into a fresh database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-backup-'));
    try {
      const source = join(dir, 'source');
      const target = join(dir, 'target');
      applyMigrations(source);
      d1Query(source, "INSERT INTO meta (key, value) VALUES ('probe', '引号''和换行\n测试 <b>&amp;</b>')");
      const file = join(dir, 'backup.sql');
      const b = spawnSync('node', ['scripts/db-backup.mjs', '--persist-to', source, '--out', file], {
        encoding: 'utf8',
        env: toolEnv,
      });
      expect(b.status, b.stderr).toBe(0);
      const r = spawnSync('node', ['scripts/db-restore.mjs', file, '--persist-to', target], {
        encoding: 'utf8',
        env: toolEnv,
      });
      expect(r.status, r.stderr).toBe(0);
      const before = snapshot(source);
      const after = snapshot(target);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(after).toEqual(before);
      expect(after.meta).toContainEqual({ key: 'probe', value: "引号'和换行\n测试 <b>&amp;</b>" });
      // A second restore into the same folder is refused rather than mixing data.
      const again = spawnSync('node', ['scripts/db-restore.mjs', file, '--persist-to', target], {
        encoding: 'utf8',
        env: toolEnv,
      });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('已有本地数据库');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
