// `npm run retention [-- --years N] [--persist-to DIR] [--now ISO] [--dry-run]`: anonymises closed cases
// whose last change is older than the retention period (default settings.retentionYears, 5 years).
// Kept: kind, issue area, region, status, channel, dates and the audit chain, so statistics survive.
// Removed: the sealed personal data, the phone hash and tracking verifier (no lookup, no linking),
// the free text (title, request, facts may name people), attachments (rows and R2 objects) and the
// mail outbox rows (they hold names and addresses).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STATES } from '../src/lib/workflow.ts';
import { d1Execute, toolEnv } from './d1-local.ts';

const root = resolve(import.meta.dirname, '..');
const settings = JSON.parse(readFileSync(join(root, 'content/settings.json'), 'utf8'));
const { values } = parseArgs({
  options: {
    years: { type: 'string' },
    'persist-to': { type: 'string' },
    now: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const years = Number(values.years ?? settings.retentionYears ?? 5);
if (!Number.isInteger(years) || years < 1) {
  console.error('--years 应为不小于 1 的整数');
  process.exit(2);
}
const now = values.now ? new Date(values.now) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error('--now 应为 ISO 日期时间，例如 2031-01-01T00:00:00Z');
  process.exit(2);
}
const cutoff = new Date(now);
cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
const closed = Object.entries(STATES)
  .filter(([, s]) => s.terminal)
  .map(([k]) => k);
const persist = values['persist-to'] ? ['--persist-to', values['persist-to']] : [];
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

function d1(args) {
  try {
    return d1Execute([...args, '--yes'], values['persist-to']);
  } catch (error) {
    throw new Error(`D1 执行失败：${error.message}`, { cause: error });
  }
}
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

const due = d1([
  '--command',
  `SELECT id FROM petitions WHERE anonymised_at IS NULL AND status IN (${closed.map(q).join(', ')}) AND updated_at < ${q(cutoff.toISOString())}`,
]).map((r) => String(r.id));
console.log(`保存期限 ${years} 年（${cutoff.toISOString().slice(0, 10)} 之前办结的案件）：${due.length} 件待匿名化`);
if (due.length === 0 || values['dry-run']) process.exit(0);

const ids = due.map(q).join(', ');
const keys = d1(['--command', `SELECT r2_key FROM attachments WHERE petition_id IN (${ids})`]).map((r) =>
  String(r.r2_key),
);
const stamp = q(now.toISOString());
const placeholder = q('（已按保存期限匿名化）');
// One file, so the statements run together.
const sql = [
  `UPDATE petitions SET pii_iv = '', pii_ct = '', phone_hash = 'anonymised:' || id, track_verifier = 'anonymised:' || id, has_email = 0, title = ${placeholder}, request = ${placeholder}, facts = ${placeholder}, attachment_count = 0, anonymised_at = ${stamp} WHERE id IN (${ids});`,
  `DELETE FROM attachments WHERE petition_id IN (${ids});`,
  `DELETE FROM mail_outbox WHERE petition_id IN (${ids});`,
].join('\n');
const dir = mkdtempSync(join(tmpdir(), 'xf-retention-'));
try {
  writeFileSync(join(dir, 'retention.sql'), sql);
  d1(['--file', join(dir, 'retention.sql')]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const key of keys) {
  const r = spawnSync(
    process.execPath,
    [wrangler, 'r2', 'object', 'delete', `xinfang-attachments/${key}`, '--local', ...persist],
    { cwd: root, encoding: 'utf8', env: toolEnv },
  );
  if (r.status !== 0) console.error(`附件 ${key} 删除失败（数据库记录已删除）：${r.stderr}`);
}
console.log(`已匿名化 ${due.length} 件，删除附件 ${keys.length} 个`);
