// Bundles the Node server (src/server/node/main.ts and everything it imports from src/) into
// build/server.mjs, and the operator's commands (src/server/node/ops.ts) into build/ops.mjs, so
// both run with no TypeScript tooling. Packages stay external: they load from node_modules.
// `node scripts/build-server.mjs ops` builds only build/ops.mjs (the npm scripts of the commands).
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bundles = [
  { name: 'server', entry: 'src/server/node/main.ts' },
  { name: 'ops', entry: 'src/server/node/ops.ts' },
].filter((b) => process.argv.length <= 2 || process.argv.slice(2).includes(b.name));
for (const b of bundles) {
  await build({
    entryPoints: [resolve(root, b.entry)],
    outfile: resolve(root, `build/${b.name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  console.log(`build/${b.name}.mjs`);
}
