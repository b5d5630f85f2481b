// Creates .dev.vars with local development secrets on first run. Never used in production:
// there the secrets are set with `wrangler pages secret put`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const REQUIRED = {
  DATA_KEY: () => randomBytes(32).toString('base64'),
  HASH_KEY: () => randomBytes(32).toString('base64'),
  SESSION_KEY: () => randomBytes(32).toString('base64'),
  DEV_MODE: () => '1',
};

export function ensureDevVars(path = '.dev.vars') {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const have = new Set(current.split('\n').map((l) => l.split('=')[0]?.trim()));
  const add = Object.entries(REQUIRED)
    .filter(([k]) => !have.has(k))
    .map(([k, make]) => `${k}=${make()}`);
  if (add.length > 0) {
    const header = current ? '' : '# Local development secrets, created by npm start. Do not commit.\n';
    writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${header}${add.join('\n')}\n`);
    console.log(`已创建本地开发密钥：${add.map((l) => l.split('=')[0]).join(', ')}（写入 ${path}）`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDevVars();
