// Retention: closed cases older than the period lose their personal data; statistics survive.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../e2e/support/server';
import { d1Query, toolEnv } from '../../scripts/d1-local';

const row = (id: string, status: string, updated: string, kind = 'claim') =>
  `('${id}', '${id.padEnd(12, 'X').slice(0, 12)}', 'sub-${id}', '${status}', '${kind}', 'land', 'chengguan', '张三家门口的路灯', '请维修 张三 13800001111', '张三住在人民路 8 号', 'iv-${id}', 'ct-${id}', 'phonehash-${id}', 'verifier-${id}', 1, '2019-03-01T00:00:00.000Z', '${updated}')`;

const STATS =
  'SELECT kind, issue_area, region, status, substr(created_at, 1, 7) AS month, COUNT(*) AS n FROM petitions GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5';

describe('npm run retention', () => {
  it('anonymises closed cases past the period and keeps the statistics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-retention-test-'));
    try {
      applyMigrations(dir);
      d1Query(
        dir,
        `INSERT INTO petitions (id, code, submission_id, status, kind, issue_area, region, title, request, facts, pii_iv, pii_ct, phone_hash, track_verifier, has_email, created_at, updated_at) VALUES ${[
          row('oldclosed1', 'closed', '2020-01-10T00:00:00.000Z'),
          row('oldclosed2', 'closed_final', '2020-06-10T00:00:00.000Z', 'suggestion'),
          row('oldopen', 'accepted', '2020-01-10T00:00:00.000Z'),
          row('newclosed', 'closed', '2026-10-01T00:00:00.000Z'),
        ].join(', ')}`,
      );
      d1Query(
        dir,
        "INSERT INTO mail_outbox (id, petition_id, kind, to_iv, to_ct, subject, html, text, next_attempt_at, idempotency_key, created_at) VALUES ('m1', 'oldclosed1', 'receipt', 'iv', 'ct', '回执', '<p>张三</p>', '张三', '2020-01-01', 'k1', '2020-01-01'), ('m2', 'newclosed', 'receipt', 'iv', 'ct', '回执', '<p>李四</p>', '李四', '2026-10-01', 'k2', '2026-10-01')",
      );
      const before = d1Query(dir, STATS);
      const r = spawnSync('node', ['scripts/retention.mjs', '--persist-to', dir, '--now', '2026-11-22T00:00:00Z'], {
        encoding: 'utf8',
        env: toolEnv,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('已匿名化 2 件');
      expect(d1Query(dir, STATS)).toEqual(before);
      const rows = d1Query(
        dir,
        'SELECT id, pii_ct, phone_hash, track_verifier, title, request, facts, anonymised_at FROM petitions ORDER BY id',
      );
      const byId = Object.fromEntries(rows.map((x) => [String(x.id), x]));
      for (const id of ['oldclosed1', 'oldclosed2']) {
        const text = JSON.stringify(byId[id]);
        expect(text).not.toContain('张三');
        expect(text).not.toContain('13800001111');
        expect(byId[id]!.pii_ct).toBe('');
        expect(byId[id]!.phone_hash).not.toBe(`phonehash-${id}`);
        expect(byId[id]!.anonymised_at).toBe('2026-11-22T00:00:00.000Z');
      }
      for (const id of ['oldopen', 'newclosed']) {
        expect(byId[id]!.pii_ct).toBe(`ct-${id}`);
        expect(byId[id]!.anonymised_at).toBeNull();
      }
      expect(d1Query(dir, 'SELECT id FROM mail_outbox ORDER BY id')).toEqual([{ id: 'm2' }]);
      // Running it again finds nothing more to do.
      const again = spawnSync('node', ['scripts/retention.mjs', '--persist-to', dir, '--now', '2026-11-22T00:00:00Z'], {
        encoding: 'utf8',
        env: toolEnv,
      });
      expect(again.stdout).toContain('0 件待匿名化');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
