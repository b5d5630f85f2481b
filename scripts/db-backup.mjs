// `npm run db:backup [-- --persist-to DIR] [--out FILE]`: exports the local D1 (schema and data) to a
// dated SQL file in backups/ with `wrangler d1 export`. For the production database use
// `npx wrangler d1 export DB --remote --output FILE` with an account.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toolEnv } from './d1-local.ts';

const { values } = parseArgs({ options: { 'persist-to': { type: 'string' }, out: { type: 'string' } } });
const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..+/, '');
const out = values.out ?? `backups/xinfang-${stamp}.sql`;
mkdirSync(dirname(out), { recursive: true });
const root = resolve(import.meta.dirname, '..');
// `wrangler d1 export` has no --persist-to: for another state folder, run it from a scratch project
// whose .wrangler/state points at that folder.
let cwd = root;
if (values['persist-to']) {
  cwd = mkdtempSync(join(tmpdir(), 'xf-export-'));
  copyFileSync(join(root, 'wrangler.toml'), join(cwd, 'wrangler.toml'));
  mkdirSync(join(cwd, '.wrangler'));
  symlinkSync(resolve(values['persist-to']), join(cwd, '.wrangler', 'state'));
}
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const r = spawnSync(process.execPath, [wrangler, 'd1', 'export', 'DB', '--local', '--output', resolve(out)], {
  cwd,
  encoding: 'utf8',
  env: toolEnv,
});
if (cwd !== root) rmSync(cwd, { recursive: true, force: true });
if (r.status !== 0) {
  console.error(`备份失败：\n${r.stderr || r.stdout}`);
  process.exit(1);
}
console.log(`已备份到 ${out}（${statSync(out).size} 字节）`);
