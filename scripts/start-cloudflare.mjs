// `npm start`: build the portal, prepare the local D1 and serve everything through
// `wrangler pages dev` at http://localhost:8788 (static pages and functions in one server).
import { spawnSync, spawn } from 'node:child_process';
import { ensureDevVars } from './dev-vars.mjs';

const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const port = process.env.PORT ?? '8788';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`命令失败：${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

ensureDevVars();
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);
console.log(`\n门户已启动：http://localhost:${port}/  （按 Ctrl+C 停止）\n`);
const server = spawn(
  'npx',
  ['wrangler', 'pages', 'dev', '--port', port, '--ip', '127.0.0.1', '--show-interactive-dev-session=false'],
  {
    stdio: 'inherit',
    env,
  },
);
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
