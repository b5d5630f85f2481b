// `npm start`: build the portal and serve it from one Node process at http://localhost:8788 —
// static pages, the app and an embedded SQLite database in ./data (PostgreSQL when DATABASE_URL is
// set). No account, no network, no wrangler. `--no-build` reuses the last build.
import { spawnSync, spawn } from 'node:child_process';
import { ensureDevVars } from './dev-vars.mjs';

const port = process.env.PORT ?? '8788';
const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  PORT: port,
  SITE_URL: process.env.SITE_URL ?? `http://localhost:${port}`,
};

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`命令失败：${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

ensureDevVars();
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
else run('node', ['scripts/build-server.mjs']);
const server = spawn(process.execPath, ['--enable-source-maps', 'build/server.mjs'], { stdio: 'inherit', env });
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
