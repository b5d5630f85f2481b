// Writes <dist>/_routes.json so that only the paths that have Functions invoke the worker (and its
// security-header middleware); every other static file is served directly. Derived from functions/.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.DIST_DIR ?? 'dist');
const fnDir = join(root, 'functions');
const include = [];
for (const name of readdirSync(fnDir).sort()) {
  const p = join(fnDir, name);
  if (statSync(p).isDirectory()) include.push(`/${name}`, `/${name}/*`);
  else if (name === 'index.ts') include.push('/');
  else if (!name.startsWith('_')) include.push(`/${name.replace(/\.ts$/, '')}`);
}
writeFileSync(join(dist, '_routes.json'), JSON.stringify({ version: 1, include, exclude: [] }, null, 2) + '\n');
console.log(`_routes.json: ${include.join(' ')}`);
