// Bundles the Node server (src/server/node/main.ts and everything it imports from src/) into
// build/server.mjs, so `node build/server.mjs` runs it with no TypeScript tooling. Packages stay
// external: they load from node_modules.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
await build({
  entryPoints: [resolve(root, 'src/server/node/main.ts')],
  outfile: resolve(root, 'build/server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log('build/server.mjs');
