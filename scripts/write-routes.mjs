// Writes <dist>/_routes.json for Cloudflare Pages: only the paths the app (src/server/app.ts) answers
// itself invoke the function; every other static file is served directly by Pages. The Node server
// needs no such file: it asks the app first and serves dist/ for the rest.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.DIST_DIR ?? 'dist');
// Kept in step with the page routes of src/server/app.ts (tests/unit/routes-file.test.ts checks it).
export const FUNCTION_PATHS = [
  '/',
  '/api/*',
  '/dev/*',
  '/petition',
  '/petition/*',
  '/schedules',
  '/schedules/*',
  '/staff/login',
  '/staff/login/*',
  '/track',
  '/track/*',
  '/stats',
  '/stats/*',
  '/elder',
  '/elder/*',
];
writeFileSync(
  join(dist, '_routes.json'),
  JSON.stringify({ version: 1, include: FUNCTION_PATHS, exclude: [] }, null, 2) + '\n',
);
console.log(`_routes.json: ${FUNCTION_PATHS.join(' ')}`);
