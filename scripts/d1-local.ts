/**
 * `wrangler d1 execute DB --local` from scripts and tests: the one place that spawns it, with the
 * environment that keeps wrangler offline and quiet. Run by Node directly (type stripping): keep to
 * erasable TypeScript.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** The environment for wrangler and astro: no metrics, no network look-ups. */
export const toolEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/**
 * Runs `wrangler d1 execute DB --local --json` with `args` (e.g. `--command SQL` or `--file F`) on
 * the local database under `persistTo` (wrangler's default state when omitted) and returns the rows
 * of every statement. Throws with wrangler's own output when it fails.
 */
export function d1Execute(args: readonly string[], persistTo?: string): Record<string, unknown>[] {
  const r = spawnSync(
    'npx',
    [
      'wrangler',
      'd1',
      'execute',
      'DB',
      '--local',
      ...(persistTo ? ['--persist-to', resolve(persistTo)] : []),
      '--json',
      ...args,
    ],
    { cwd: root, encoding: 'utf8', env: toolEnv, maxBuffer: 1024 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  // Anything wrangler prints before the JSON (a notice) is skipped.
  const parts = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { results?: Record<string, unknown>[] }[];
  return parts.flatMap((p) => p.results ?? []);
}

/** The rows of one SQL text on the local database under `persistTo`. */
export function d1Query(persistTo: string | undefined, sql: string): Record<string, unknown>[] {
  return d1Execute(['--command', sql], persistTo);
}
