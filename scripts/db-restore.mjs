// `npm run db:restore -- FILE [--persist-to DIR] [--force]`: loads a backup made by db:backup into a
// FRESH local database. The target state folder (default .wrangler/state) must hold no database yet,
// unless --force, which deletes it first, so a restore never mixes old and restored rows.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toolEnv } from './d1-local.ts';

const { values, positionals } = parseArgs({
  options: { 'persist-to': { type: 'string' }, force: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file || !existsSync(file)) {
  console.error('用法：npm run db:restore -- <备份文件.sql> [--persist-to 目录] [--force]');
  process.exit(2);
}
const persistTo = values['persist-to'] ?? '.wrangler/state';
const d1Dir = join(persistTo, 'v3', 'd1');
if (existsSync(d1Dir) && readdirSync(d1Dir).length > 0) {
  if (!values.force) {
    console.error(
      `目标 ${persistTo} 已有本地数据库。为避免混入旧数据，请换一个 --persist-to 目录，或加 --force 先删除它。`,
    );
    process.exit(1);
  }
  rmSync(d1Dir, { recursive: true, force: true });
}
const r = spawnSync(
  'npx',
  ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes'],
  {
    encoding: 'utf8',
    env: toolEnv,
  },
);
if (r.status !== 0) {
  console.error(`恢复失败：\n${r.stderr || r.stdout}`);
  process.exit(1);
}
console.log(`已从 ${file} 恢复到 ${persistTo}`);
