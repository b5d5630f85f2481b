// Starts `wrangler pages dev` on the built dist/ with its own fresh local state, for tests and benches.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ensureDevVars } from '../../../scripts/dev-vars.mjs';
import { toolEnv as wranglerEnv } from '../../../scripts/d1-local.ts';

export interface RunningServer {
  url: string;
  persistTo: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

const toolEnv = { ...wranglerEnv, ASTRO_TELEMETRY_DISABLED: '1' };

export function applyMigrations(persistTo: string): void {
  const r = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    env: toolEnv,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`migrations failed: ${r.stderr || r.stdout}`);
}

export async function startServer(opts: {
  port: number;
  persistTo: string;
  fresh?: boolean;
  vars?: Record<string, string>;
}): Promise<RunningServer> {
  ensureDevVars();
  if (opts.fresh !== false) rmSync(opts.persistTo, { recursive: true, force: true });
  applyMigrations(opts.persistTo);
  const args = [
    'wrangler',
    'pages',
    'dev',
    process.env.DIST_DIR ?? 'dist',
    '--port',
    String(opts.port),
    '--ip',
    '127.0.0.1',
  ];
  args.push('--persist-to', opts.persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn');
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push('--binding', `${k}=${v}`);
  const proc = spawn('npx', args, { env: toolEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  proc.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wrangler pages dev exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      process.kill(-proc.pid!, 'SIGKILL');
      throw new Error(`wrangler pages dev did not start within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    persistTo: opts.persistTo,
    proc,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      try {
        process.kill(-proc.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) process.kill(-proc.pid!, 'SIGKILL');
    },
  };
}
